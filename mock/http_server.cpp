#include "mock/http_server.hpp"

#include <cstdio>
#include <exception>
#include <functional>
#include <optional>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/write.hpp>

#include <fmt/core.h>

#include "mock/response_bytes.hpp"

namespace slotrush::mock {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kReadChunk = 16 * 1024;
// A pipelining client's bytes read while a request is pending are kept up to this much; beyond it
// the server stops watching (and reading) until the answer is out.
constexpr std::size_t kWatchBufferLimit = 64 * 1024;

// Counts a connection as open (against max_connections) until its session ends or its client has
// gone, on every exit path, once.
struct OpenSlot {
  std::atomic<std::size_t>* open;
  explicit OpenSlot(std::atomic<std::size_t>& counter) : open(&counter) {}
  OpenSlot(const OpenSlot&) = delete;
  OpenSlot& operator=(const OpenSlot&) = delete;
  ~OpenSlot() { release(); }
  void release() {
    if (open) --*open;
    open = nullptr;
  }
};

// One open connection: its socket, its buffers (reused from one request to the next), its deadline,
// and the read that watches for the client leaving while a request is pending. Touched only on the
// connection's executor (drain() posts to it).
struct HttpServer::Connection : std::enable_shared_from_this<Connection> {
  Connection(tcp::socket s, std::atomic<std::size_t>& open)
      : slot(open),
        socket(std::move(s)),
        watchdog(socket.get_executor()),
        watch_settled(socket.get_executor()),
        presence([this] { start_watch(); }) {}

  OpenSlot slot;
  tcp::socket socket;
  beast::flat_buffer input;  // read and not yet parsed
  std::string output;        // the response being written
  // The deadline of the current read or write; Clock::time_point::max() while a request is handled.
  // One timer enforces it: moving the deadline later costs nothing (the timer, when it fires early,
  // re-arms itself); only an earlier deadline re-arms the timer.
  Clock::time_point deadline = Clock::time_point::max();
  asio::steady_timer watchdog;
  bool timed_out = false;  // the watchdog cut the connection
  bool ended = false;      // the session is over
  bool idle = true;        // waiting for a request's first byte, none in flight
  bool watching = false;   // the watch read is in flight
  bool settling = false;   // the session is cancelling the watch read and waits for it
  asio::steady_timer watch_settled;  // cancelled when the watch read completes (an event)
  ClientPresence presence;

  void set_deadline(Clock::time_point d) {
    deadline = d;
    if (d < watchdog.expiry()) watchdog.expires_at(d);  // cancels the wait; its handler re-arms
  }
  void set_deadline_after(std::chrono::milliseconds timeout) { set_deadline(Clock::now() + timeout); }

  void run_watchdog() {
    watchdog.expires_at(deadline);
    watchdog.async_wait([self = shared_from_this()](const beast::error_code&) {
      if (self->ended) return;
      if (Clock::now() >= self->deadline) {
        self->timed_out = true;
        self->deadline = Clock::time_point::max();
        beast::error_code ignored;
        self->socket.cancel(ignored);
      }
      self->run_watchdog();
    });
  }

  // ClientPresence's hook: keep one read in flight while a request is pending. End-of-file or an
  // error means the client has gone; bytes are kept for the next request and the watch goes on.
  void start_watch() {
    if (watching || ended || timed_out) return;
    if (!settling) watch_settled.expires_at(asio::steady_timer::time_point::max());
    watching = true;
    socket.async_read_some(input.prepare(kReadChunk), [self = shared_from_this()](const beast::error_code& ec,
                                                                                  std::size_t n) {
      self->watching = false;
      if (!ec) {
        self->input.commit(n);
        if (!self->settling && self->input.size() < kWatchBufferLimit) {
          self->start_watch();
          return;
        }
      } else if (ec != asio::error::operation_aborted) {
        self->presence.mark_gone();
        self->release_descriptor();
      }
      self->watch_settled.cancel();
    });
  }

  // The client has gone while its request is pending: its descriptor and its place under
  // max_connections are freed at once, while the request's work goes on unless the tier drops it (the
  // simulator's servers keep serving abandoned work and have no connection limit). A storm of timed-out
  // clients would otherwise hold one descriptor each until their queued work ends and refuse everyone
  // else once the process runs out. The answer, when ready, has nobody to go to.
  void release_descriptor() {
    beast::error_code ignored;
    socket.close(ignored);
    slot.release();
  }

  void end() {
    ended = true;
    slot.release();
    presence.clear_on_gone();
    watchdog.cancel();
  }
};

namespace {

// The completion handler of a spawned coroutine: Asio's `detached` would drop its exception. One
// connection's failure must not take the server down, so it is printed, not rethrown.
auto report_failure(const char* what) {
  return [what](const std::exception_ptr& failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "slotrush serve: %s failed: %s\n", what, e.what());
    } catch (...) {
      std::fprintf(stderr, "slotrush serve: %s failed\n", what);
    }
  };
}

