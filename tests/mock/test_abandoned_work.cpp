// Work for clients that have gone: a client that closes its connection while its request waits for
// a worker or is being served is seen (the server watches the socket while a request is pending);
// the work finished for it is counted, and a tier with drop_abandoned drops the queued request
// unserved. Pipelined and keep-alive requests on a watched connection are not disturbed.
// No timing asserts: every wait polls a metric or an answer with a generous bound.
#include <chrono>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include <catch2/catch.hpp>

#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;
using namespace std::chrono_literals;

namespace {

// One worker; every request type costs `service_s` seconds of it (long enough that the test's steps
// between a request's start and its client's close fit in it, even on a loaded machine).
Scenario one_slow_worker(double service_s, bool drop_abandoned) {
  Scenario s = small_race();
  s.server.tiers[0].workers = 1;
  s.server.tiers[0].drop_abandoned = drop_abandoned;
  for (auto& r : s.server.requests) r.service_seconds = Deterministic(service_s);
  return s;
}

// The value of the first sample of `name` whose labels include every `key="value"` given, or -1.
double metric(const std::string& scrape, const std::string& name,
              std::initializer_list<std::pair<const char*, const char*>> labels = {}) {
  std::istringstream lines(scrape);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0 || (line.size() > name.size() && line[name.size()] != '{' && line[name.size()] != ' '))
      continue;
    bool all = true;
    for (const auto& [key, value] : labels)
      all = all && line.find(std::string(key) + "=\"" + value + "\"") != std::string::npos;
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return -1;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds bound = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

std::string login_body(int registrant) { return "{\"registrant\":" + std::to_string(registrant) + "}"; }

// A holds the only worker; B queues behind it and closes its connection; C queues after that.
// Returns the scrape once A and C are answered.
std::string queue_then_close(MockServer& server) {
  const auto scrape = [&] { return server.scrape(); };
  TestClient a(server.endpoint(), 15s), b(server.endpoint(), 15s), c(server.endpoint(), 15s);
  REQUIRE(a.send(http::verb::post, "/login", login_body(1)));
  REQUIRE(eventually([&] { return metric(scrape(), "slotrush_workers_busy") == 1; }));
  REQUIRE(b.send(http::verb::post, "/login", login_body(2)));
  REQUIRE(eventually([&] { return metric(scrape(), "slotrush_queue_depth") == 1; }));
  b.close();
  const auto a_answer = a.read_response();
  REQUIRE(a_answer);
  CHECK(a_answer->result() == http::status::ok);
  const auto c_answer = c.request(http::verb::post, "/login", login_body(3));
  REQUIRE(c_answer);
  CHECK(c_answer->result() == http::status::ok);
  return scrape();
}

}  // namespace

TEST_CASE("a queued request whose client closed is still served without drop_abandoned, and counted as abandoned",
          "[mock][abandoned]") {
  RunningMock m(one_slow_worker(2.0, false), test_options(kAfterRelease));
  const std::string text = queue_then_close(m.server);
  CHECK(metric(text, "slotrush_requests_served_total", {{"tier", "api"}}) == 3);  // A, B (for nobody), C
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "queued"}}) == 1);
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "in_service"}}) == 0);
  CHECK(metric(text, "slotrush_abandoned_work_seconds_total", {{"tier", "api"}}) == Approx(2.0));
  CHECK(metric(text, "slotrush_service_seconds_total", {{"tier", "api"}}) == Approx(6.0));
  CHECK(metric(text, "slotrush_requests_shed_total", {{"tier", "api"}, {"reason", "client_gone"}}) == 0);
}

TEST_CASE("with drop_abandoned a queued request whose client closed is dropped unserved", "[mock][abandoned]") {
  RunningMock m(one_slow_worker(2.0, true), test_options(kAfterRelease));
  const std::string text = queue_then_close(m.server);
  CHECK(metric(text, "slotrush_requests_served_total", {{"tier", "api"}}) == 2);  // A and C only
  CHECK(metric(text, "slotrush_requests_shed_total", {{"tier", "api"}, {"reason", "client_gone"}}) == 1);
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "queued"}}) == 1);
  CHECK(metric(text, "slotrush_abandoned_work_seconds_total", {{"tier", "api"}}) == 0);
  CHECK(metric(text, "slotrush_service_seconds_total", {{"tier", "api"}}) == Approx(4.0));
}

TEST_CASE("a client that closes during its request's service is counted as abandoned in service",
          "[mock][abandoned]") {
  RunningMock m(one_slow_worker(2.0, true), test_options(kAfterRelease));  // drop_abandoned spares work in service
  const auto scrape = [&] { return m.server.scrape(); };
  TestClient a(m.server.endpoint());
  REQUIRE(a.send(http::verb::post, "/login", login_body(1)));
  REQUIRE(eventually([&] { return metric(scrape(), "slotrush_workers_busy") == 1; }));
  a.close();
  REQUIRE(eventually([&] { return metric(scrape(), "slotrush_requests_served_total", {{"tier", "api"}}) == 1; }));
  const std::string text = scrape();
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "in_service"}}) == 1);
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "queued"}}) == 0);
  CHECK(metric(text, "slotrush_abandoned_work_seconds_total", {{"tier", "api"}}) == Approx(2.0));
}

TEST_CASE("pipelined and keep-alive requests to a slow tier are answered in order and not counted as abandoned",
          "[mock][abandoned]") {
  MockServerOptions one_thread = test_options(kAfterRelease);  // the session on a plain executor
  one_thread.threads = 1;
  RunningMock m(one_slow_worker(0.2, true), one_thread);
  TestClient c(m.server.endpoint());
  // Two requests in one write: the second arrives while the first is served (and watched).
  REQUIRE(c.connect());
  std::string both;
  for (int registrant : {1, 2}) {
    std::ostringstream out;
    out << TestClient::make_request(http::verb::post, "/login", login_body(registrant), {});
    both += out.str();
  }
  boost::asio::write(c.socket(), boost::asio::buffer(both));
  for (int registrant : {1, 2}) {
    const auto res = c.read_response();
    REQUIRE(res);
    CHECK(res->result() == http::status::ok);
    CHECK(body_of(*res)["registrant"] == registrant);
    CHECK(res->keep_alive());
  }
  const auto third = c.request(http::verb::post, "/login", login_body(3));  // the same connection, kept alive
  REQUIRE(third);
  CHECK(body_of(*third)["registrant"] == 3);
  const std::string text = m.server.scrape();
  CHECK(metric(text, "slotrush_requests_served_total", {{"tier", "api"}}) == 3);
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "queued"}}) == 0);
  CHECK(metric(text, "slotrush_abandoned_requests_total", {{"tier", "api"}, {"stage", "in_service"}}) == 0);
  CHECK(metric(text, "slotrush_requests_shed_total", {{"tier", "api"}, {"reason", "client_gone"}}) == 0);
}
