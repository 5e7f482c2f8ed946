// Ramping arrival rate (`--stage DURATION:RATE`, k6-like): the schedule's expected count is the
// integral of the piecewise-linear rate, its inverse puts request k where the integral reaches k, and
// a run sends per stage the stage's integral (within a tolerance for the per-second accounting).
#include <cmath>

#include <catch2/catch.hpp>

#include "loadgen/arrival_schedule.hpp"
#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/scripted_server.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {

// Requests k = 0, 1, 2, ... due in [from, to) seconds.
int due_between(const ArrivalSchedule& s, double from, double to) {
  int n = 0;
  for (int k = 0;; ++k) {
    const auto t = s.due_seconds(k);
    if (!t || *t >= to) return n;
    if (*t >= from) ++n;
  }
}

}  // namespace

TEST_CASE("a ramp's expected count is the integral of its rate", "[loadgen][stages]") {
  // 0 -> 100/s over 2 s, hold 100/s for 2 s, 100 -> 0 over 1 s: 100 + 200 + 50 requests.
  const ArrivalSchedule s(0, {{2s, 100}, {2s, 100}, {1s, 0}});
  CHECK(s.duration_seconds() == Approx(5));
  CHECK(s.expected_count(1) == Approx(25));  // the ramp's area under t = 1: 1 * 50 / 2
  CHECK(s.expected_count(2) == Approx(100));
  CHECK(s.expected_count(4) == Approx(300));
  CHECK(s.total_count() == Approx(350));
  for (double t : {0.1, 0.7, 1.9, 2.5, 3.99, 4.2, 4.9})
    CHECK(*s.due_seconds(s.expected_count(t)) == Approx(t).margin(1e-9));
  CHECK_FALSE(s.due_seconds(351));
  CHECK(due_between(s, 0, 2) == 100);
  CHECK(due_between(s, 2, 4) == 200);
  CHECK(std::abs(due_between(s, 4, 5) - 50) <= 1);
}

TEST_CASE("a constant rate is one flat stage with the old spacing", "[loadgen][stages]") {
  const ArrivalSchedule s = ArrivalSchedule::constant(250, 2s);
  CHECK(*s.due_seconds(0) == 0);
  CHECK(*s.due_seconds(1) == Approx(0.004));
  CHECK(*s.due_seconds(499) == Approx(1.996));
  CHECK_FALSE(s.due_seconds(501));
}

TEST_CASE("stages start from --rate and ramp down as well as up", "[loadgen][stages]") {
  const ArrivalSchedule s(200, {{1s, 0}, {1s, 100}});
  CHECK(s.expected_count(1) == Approx(100));
  CHECK(s.total_count() == Approx(150));
  CHECK(due_between(s, 0, 0.5) == 75);  // 200 -> 100 over the first half second: 75
}

TEST_CASE("bad stages name what is allowed", "[loadgen][stages][inputs]") {
  CHECK(parse_rate_stage("30s:200").rate == 200);
  CHECK(parse_rate_stage("1m:0/s").duration == 60s);
  for (const char* bad : {"30s", ":200", "30s:", "30:200", "0s:10", "30s:-1", "30s:fast", "30s:200:1"})
    CHECK_THROWS_WITH(parse_rate_stage(bad), Catch::Contains("allowed: DURATION:RATE"));
  CHECK_THROWS_WITH(ArrivalSchedule(0, {{1s, 0}}), Catch::Contains("every rate is 0"));
}

TEST_CASE("a ramping run sends each stage's integral", "[loadgen][stages]") {
  ScriptedServer server(ScriptedServer::Behaviour::answer);
  GenericLoadPlan plan;
  plan.stages = {{1s, 200}, {1s, 200}, {1s, 0}};  // 100, 200, 100 requests
  plan.connections = 8;
  const LoadRun run = run_load(server.url("/ramp"), plan, 2);
  const std::uint64_t total = run.totals.attempts() + run.totals.dropped();
  CHECK(total >= 399);
  CHECK(total <= 401);
  CHECK(count(run, Outcome::success) == run.totals.attempts());
  // Series row k counts the attempts that ended in second k; local answers take well under a
  // second, so each stage's row holds its integral, give or take the requests at its edges.
  REQUIRE(run.series.size() >= 3);
  CHECK(std::abs(static_cast<double>(run.series[0].offered) - 100) <= 15);
  CHECK(std::abs(static_cast<double>(run.series[1].offered) - 200) <= 15);
  CHECK(std::abs(static_cast<double>(run.series[2].offered) - 100) <= 15);
}