// The status a failed request read is answered with, or nothing (the client left or timed out
// before sending anything, so there is no one to answer).
std::optional<http::status> status_for_read_error(const beast::error_code& ec) {
  if (ec == http::error::header_limit) return http::status::request_header_fields_too_large;
  if (ec == http::error::body_limit) return http::status::payload_too_large;
  if (ec == beast::error::timeout) return http::status::request_timeout;
  if (ec == http::error::partial_message || ec == http::error::end_of_stream) return std::nullopt;
  if (ec.category() == make_error_code(http::error::bad_method).category())
    return http::status::bad_request;
  return std::nullopt;  // a socket error: reset, aborted
}

std::string_view reason_for(http::status status) {
  switch (status) {
    case http::status::request_header_fields_too_large:
      return "request line and headers exceed the server's limit";
    case http::status::payload_too_large: return "request body exceeds the server's limit";
    case http::status::request_timeout: return "the request did not arrive in time";
    default: return "malformed HTTP request";
  }
}


}  // namespace

HttpServer::HttpServer(HttpLimits limits, RouteHandler handler, int threads)
    : limits_(limits),
      handler_(std::move(handler)),
      threads_(threads < 1 ? 1 : threads),
      ioc_(threads_),
      acceptor_(asio::make_strand(ioc_)) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::stop() {
  if (pool_.empty()) return;
  ioc_.stop();
  wait();
}

tcp::endpoint HttpServer::listen(const tcp::endpoint& endpoint) {
  // Boost's own message names its source file, not the address: say which address and why.
  beast::error_code ec;
  const auto failed = [&](const char* step) {
    return std::runtime_error(fmt::format("cannot {} {}:{}: {}", step, endpoint.address().to_string(),
                                          endpoint.port(), ec.message()));
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) throw failed("open a socket for");
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) throw failed("set SO_REUSEADDR on");
  if (acceptor_.bind(endpoint, ec); ec) throw failed("listen on");
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) throw failed("listen on");
  return acceptor_.local_endpoint();
}

void HttpServer::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), report_failure("the accept loop"));
  pool_.reserve(static_cast<std::size_t>(threads_));
  for (int i = 0; i < threads_; ++i) pool_.emplace_back([this] { ioc_.run(); });
}

void HttpServer::wait() {
  for (std::thread& t : pool_)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  pool_.clear();
}

void HttpServer::drain() {
  if (draining_.exchange(true)) return;
  asio::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
  });
  {
    std::lock_guard lock(connections_mutex_);
    for (const auto& [id, weak] : connections_) {
      auto conn = weak.lock();
      if (!conn) continue;
      asio::post(conn->socket.get_executor(), [conn] {
        beast::error_code ignored;
        if (!conn->ended && conn->idle) conn->socket.cancel(ignored);
      });
    }
  }
  asio::co_spawn(ioc_, finish_drain(), report_failure("the drain"));
}

// Polls until no connection is left, then stops the threads; gives up at the drain deadline.
asio::awaitable<void> HttpServer::finish_drain() {
  const auto deadline = Clock::now() + limits_.drain_timeout;
  asio::steady_timer poll(ioc_);
  while (open_.load() != 0 && Clock::now() < deadline) {
    poll.expires_after(std::chrono::milliseconds(10));
    co_await poll.async_wait(use_tuple);
  }
  ioc_.stop();
}

asio::awaitable<void> HttpServer::accept_loop() {
  asio::steady_timer backoff(co_await asio::this_coro::executor);
  for (;;) {
    // With one thread nothing runs concurrently, so a session needs no strand (and its cost).
    const asio::any_io_executor session_executor =
        threads_ == 1 ? asio::any_io_executor(ioc_.get_executor()) : asio::any_io_executor(asio::make_strand(ioc_));
    auto [ec, socket] = co_await acceptor_.async_accept(session_executor, use_tuple);
    if (draining_.load() || !acceptor_.is_open()) co_return;
    if (ec) {  // out of descriptors and the like: pause instead of spinning
      std::fprintf(stderr, "slotrush serve: accept: %s\n", ec.message().c_str());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(use_tuple);
      continue;
    }
    if (open_.load() >= limits_.max_connections) {
      ++counters_.connections_refused;
      // A bounded number of polite refusals at once; beyond that, just close.
      if (refusing_.load() < 64) {
        auto ex = socket.get_executor();
        asio::co_spawn(ex, refuse(std::move(socket)), report_failure("a refusal"));
      }
      continue;
    }
    ++open_;
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(std::move(socket)), report_failure("a connection"));
  }
}

asio::awaitable<void> HttpServer::refuse(tcp::socket socket) {
  ++refusing_;
  beast::tcp_stream stream(std::move(socket));
  Response res = error_response(http::status::service_unavailable, "too_many_connections",
                                "the server's connection limit is reached; try again");
  res.set(http::field::retry_after, "1");
  res.keep_alive(false);
  stream.expires_after(std::chrono::seconds(1));
  co_await http::async_write(stream, res, use_tuple);
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  --refusing_;
}

