#include "loadgen/http_connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>

namespace slotrush::loadgen {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;  // the most one read takes

}  // namespace

Outcome outcome_of_status(int status) {
  if (status >= 200 && status < 400) return Outcome::success;
  if (status >= 400 && status < 500) return Outcome::http_4xx;
  if (status >= 500 && status < 600) return Outcome::http_5xx;
  return Outcome::protocol_error;  // 1xx as a final answer, or a status HTTP does not have
}

Outcome outcome_of_read_error(const beast::error_code& ec) {
  if (ec == beast::error::timeout) return Outcome::timeout;  // at any point: head, body or a stalled body
  if (ec == beast::http::error::partial_message || ec == beast::http::error::end_of_stream) return Outcome::reset;
  if (ec.category() == beast::http::make_error_code(beast::http::error::bad_version).category())
    return Outcome::protocol_error;  // a garbage status line, bad headers or chunks, a body or head over the limit
  return Outcome::reset;  // the socket: reset, aborted, closed
}

HttpConnection::HttpConnection(asio::any_io_executor executor, asio::ip::tcp::endpoint endpoint)
    : socket_(executor), endpoint_(endpoint), timer_(executor) {
  buffer_.reserve(kReadChunk);
}

void HttpConnection::close() {
  beast::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  buffer_.clear();
  open_ = false;
}

void HttpConnection::release_timer() {
  deadline_ = Clock::time_point::max();
  armed_ = false;
  timer_.cancel();  // whatever the flag says (see arm_timer)
}

void HttpConnection::set_deadline(Clock::time_point deadline) {
  deadline_ = deadline;
  if (deadline != Clock::time_point::max() && (!armed_ || deadline < timer_.expiry())) arm_timer();
}

// A wait that fires before the deadline (the deadline moved later since) waits again; one that fires
// with no exchange running lets the timer go. A cancelled wait's handler touches nothing.
void HttpConnection::arm_timer() {
  timer_.expires_at(deadline_);  // cancels a pending wait
  armed_ = true;
  timer_.async_wait([this](const beast::error_code& ec) {
    if (ec) return;
    // A wait that had fired before a re-arm may come here while the new one is pending: the flag
    // then reads "not armed", and the next set_deadline arms once more, which is harmless.
    armed_ = false;
    if (deadline_ == Clock::time_point::max()) return;
    if (Clock::now() < deadline_) return arm_timer();
    timed_out_ = true;
    deadline_ = Clock::time_point::max();
    // Closed, not just cancelled: the pending connect, write or read ends with operation_aborted,
    // and one whose completion was already queued finds the next operation failing at once.
    beast::error_code ignored;
    socket_.close(ignored);
  });
}

beast::error_code HttpConnection::timed(const beast::error_code& ec) const {
  return timed_out_ && ec ? beast::error_code(beast::error::timeout) : ec;
}

asio::awaitable<Outcome> HttpConnection::write_and_read(std::string_view wire, bool& got_bytes) {
  // The request goes at once when the socket takes it all (the usual case); else the rest is awaited.
  beast::error_code write_error;
  std::size_t sent = socket_.write_some(asio::buffer(wire.data(), wire.size()), write_error);  // non-blocking
  if (write_error == asio::error::would_block) {
    write_error = {};
    sent = 0;
  }
  if (!write_error && sent < wire.size()) {
    auto [ec, n] = co_await asio::async_write(socket_, asio::buffer(wire.data() + sent, wire.size() - sent), kNoThrow);
    (void)n;
    write_error = ec;
  }
  if (write_error) co_return timed(write_error) == beast::error::timeout ? Outcome::timeout : Outcome::reset;
  capture_.clear();
  ResponseReader reader(capture_, kBodyLimit);
  reader.eager(true);
  // Parse what is buffered, reading more as needed (as beast::http::async_read does, without its
  // composed operations): end of file completes a body that runs to it, else the message is partial.
  beast::error_code read_error;
  std::size_t read = 0;
  for (;;) {
    if (buffer_.size() > 0) {
      const std::size_t used = reader.put(buffer_.data(), read_error);
      buffer_.consume(used);
      if (read_error == beast::http::error::need_more) read_error = {};
      else if (read_error || reader.is_done()) break;
      else if (used > 0 && buffer_.size() > 0) continue;
    }
    auto [ec, n] = co_await socket_.async_read_some(buffer_.prepare(kReadChunk), kNoThrow);
    if (ec == asio::error::eof) {
      if (reader.got_some()) reader.put_eof(read_error);
      else read_error = beast::http::error::end_of_stream;
      break;
    }
    if (ec) {
      read_error = timed(ec);
      break;
    }
    buffer_.commit(n);
    read += n;
  }
  got_bytes = read > 0 || buffer_.size() > 0 || capture_.status != 0;
  if (read_error) co_return outcome_of_read_error(read_error);
  // Bytes beyond the one response asked for: the server answered what was not asked (a response
  // before its request, or two for one). They would be taken for the next request's answer.
  if (buffer_.size() > 0) co_return Outcome::protocol_error;
  if (!reader.keep_alive()) close();
  co_return outcome_of_status(capture_.status);
}

asio::awaitable<ExchangeResult> HttpConnection::exchange(std::string_view wire, Clock::duration timeout) {
  ExchangeResult result;
  timed_out_ = false;
  const Clock::time_point now = Clock::now();
  set_deadline(timeout >= Clock::time_point::max() - now ? Clock::time_point::max() : now + timeout);
  // A reused connection the server closed while idle fails before any response byte: that request
  // never reached the server's application, so it is sent once more on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = open_;
    if (!open_) {
      auto [connect_error] = co_await socket_.async_connect(endpoint_, kNoThrow);
      if (connect_error) {
        result.sent_at = Clock::now();
        close();
        result.outcome = Outcome::connect_error;  // refused, unreachable, or no answer to SYN in time
        break;
      }
      beast::error_code ignored;
      socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
      socket_.non_blocking(true, ignored);  // for write_and_read's direct send
      open_ = true;
      ++connects_;
    }
    result.sent_at = Clock::now();
    if (beast::error_code ec; reused && socket_.available(ec) > 0) {  // spoke before being asked
      close();
      result.outcome = Outcome::protocol_error;
      break;
    }
    bool got_bytes = false;
    result.outcome = co_await write_and_read(wire, got_bytes);
    if (result.outcome == Outcome::reset || result.outcome == Outcome::timeout ||
        result.outcome == Outcome::protocol_error) {  // the connection's state is unknown
      close();
      if (result.outcome == Outcome::reset && reused && !got_bytes) continue;
    }
    break;
  }
  deadline_ = Clock::time_point::max();  // a wait still pending finds no deadline and lets the timer go
  co_return result;
}

}  // namespace slotrush::loadgen
