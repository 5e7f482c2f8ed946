#include "mock/http_server.hpp"

#include <cstdio>
#include <exception>
#include <functional>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace slotrush::mock {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// One open connection as drain() sees it. Touched only on the connection's strand.
struct HttpServer::Connection {
  asio::any_io_executor executor;
  beast::tcp_stream* stream = nullptr;  // null once the session has ended
  bool idle = true;                     // waiting for the next request, none in flight
};

namespace {

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

// Counts a connection as open for as long as its session runs, on every exit path.
struct OpenGuard {
  std::atomic<std::size_t>& open;
  ~OpenGuard() { --open; }
};

}  // namespace

HttpServer::HttpServer(HttpLimits limits, RouteHandler handler, int threads)
    : limits_(limits),
      handler_(std::move(handler)),
      threads_(threads < 1 ? 1 : threads),
      ioc_(threads_),
      acceptor_(asio::make_strand(ioc_)) {}

HttpServer::~HttpServer() {
  if (!pool_.empty()) {
    ioc_.stop();
    wait();
  }
}

tcp::endpoint HttpServer::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint();
}

void HttpServer::start() {
  asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached);
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
    for (const auto& [id, conn] : connections_)
      asio::post(conn->executor, [conn] {
        if (conn->stream && conn->idle) conn->stream->cancel();
      });
  }
  asio::post(ioc_, [this] {
    drain_timer_ = std::make_unique<asio::steady_timer>(ioc_);
    finish_drain();
  });
}

// Polls until no connection is left, then stops the threads; gives up at the drain deadline.
void HttpServer::finish_drain() {
  const auto deadline = std::chrono::steady_clock::now() + limits_.drain_timeout;
  auto poll = std::make_shared<std::function<void()>>();
  *poll = [this, deadline, poll] {
    if (open_.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      ioc_.stop();
      return;
    }
    drain_timer_->expires_after(std::chrono::milliseconds(10));
    drain_timer_->async_wait([poll](const beast::error_code&) { (*poll)(); });
  };
  (*poll)();
}

asio::awaitable<void> HttpServer::accept_loop() {
  asio::steady_timer backoff(co_await asio::this_coro::executor);
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(ioc_), use_tuple);
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
        asio::co_spawn(ex, refuse(std::move(socket)), asio::detached);
      }
      continue;
    }
    ++open_;
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(std::move(socket)), asio::detached);
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

asio::awaitable<Response> HttpServer::answer(const Request& req) {
  try {
    co_return co_await handler_(req);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slotrush serve: handler error on %s: %s\n",
                 std::string(req.target()).c_str(), e.what());
  }
  co_return error_response(http::status::internal_server_error, "internal_error",
                           "the server failed to handle the request", req.version());
}

asio::awaitable<void> HttpServer::session(tcp::socket socket) {
  OpenGuard guard{open_};
  beast::tcp_stream stream(std::move(socket));
  auto conn = std::make_shared<Connection>();
  conn->executor = stream.get_executor();
  conn->stream = &stream;
  std::uint64_t id = 0;
  {
    std::lock_guard lock(connections_mutex_);
    id = next_connection_++;
    connections_.emplace(id, conn);
  }
  beast::flat_buffer buffer;
  for (;;) {
    conn->idle = true;
    if (draining_.load()) break;
    if (buffer.size() == 0) {  // idle keep-alive: wait for the next request's first bytes
      stream.expires_after(limits_.idle_timeout);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), use_tuple);
      if (ec) break;
      buffer.commit(n);
    }
    conn->idle = false;
    http::request_parser<http::string_body> parser;
    parser.header_limit(limits_.header_bytes);
    parser.body_limit(limits_.body_bytes);
    stream.expires_after(limits_.read_timeout);
    auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (read_ec) {
      const std::optional<http::status> status = status_for_read_error(read_ec);
      if (!status) break;
      ++counters_.bad_requests;
      Response res = error_response(*status, "bad_request", reason_for(*status));
      res.keep_alive(false);
      stream.expires_after(limits_.write_timeout);
      co_await http::async_write(stream, res, use_tuple);
      break;
    }
    const Request& req = parser.get();
    ++in_flight_;
    Response res = co_await answer(req);
    --in_flight_;
    res.keep_alive(req.keep_alive() && !draining_.load());
    res.prepare_payload();
    stream.expires_after(limits_.write_timeout);
    auto [write_ec, write_n] = co_await http::async_write(stream, res, use_tuple);
    if (write_ec || !res.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn->stream = nullptr;
  std::lock_guard lock(connections_mutex_);
  connections_.erase(id);
}

}  // namespace slotrush::mock
