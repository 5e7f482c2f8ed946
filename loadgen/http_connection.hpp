// HttpConnection: one keep-alive HTTP/1.1 client connection to the target. `exchange` writes a
// ready-made request and reads one response under one deadline for the whole attempt (connect,
// write, read), reconnecting first if the connection is closed, and classifies how it ended. The
// buffers (read buffer, captured body) are reused, so a steady keep-alive exchange does not allocate.
// Hot path: a plain socket, no composed operations. The request goes with one send when the socket
// takes it; the response is read with async_read_some into ResponseReader. One timer per connection
// enforces the deadlines: it is re-armed only when a deadline moves earlier, so back-to-back
// exchanges cost no timer operation; release_timer() lets it go when no exchange follows soon.
// Not thread-safe: a connection belongs to one io_context and runs one exchange at a time.
#pragma once
#include <chrono>
#include <cstdint>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>

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
  // No exchange follows soon (the loop that drives it ended, or it went idle in a pool): the deadline
  // timer is cancelled, so it keeps no work on the io_context. The connection stays open.
  void release_timer();

 private:
  using Clock = std::chrono::steady_clock;
  boost::asio::awaitable<Outcome> write_and_read(std::string_view request_wire, bool& got_bytes);
  // Sets the deadline of the attempt; the timer is re-armed only when it would fire too late.
  void set_deadline(Clock::time_point deadline);
  void arm_timer();
  // An operation's error as the attempt sees it: beast::error::timeout once the deadline cut it.
  boost::beast::error_code timed(const boost::beast::error_code& ec) const;

  boost::asio::ip::tcp::socket socket_;
  boost::asio::ip::tcp::endpoint endpoint_;
  boost::beast::flat_buffer buffer_;
  ResponseCapture capture_;
  boost::asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();  // of the exchange running; max() when none
  bool armed_ = false;        // a wait is pending on timer_, at timer_.expiry()
  bool timed_out_ = false;    // the timer cut the current exchange
  bool open_ = false;
  std::uint64_t connects_ = 0;
};

// Outcome of an answered response by status: 2xx/3xx success, 4xx, 5xx (1xx and others: reset).
Outcome outcome_of_status(int status);
// How a failed read of a response ends: timeout, reset (the socket), or protocol_error (not HTTP).
Outcome outcome_of_read_error(const boost::beast::error_code& ec);

}  // namespace slotrush::loadgen
