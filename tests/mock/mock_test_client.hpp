// Small loopback clients for the mock server's tests: a keep-alive HTTP client whose every call is
// bounded in time (async operations on a private io_context run for at most the timeout), and a raw
// exchange for bytes no well-behaved client would send.
#pragma once
#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace slotrush::mock::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Headers = std::vector<std::pair<std::string, std::string>>;

class TestClient {
 public:
  explicit TestClient(tcp::endpoint server, std::chrono::milliseconds timeout = std::chrono::seconds(5))
      : server_(server), timeout_(timeout), stream_(ioc_) {}

  bool connect() {
    beast::error_code result = asio::error::timed_out;
    stream_.expires_after(timeout_);
    stream_.async_connect(server_, [&](beast::error_code ec) { result = ec; });
    run();
    return !result;
  }

  // One request on the kept-alive connection (connects first if needed); nullopt on any failure.
  std::optional<http::response<http::string_body>> request(http::verb method, std::string target,
                                                            std::string body = {}, const Headers& headers = {}) {
    if (!stream_.socket().is_open() && !connect()) return std::nullopt;
    auto req = make_request(method, std::move(target), std::move(body), headers);
    return exchange(req);
  }

  // Sends one request without reading the answer (read it later with read_response()).
  bool send(http::verb method, std::string target, std::string body = {}, const Headers& headers = {}) {
    if (!stream_.socket().is_open() && !connect()) return false;
    auto req = make_request(method, std::move(target), std::move(body), headers);
    beast::error_code result = asio::error::timed_out;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) { result = ec; });
    run();
    return !result;
  }

  static http::request<http::string_body> make_request(http::verb method, std::string target, std::string body,
                                                       const Headers& headers) {
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
  }

  std::optional<http::response<http::string_body>> exchange(http::request<http::string_body>& req) {
    beast::error_code failure = asio::error::timed_out;
    http::response<http::string_body> res;
    stream_.expires_after(timeout_);
    http::async_write(stream_, req, [&](beast::error_code ec, std::size_t) {
      if (ec) {
        failure = ec;
        return;
      }
      http::async_read(stream_, buffer_, res, [&](beast::error_code ec2, std::size_t) { failure = ec2; });
    });
    run();
    if (failure) {
      close();
      return std::nullopt;
    }
    return res;
  }

  // Reads one response without sending anything (a server that answers a refused connection).
  std::optional<http::response<http::string_body>> read_response() {
    beast::error_code failure = asio::error::timed_out;
    http::response<http::string_body> res;
    stream_.expires_after(timeout_);
    http::async_read(stream_, buffer_, res, [&](beast::error_code ec, std::size_t) { failure = ec; });
    run();
    if (failure) return std::nullopt;
    return res;
  }

  // True once the server has closed the connection (EOF or reset within the timeout).
  bool closed_by_server() {
    bool closed = false;
    char byte = 0;
    stream_.expires_after(timeout_);
    stream_.async_read_some(asio::buffer(&byte, 1), [&](beast::error_code ec, std::size_t) {
      closed = ec && ec != beast::error::timeout;
    });
    run();
    return closed;
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().close(ignored);
  }

  tcp::socket& socket() { return stream_.socket(); }

 private:
  void run() {
    ioc_.restart();
    ioc_.run_for(timeout_ + std::chrono::seconds(1));
  }

  tcp::endpoint server_;
  std::chrono::milliseconds timeout_;
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
};

// Sends raw bytes and returns everything the server sends back until it closes or the timeout.
inline std::string raw_exchange(tcp::endpoint server, const std::string& bytes,
                                std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  std::string reply;
  std::array<char, 4096> chunk{};
  std::function<void()> read_more = [&] {
    stream.async_read_some(asio::buffer(chunk), [&](beast::error_code ec, std::size_t n) {
      reply.append(chunk.data(), n);
      if (!ec) read_more();
    });
  };
  stream.expires_after(timeout);
  stream.async_connect(server, [&](beast::error_code ec) {
    if (ec) return;
    asio::async_write(stream, asio::buffer(bytes), [&](beast::error_code ec2, std::size_t) {
      if (!ec2) read_more();
    });
  });
  ioc.run_for(timeout + std::chrono::seconds(1));
  return reply;
}

inline int status_of(const std::string& raw_reply) {
  if (raw_reply.size() < 12 || raw_reply.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(raw_reply.substr(9, 3));
}

}  // namespace slotrush::mock::test