asio::awaitable<Response> HttpServer::answer(const Request& req, ClientPresence& client) {
  try {
    co_return co_await handler_(req, client);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slotrush serve: handler error on %s: %s\n",
                 std::string(req.target()).c_str(), e.what());
  }
  co_return error_response(http::status::internal_server_error, "internal_error",
                           "the server failed to handle the request", req.version());
}

// Sends the response: at once when the socket takes it all (the usual case: a small answer fits
// the send buffer, and no event-loop round trip is needed), else the rest under the write deadline.
// False when the connection failed.
asio::awaitable<bool> HttpServer::write_response(Connection& conn, const Response& res, bool keep_alive,
                                                 std::chrono::milliseconds timeout) {
  write_response_bytes(res, keep_alive, conn.output);
  beast::error_code ec;
  std::size_t sent = conn.socket.write_some(asio::buffer(conn.output), ec);  // the socket is non-blocking
  if (ec == asio::error::would_block) {
    ec = {};
    sent = 0;
  }
  if (ec) co_return false;
  if (sent == conn.output.size()) co_return true;
  conn.set_deadline_after(timeout);
  auto [write_ec, n] = co_await asio::async_write(
      conn.socket, asio::buffer(conn.output.data() + sent, conn.output.size() - sent), use_tuple);
  conn.set_deadline(Clock::time_point::max());
  co_return !write_ec;
}

asio::awaitable<void> HttpServer::session(tcp::socket socket) {
  auto conn = std::make_shared<Connection>(std::move(socket), open_);
  {
    beast::error_code ignored;
    conn->socket.non_blocking(true, ignored);  // for write_response's direct send
    conn->socket.set_option(tcp::no_delay(true), ignored);
  }
  std::uint64_t id = 0;
  {
    std::lock_guard lock(connections_mutex_);
    id = next_connection_++;
    connections_.emplace(id, conn);
  }
  conn->run_watchdog();
  for (;;) {
    conn->idle = true;
    if (draining_.load()) break;
    http::request_parser<http::string_body> parser;
    parser.header_limit(limits_.header_bytes);
    parser.body_limit(limits_.body_bytes);
    parser.eager(true);
    // Parse what is buffered (a pipelined request may already be there), reading more as needed.
    // The idle deadline runs until the request's first byte, the read deadline from then on.
    beast::error_code read_ec;
    bool read_deadline_set = false;
    for (;;) {
      if (conn->input.size() > 0) {
        const std::size_t used = parser.put(conn->input.data(), read_ec);
        conn->input.consume(used);
        if (read_ec == http::error::need_more)
          read_ec = {};
        else if (read_ec || parser.is_done())
          break;
        else if (used > 0 && conn->input.size() > 0)
          continue;  // the head is parsed; the body follows in the buffer
      }
      const bool idle = !parser.got_some();
      conn->idle = idle;
      if (idle) {
        conn->set_deadline_after(limits_.idle_timeout);
      } else if (!read_deadline_set) {
        conn->set_deadline_after(limits_.read_timeout);
        read_deadline_set = true;
      }
      auto [ec, n] = co_await conn->socket.async_read_some(conn->input.prepare(kReadChunk), use_tuple);
      if (ec) {
        if (conn->timed_out) read_ec = idle ? beast::error_code(http::error::end_of_stream) : beast::error::timeout;
        else if (ec == asio::error::eof) read_ec = parser.got_some() ? http::error::partial_message : http::error::end_of_stream;
        else read_ec = ec;
        break;
      }
      conn->input.commit(n);
    }
    conn->idle = false;
    conn->set_deadline(Clock::time_point::max());
    if (read_ec) {
      const std::optional<http::status> status = status_for_read_error(read_ec);
      if (!status) break;
      ++counters_.bad_requests;
      co_await write_response(*conn, error_response(*status, "bad_request", reason_for(*status)), false,
                              limits_.write_timeout);
      break;
    }
    const Request& req = parser.get();
    if (req.version() >= 11 && req.count(http::field::host) != 1) {  // RFC 9112 section 3.2
      ++counters_.bad_requests;
      co_await write_response(*conn, error_response(http::status::bad_request, "bad_request",
                                                    "an HTTP/1.1 request needs exactly one Host header"),
                              false, limits_.write_timeout);
      break;
    }
    ++in_flight_;
    Response res = co_await answer(req, conn->presence);
    if (conn->watching) {  // the handler waited and the socket was watched: stop reading first
      conn->settling = true;
      beast::error_code ignored;
      conn->socket.cancel(ignored);
      co_await conn->watch_settled.async_wait(use_tuple);
      conn->settling = false;
    }
    --in_flight_;
    const bool keep_alive = req.keep_alive() && !draining_.load() && !conn->presence.gone();
    const bool written = co_await write_response(*conn, res, keep_alive, limits_.write_timeout);
    if (!written || !keep_alive) break;
  }
  conn->end();
  beast::error_code ignored;
  conn->socket.shutdown(tcp::socket::shutdown_send, ignored);
  std::lock_guard lock(connections_mutex_);
  connections_.erase(id);
}

}  // namespace slotrush::mock
