// The HTTP core: routing answers, limits with clear statuses, deadlines against slow clients,
// hostile bytes, the connection cap and a drain that finishes in-flight work.
#include <atomic>
#include <chrono>
#include <random>
#include <string>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include "mock/http_server.hpp"
#include "tests/mock/mock_test_client.hpp"

using namespace slotrush::mock;
using namespace slotrush::mock::test;
using namespace std::chrono_literals;

namespace {

Router test_routes() {
  Router router;
  router.add(http::verb::get, "/healthz", [](const Request& req, ClientPresence&) -> boost::asio::awaitable<Response> {
    co_return json_response(http::status::ok, R"({"status":"ok"})", req.version());
  });
  router.add(http::verb::post, "/echo", [](const Request& req, ClientPresence&) -> boost::asio::awaitable<Response> {
    co_return json_response(http::status::ok, req.body(), req.version());
  });
  router.add(http::verb::get, "/slow", [](const Request& req, ClientPresence&) -> boost::asio::awaitable<Response> {
    boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, 300ms);
    co_await t.async_wait(boost::asio::use_awaitable);
    co_return json_response(http::status::ok, R"({"slow":true})", req.version());
  });
  return router;
}

HttpLimits test_limits() {
  HttpLimits l;
  l.header_bytes = 2048;
  l.body_bytes = 4096;
  l.max_connections = 50;
  l.idle_timeout = 500ms;
  l.read_timeout = 400ms;
  l.write_timeout = 1000ms;
  l.drain_timeout = 3000ms;
  return l;
}

struct RunningServer {
  explicit RunningServer(HttpLimits limits = test_limits())
      : server(limits, test_routes(), 2) {
    endpoint = server.listen({boost::asio::ip::make_address("127.0.0.1"), 0});
    server.start();
  }
  ~RunningServer() {
    server.drain();
    server.wait();
  }
  HttpServer server;
  tcp::endpoint endpoint;
};

}  // namespace

TEST_CASE("the HTTP core answers a known route and keeps the connection alive", "[mock][http]") {
  RunningServer s;
  TestClient client(s.endpoint);
  for (int i = 0; i < 3; ++i) {
    auto res = client.request(http::verb::get, "/healthz");
    REQUIRE(res);
    CHECK(res->result() == http::status::ok);
    CHECK(res->keep_alive());
  }
  CHECK(s.server.open_connections() == 1);
}

TEST_CASE("the HTTP core answers 404 for an unknown route and 405 with Allow for a wrong method",
          "[mock][http]") {
  RunningServer s;
  TestClient client(s.endpoint);
  auto missing = client.request(http::verb::get, "/nope");
  REQUIRE(missing);
  CHECK(missing->result() == http::status::not_found);
  auto wrong = client.request(http::verb::delete_, "/healthz?x=1");
  REQUIRE(wrong);
  CHECK(wrong->result() == http::status::method_not_allowed);
  CHECK(wrong->at(http::field::allow) == "GET");
  CHECK(wrong->body().find("\"error\"") != std::string::npos);
}

TEST_CASE("the HTTP core answers 431 for oversized headers and 413 for an oversized body", "[mock][http]") {
  RunningServer s;
  const std::string big_header = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(4000, 'a') + "\r\n\r\n";
  CHECK(status_of(raw_exchange(s.endpoint, big_header)) == 431);
  const std::string big_body = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + std::string(100, 'b');
  CHECK(status_of(raw_exchange(s.endpoint, big_body)) == 413);
  TestClient ok(s.endpoint);
  auto res = ok.request(http::verb::post, "/echo", std::string(4000, 'c'));
  REQUIRE(res);
  CHECK(res->result() == http::status::ok);
}

