// HttpServer: HTTP/1.1 with keep-alive on Boost.Beast's parser, one io_context run by N threads, one
// C++20 coroutine session per connection (on a strand of its own with N > 1 threads; on the
// io_context's plain executor with one thread, where nothing runs concurrently). It owns the limits
// a hostile or slow client meets: header size (431), body size (413), malformed HTTP (400), a cap on
// open connections (503 and close), a deadline on every read and write (idle keep-alive, whole
// request, response), so no client can hold a connection or a thread. It knows nothing of the API:
// every request goes to one handler (a Router), with the connection's ClientPresence. drain() stops
// accepting, lets in-flight requests finish, closes idle connections and stops the threads once no
// connection is left (or the drain deadline passes).
// Hot path: a response is written with one send from a buffer the connection reuses, and the
// deadlines share one timer per connection that is re-armed only when a deadline moves earlier.
#pragma once
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "mock/router.hpp"

namespace slotrush::mock {

struct HttpLimits {
  std::uint32_t header_bytes = 8 * 1024;   // request line + headers; more is 431
  std::uint64_t body_bytes = 1024 * 1024;  // more is 413
  std::size_t max_connections = 10'000;    // open connections; more are answered 503 and closed
  std::chrono::milliseconds idle_timeout{30'000};   // a keep-alive connection with no request
  std::chrono::milliseconds read_timeout{10'000};   // from a request's first byte to its last
  std::chrono::milliseconds write_timeout{10'000};  // one response
  std::chrono::milliseconds drain_timeout{10'000};  // drain(): in-flight work still running is cut
};

// What the server saw at the connection level (for metrics; read from any thread).
struct HttpCounters {
  std::atomic<std::uint64_t> connections_refused{0};  // over max_connections
  std::atomic<std::uint64_t> bad_requests{0};         // malformed HTTP, too large, timed out
};

class HttpServer {
 public:
  HttpServer(HttpLimits limits, RouteHandler handler, int threads);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens (port 0 picks a free port); returns the bound endpoint. Call before start().
  boost::asio::ip::tcp::endpoint listen(const boost::asio::ip::tcp::endpoint& endpoint);
  void start();  // runs the io_context on the threads
  void drain();  // thread-safe, idempotent; see above
  void wait();   // joins the threads (returns once drained)
  void stop();   // stops the io_context at once and joins the threads (idempotent)

  boost::asio::io_context& context() { return ioc_; }
  std::size_t open_connections() const { return open_.load(); }
  std::size_t in_flight() const { return in_flight_.load(); }
  const HttpCounters& counters() const { return counters_; }

 private:
  struct Connection;
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> session(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<void> refuse(boost::asio::ip::tcp::socket socket);
  boost::asio::awaitable<Response> answer(const Request& req, ClientPresence& client);
  static boost::asio::awaitable<bool> write_response(Connection& conn, const Response& res, bool keep_alive,
                                                     std::chrono::milliseconds timeout);
  boost::asio::awaitable<void> finish_drain();

  // Declaration order matters: the io_context is destroyed after the acceptor, timer and threads
  // but before the state its unfinished coroutine frames still touch as they are destroyed.
  HttpLimits limits_;
  RouteHandler handler_;
  int threads_;
  std::atomic<bool> draining_{false};
  std::atomic<std::size_t> open_{0};
  std::atomic<std::size_t> refusing_{0};
  std::atomic<std::size_t> in_flight_{0};
  HttpCounters counters_;
  std::mutex connections_mutex_;
  // Weak: a connection lives as long as its session (and the handlers it started), never longer
  // than the io_context its socket belongs to.
  std::unordered_map<std::uint64_t, std::weak_ptr<Connection>> connections_;
  std::uint64_t next_connection_ = 0;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::vector<std::thread> pool_;
};

}  // namespace slotrush::mock
