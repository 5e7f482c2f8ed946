// ResponseReader: a lean HTTP/1.1 response parser for the hot path. It keeps the status, keep-alive,
// Retry-After and (when asked) the body in buffers the connection reuses, instead of building a
// beast::http::response with a field list per response. Bodies beyond the limit end the exchange
// with http::error::body_limit. One reader parses one response; construct a new one for the next.
#pragma once
#include <cstdint>
#include <string>

#include <boost/beast/http/basic_parser.hpp>

namespace slotrush::loadgen {

// What the connection keeps of a response; its strings keep their capacity between responses.
struct ResponseCapture {
  int status = 0;
  bool keep_body = false;  // set by the caller: copy the body into `body`?
  std::string body;
  std::string retry_after;

  void clear() {
    status = 0;
    body.clear();
    retry_after.clear();
  }
};

class ResponseReader final : public boost::beast::http::basic_parser<false> {
 public:
  using error_code = boost::beast::error_code;
  using string_view = boost::beast::string_view;

  ResponseReader(ResponseCapture& capture, std::uint64_t body_limit) : capture_(capture) {
    this->body_limit(body_limit);
  }

 private:
  void on_request_impl(boost::beast::http::verb, string_view, string_view, int, error_code&) override {}
  void on_response_impl(int code, string_view, int, error_code&) override { capture_.status = code; }
  void on_field_impl(boost::beast::http::field name, string_view, string_view value,
                     error_code&) override {
    if (name == boost::beast::http::field::retry_after) capture_.retry_after.assign(value.data(), value.size());
  }
  void on_header_impl(error_code&) override {}
  void on_body_init_impl(const boost::optional<std::uint64_t>&, error_code&) override {}
  std::size_t on_body_impl(string_view body, error_code&) override {
    if (capture_.keep_body) capture_.body.append(body.data(), body.size());
    return body.size();
  }
  void on_chunk_header_impl(std::uint64_t, string_view, error_code&) override {}
  std::size_t on_chunk_body_impl(std::uint64_t, string_view body, error_code& ec) override {
    return on_body_impl(body, ec);
  }
  void on_finish_impl(error_code&) override {}

  ResponseCapture& capture_;
};

}  // namespace slotrush::loadgen