TEST_CASE("the HTTP core answers 400 to malformed HTTP and survives random bytes", "[mock][http]") {
  RunningServer s;
  CHECK(status_of(raw_exchange(s.endpoint, "GARBAGE\r\n\r\n")) == 400);
  CHECK(status_of(raw_exchange(s.endpoint, "GET / HTTP/9.9\r\n\r\n")) == 400);
  CHECK(status_of(raw_exchange(s.endpoint, "POST /echo HTTP/1.1\r\nContent-Length: -5\r\n\r\n")) == 400);
  CHECK(status_of(raw_exchange(s.endpoint, "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) == 400);
  std::mt19937 gen(7);
  std::uniform_int_distribution<int> byte(0, 255), length(1, 600);
  for (int i = 0; i < 100; ++i) {
    std::string junk(static_cast<std::size_t>(length(gen)), '\0');
    for (char& c : junk) c = static_cast<char>(byte(gen));
    if (i % 2 == 0) junk = "GET /healthz HTTP/1.1\r\n" + junk;
    raw_exchange(s.endpoint, junk, 600ms);
  }
  TestClient client(s.endpoint);
  auto res = client.request(http::verb::get, "/healthz");
  REQUIRE(res);
  CHECK(res->result() == http::status::ok);
}

TEST_CASE("a slowloris client is cut at the read deadline while others are served", "[mock][http]") {
  RunningServer s;
  TestClient slow(s.endpoint, 3s);
  REQUIRE(slow.connect());
  const auto started = std::chrono::steady_clock::now();
  // One header byte at a time, every 100 ms: the request never completes within 400 ms.
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
  boost::asio::write(slow.socket(), boost::asio::buffer(head));
  bool cut = false;
  for (int i = 0; i < 20 && !cut; ++i) {
    std::this_thread::sleep_for(100ms);
    boost::system::error_code ec;
    boost::asio::write(slow.socket(), boost::asio::buffer("a", 1), ec);
    cut = ec.failed();
    TestClient other(s.endpoint);
    auto res = other.request(http::verb::get, "/healthz");
    REQUIRE(res);
    CHECK(res->result() == http::status::ok);
  }
  CHECK((cut || slow.closed_by_server()));
  CHECK(std::chrono::steady_clock::now() - started < 2500ms);
}

TEST_CASE("an idle keep-alive connection is closed after the idle timeout", "[mock][http]") {
  RunningServer s;
  TestClient client(s.endpoint, 2s);
  REQUIRE(client.request(http::verb::get, "/healthz"));
  const auto started = std::chrono::steady_clock::now();
  CHECK(client.closed_by_server());
  CHECK(std::chrono::steady_clock::now() - started < 1500ms);
}

TEST_CASE("connections beyond the cap are answered 503 and closed", "[mock][http]") {
  HttpLimits limits = test_limits();
  limits.max_connections = 2;
  limits.idle_timeout = 3s;
  RunningServer s(limits);
  TestClient a(s.endpoint), b(s.endpoint);
  REQUIRE(a.request(http::verb::get, "/healthz"));
  REQUIRE(b.request(http::verb::get, "/healthz"));
  TestClient c(s.endpoint);
  REQUIRE(c.connect());
  auto refused = c.read_response();
  REQUIRE(refused);
  CHECK(refused->result() == http::status::service_unavailable);
  CHECK(refused->count(http::field::retry_after) == 1);
  CHECK(s.server.counters().connections_refused.load() >= 1);
}

TEST_CASE("drain finishes in-flight requests, closes idle connections and stops", "[mock][http]") {
  RunningServer s;
  TestClient idle(s.endpoint);
  REQUIRE(idle.request(http::verb::get, "/healthz"));
  std::optional<http::response<http::string_body>> slow_answer;
  std::thread slow_client([&] {
    TestClient slow(s.endpoint);
    slow_answer = slow.request(http::verb::get, "/slow");
  });
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (s.server.in_flight() == 0 && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  REQUIRE(s.server.in_flight() == 1);
  s.server.drain();
  slow_client.join();
  REQUIRE(slow_answer);
  CHECK(slow_answer->result() == http::status::ok);
  CHECK_FALSE(slow_answer->keep_alive());
  CHECK(idle.closed_by_server());
  s.server.wait();
  CHECK(s.server.open_connections() == 0);
}
