// The load generator against nginx (Debian's nginx-light), a third-party server counting on its own:
// every request the generator counts is a line in nginx's access log, a constant rate is held, and
// status classes are classified by route.
#include <catch2/catch.hpp>

#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/nginx_process.hpp"
#include "tests/skip.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

#define REQUIRE_NGINX(nginx)                                                        \
  if (!NginxProcess::available()) {                                                 \
    SLOTRUSH_SKIP("nginx not installed at /usr/sbin/nginx (apt-get install nginx-light)"); \
  }                                                                                 \
  REQUIRE(nginx.running())

TEST_CASE("closed loop counts equal the lines in nginx's access log", "[loadgen][nginx]") {
  NginxProcess nginx;
  REQUIRE_NGINX(nginx);
  GenericLoadPlan plan;
  plan.connections = 16;
  plan.duration = 2s;
  const LoadRun run = run_load(nginx.url("/count"), plan, 2);
  const std::uint64_t counted = run.totals.attempts();
  CHECK(counted > 100);
  CHECK(count(run, Outcome::success) == counted);
  CHECK(run.unfinished == 0);
  CHECK(nginx.logged_requests_settled(counted) == counted);
  REQUIRE(run.totals.routes().size() == 1);
  CHECK(run.totals.routes()[0].route == "/count");
}

TEST_CASE("closed loop with a request budget sends exactly that many",
          "[loadgen][nginx]") {
  NginxProcess nginx;
  REQUIRE_NGINX(nginx);
  GenericLoadPlan plan;
  plan.connections = 8;
  plan.duration = 60s;
  plan.max_requests = 2500;  // more than keepalive_requests per connection: reconnects happen
  const LoadRun run = run_load(nginx.url("/"), plan, 2);
  CHECK(run.totals.attempts() == 2500);
  CHECK(count(run, Outcome::success) == 2500);
  CHECK(run.elapsed < 30s);  // ended by the count, not the duration
  CHECK(nginx.logged_requests_settled(2500) == 2500);
}

TEST_CASE("a constant rate of 200/s over 10 s is achieved within 1%",
          "[loadgen][nginx][rate]") {
  NginxProcess nginx;
  REQUIRE_NGINX(nginx);
  GenericLoadPlan plan;
  plan.rate = 200;
  plan.connections = 16;
  plan.duration = 10s;
  const LoadRun run = run_load(nginx.url("/rate"), plan);
  CHECK(run.totals.attempts() == 2000);
  CHECK(run.totals.dropped() == 0);
  CHECK(count(run, Outcome::success) == 2000);
  const double achieved = static_cast<double>(count(run, Outcome::success)) / elapsed_seconds(run);
  CHECK(achieved == Approx(200.0).epsilon(0.01));
  REQUIRE(nginx.logged_requests_settled(2000) == 2000);
  const auto [first, last] = nginx.first_and_last_time();
  CHECK(last - first == Approx(9.995).margin(0.5));  // the server saw them spread, not in a burst
  std::uint64_t in_series = 0;
  for (const auto& row : run.series) in_series += row.offered;
  CHECK(in_series == 2000);
  CHECK(run.series.size() >= 10);
}

TEST_CASE("404 and 503 answers count as http_4xx and http_5xx by route", "[loadgen][nginx]") {
  NginxProcess nginx;
  REQUIRE_NGINX(nginx);
  GenericLoadPlan plan;
  plan.connections = 2;
  plan.duration = 30s;
  plan.max_requests = 20;
  const LoadRun missing = run_load(nginx.url("/status/404"), plan);
  CHECK(count(missing, Outcome::http_4xx) == 20);
  CHECK(count(missing, Outcome::success) == 0);
  CHECK(missing.totals.routes().at(0).route == "/status/404");
  const LoadRun busy = run_load(nginx.url("/status/503"), plan);
  CHECK(count(busy, Outcome::http_5xx) == 20);
  CHECK(busy.totals.latency().count() == 20);  // answered, so in the latency spectrum
}
