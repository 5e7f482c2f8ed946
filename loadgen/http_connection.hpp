// HttpConnection: one keep-alive HTTP/1.1 client connection to the target. `exchange` writes a
// ready-made request and reads one response under one deadline for the whole attempt (connect,
// write, read), reconnecting first if the connection is closed, and classifies how it ended. The
// buffers (read buffer, captured body) are reused, so a steady keep-alive exchange does not allocate.
// Not thread-safe: a connection belongs to one io_context and runs one exchange at a time.
#pragma once
#include <chrono>
#include <cstdint>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include "loadgen/http_request.hpp"
#include "loadgen/response_reader.hpp"

namespace slotrush::loadgen {

struct ExchangeResult {
  Outcome outcome = Outcome::reset;
  std::chrono::steady_clock::time_point sent_at;  // when the request went on the wire (or was tried)
};

class HttpConnection {
 public:
  static constexpr std::uint64_t kBodyLimit = 8 * 1024 * 1024;

  HttpConnection(boost::asio::any_io_executor executor, boost::asio::ip::tcp::endpoint endpoint);

  // One attempt. The response's status, Retry-After and (if capture().keep_body) body are in
  // capture() afterwards. Never throws; an I/O error is an outcome.
  boost::asio::awaitable<ExchangeResult> exchange(std::string_view request_wire,
                                                  std::chrono::steady_clock::duration timeout);

  ResponseCapture& capture() { return capture_; }
  bool is_open() const { return open_; }
  std::uint64_t connects() const { return connects_; }
  void close();

 private:
  boost::asio::awaitable<Outcome> write_and_read(std::string_view request_wire, bool& got_bytes);

  boost::beast::tcp_stream stream_;
  boost::asio::ip::tcp::endpoint endpoint_;
  boost::beast::flat_buffer buffer_;
  ResponseCapture capture_;
  bool open_ = false;
  std::uint64_t connects_ = 0;
};

// Outcome of an answered response by status: 2xx/3xx success, 4xx, 5xx (1xx and others: reset).
Outcome outcome_of_status(int status);
// How a failed read of a response ends: timeout, reset (the socket), or protocol_error (not HTTP).
Outcome outcome_of_read_error(const boost::beast::error_code& ec);

}  // namespace slotrush::loadgen
