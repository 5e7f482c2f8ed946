// A tiny HTTP/1.1 server for loadgen tests, on 127.0.0.1 with an ephemeral port and its own thread:
//  - answer:  "200 ok" at once, keep-alive; with a stall period, answers due inside a stall window
//             ([offset, offset + stall) of every period since start) wait until the window ends;
//  - silent:  accepts and reads, never answers (timeouts);
//  - close:   reads one request and closes the connection without answering (resets);
//  - scripted: answers each request with the given bytes, then stays (silent), closes, or sends
//              64 KiB chunks without end (a misbehaving server: ScriptedServer::misbehaving).
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace slotrush::loadgen::test {

class ScriptedServer {
 public:
  enum class Behaviour { answer, silent, close, scripted };
  enum class Then { stay, close, endless_chunks, before_request };  // before_request: reply at accept
  using Clock = std::chrono::steady_clock;

  static std::unique_ptr<ScriptedServer> misbehaving(std::string reply, Then then) {
    auto server = std::make_unique<ScriptedServer>(Behaviour::scripted);
    server->reply_ = std::move(reply);
    server->then_ = then;
    return server;
  }

  explicit ScriptedServer(Behaviour behaviour, Clock::duration stall = {}, Clock::duration period = {},
                          Clock::duration offset = {})
      : behaviour_(behaviour), stall_(stall), period_(period), offset_(offset),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}), start_(Clock::now()) {
    boost::asio::co_spawn(io_, accept_loop(), boost::asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ScriptedServer() {
    io_.stop();
    thread_.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }

 private:
  using Socket = boost::asio::ip::tcp::socket;
  static constexpr auto kNoThrow = boost::asio::as_tuple(boost::asio::use_awaitable);

  boost::asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(kNoThrow);
      if (ec) co_return;
      auto shared = std::make_shared<Socket>(std::move(socket));
      if (behaviour_ == Behaviour::scripted && then_ == Then::before_request) {  // speak first, then serve
        auto [wec, w] = co_await boost::asio::async_write(*shared, boost::asio::buffer(reply_), kNoThrow);
        if (wec) continue;
      }
      boost::asio::co_spawn(io_, serve(std::move(shared)), boost::asio::detached);
    }
  }

  // When an answer due at `now` may go out: at once, or at the end of the stall window it falls in.
  Clock::time_point release_time(Clock::time_point now) const {
    if (period_ <= Clock::duration::zero()) return now;
    const auto since = now - start_;
    if (since < offset_) return now;
    const auto window_start = start_ + offset_ + ((since - offset_) / period_) * period_;
    return now < window_start + stall_ ? window_start + stall_ : now;
  }

  boost::asio::awaitable<void> serve(std::shared_ptr<Socket> socket) {
    boost::asio::streambuf buffer;
    boost::asio::steady_timer timer(io_);
    static const std::string kAnswer = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n";
    for (;;) {
      auto [ec, n] = co_await boost::asio::async_read_until(*socket, buffer, "\r\n\r\n", kNoThrow);
      if (ec) co_return;
      buffer.consume(n);
      if (behaviour_ == Behaviour::silent) continue;
      if (behaviour_ == Behaviour::close) co_return;  // the socket closes with the last reference
      const bool spoke_first = behaviour_ == Behaviour::scripted && then_ == Then::before_request;
      if (behaviour_ == Behaviour::scripted && !spoke_first) {
        co_await script(*socket);
        co_return;
      }
      timer.expires_at(release_time(Clock::now()));
      co_await timer.async_wait(kNoThrow);
      const std::string& answer = spoke_first ? reply_ : kAnswer;  // spoke first: keeps answering
      auto [wec, written] = co_await boost::asio::async_write(*socket, boost::asio::buffer(answer), kNoThrow);
      if (wec) co_return;
    }
  }

  boost::asio::awaitable<void> script(Socket& socket) {
    auto [ec, n] = co_await boost::asio::async_write(socket, boost::asio::buffer(reply_), kNoThrow);
    if (ec || then_ == Then::close) co_return;
    if (then_ == Then::stay) {  // hold the connection open, say nothing more
      boost::asio::steady_timer forever(io_, std::chrono::hours(1));
      co_await forever.async_wait(kNoThrow);
      co_return;
    }
    const std::string chunk = "10000\r\n" + std::string(0x10000, 'x') + "\r\n";
    for (;;) {  // until the client gives up and the write fails
      auto [wec, w] = co_await boost::asio::async_write(socket, boost::asio::buffer(chunk), kNoThrow);
      if (wec) co_return;
    }
  }

  Behaviour behaviour_;
  std::string reply_;
  Then then_ = Then::stay;
  Clock::duration stall_, period_, offset_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  Clock::time_point start_;
  std::thread thread_;
};

}  // namespace slotrush::loadgen::test
