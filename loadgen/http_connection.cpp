#include "loadgen/http_connection.hpp"

#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace slotrush::loadgen {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

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
    : stream_(std::move(executor)), endpoint_(endpoint) {
  buffer_.reserve(16 * 1024);
}

void HttpConnection::close() {
  beast::error_code ignored;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.close();
  buffer_.clear();
  open_ = false;
}

asio::awaitable<Outcome> HttpConnection::write_and_read(std::string_view wire, bool& got_bytes) {
  auto [write_error, written] = co_await asio::async_write(stream_, asio::buffer(wire.data(), wire.size()), kNoThrow);
  (void)written;
  if (write_error) co_return write_error == beast::error::timeout ? Outcome::timeout : Outcome::reset;
  capture_.clear();
  std::optional<ResponseReader> reader;
  reader.emplace(capture_, kBodyLimit);
  auto [read_error, read] = co_await beast::http::async_read(stream_, buffer_, *reader, kNoThrow);
  got_bytes = read > 0 || buffer_.size() > 0 || capture_.status != 0;
  if (read_error) co_return outcome_of_read_error(read_error);
  // Bytes beyond the one response asked for: the server answered what was not asked (a response
  // before its request, or two for one). They would be taken for the next request's answer.
  if (buffer_.size() > 0) co_return Outcome::protocol_error;
  if (!reader->keep_alive()) close();
  co_return outcome_of_status(capture_.status);
}

asio::awaitable<ExchangeResult> HttpConnection::exchange(std::string_view wire,
                                                         std::chrono::steady_clock::duration timeout) {
  ExchangeResult result;
  stream_.expires_after(timeout);
  // A reused connection the server closed while idle fails before any response byte: that request
  // never reached the server's application, so it is sent once more on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const bool reused = open_;
    if (!open_) {
      auto [connect_error] = co_await stream_.async_connect(endpoint_, kNoThrow);
      if (connect_error) {
        result.sent_at = std::chrono::steady_clock::now();
        close();
        result.outcome = Outcome::connect_error;  // refused, unreachable, or no answer to SYN in time
        co_return result;
      }
      beast::error_code ignored;
      stream_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
      open_ = true;
      ++connects_;
    }
    result.sent_at = std::chrono::steady_clock::now();
    if (beast::error_code ec; reused && stream_.socket().available(ec) > 0) {  // spoke before being asked
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
  stream_.expires_never();
  co_return result;
}

}  // namespace slotrush::loadgen
