// Latency as the Results schema defines it: useful answers only (latency_*), and every attempt that
// ended with a timeout counted at the timeout (attempt_latency_p99); first the type on its own, then
// the simulator in a launch built to freeze.
#include <catch2/catch.hpp>

#include <cmath>

#include "sim/model/appointment_world.hpp"
#include "sim/results/attempt_latencies.hpp"
#include "sim/scenario/scenario.hpp"

using namespace slotrush;

namespace {
constexpr double kHistogramError = 1.0 / 256;  // LatencyHistogram's relative error

// A race at 09:00 among 400 single travellers on one phone (round trip 0.6 s) against one worker
// with a queue of 20 and 1 s per request: most attempts are refused at once (503 after exactly the
// round trip), the queued ones wait past the 10 s client timeout, a few are served in time.
Scenario freezing_launch() {
  Scenario s = default_scenario();
  s.name = "test-freeze";
  s.seed = 5;
  s.supply.daily_slots = 100;
  s.allocation.strategy = AllocationStrategy::FirstComeRace;
  s.allocation.race.release_time = 9 * kHour;
  s.population.initial_backlog = 400;
  s.population.party_sizes = {{1, 1.0}};
  s.population.devices_per_person = {{1, 1.0}};
  s.population.device_classes = {DeviceClassSpec{"phone", 1.0, 600 * kMillisecond, 0.0}};
  s.population.arrival.offset_seconds = Deterministic(0.0);
  s.population.arrival.earliest = 0;
  s.population.give_up_after = 5 * kMinute;
  s.client.timeout = 10 * kSecond;
  s.client.retry = RetrySpec{};
  s.server.tiers = {TierSpec{}};
  s.server.tiers.front().workers = 1;
  s.server.tiers.front().queue_limit = 20;
  for (RequestCostSpec& cost : s.server.requests) cost.service_seconds = Deterministic(1.0);
  return s;
}
}  // namespace

TEST_CASE("attempt latencies: useful answers apart, every attempt with timeouts at the timeout", "[latency]") {
  AttemptLatencies l;
  RunResult empty;
  l.fill_kpis(empty);
  CHECK(std::isnan(empty[Kpi::LatencyMean]));
  CHECK(std::isnan(empty[Kpi::AttemptLatencyP99]));
  for (int i = 0; i < 60; ++i) l.ended(200 * kMillisecond, true);
  for (int i = 0; i < 38; ++i) l.ended(600 * kMillisecond, false);  // 503s
  l.timed_out(10 * kSecond);
  l.timed_out(10 * kSecond);
  RunResult r;
  l.fill_kpis(r);
  CHECK(r[Kpi::LatencyMean] == Approx(0.2));
  CHECK(r[Kpi::LatencyP50] == Approx(0.2).epsilon(kHistogramError));
  CHECK(r[Kpi::LatencyP99] == Approx(0.2).epsilon(kHistogramError));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(10.0).epsilon(kHistogramError));  // 2 of 100 timed out
  SeriesRow row;
  l.fill_row(row);
  CHECK(row.latency_p50 == Approx(0.2).epsilon(kHistogramError));
  CHECK(row.attempt_latency_p99 == Approx(10.0).epsilon(kHistogramError));

  AttemptLatencies refused_only;  // an interval with nothing useful: no success latency at all
  refused_only.ended(600 * kMillisecond, false);
  SeriesRow frozen;
  refused_only.fill_row(frozen);
  CHECK(std::isnan(frozen.latency_p50));
  CHECK(std::isnan(frozen.latency_p99));
  CHECK(frozen.attempt_latency_p99 == Approx(0.6).epsilon(kHistogramError));

  AttemptLatencies merged = refused_only;
  merged.merge(l);
  CHECK(merged.attempts_us.count() == 101);
  CHECK(merged.useful_us.count() == 60);
  merged.reset();
  CHECK(merged.empty());
}

TEST_CASE("simulated latency leaves 503s out, and a freeze shows as attempt p99 = the timeout", "[latency]") {
  const Scenario s = freezing_launch();
  const RunResult r = simulate_appointments(s, 0);
  INFO("reject " << r[Kpi::RequestRejectRate] << ", timeout " << r[Kpi::RequestTimeoutRate] << ", freeze "
                 << r[Kpi::FreezeSeconds] << " s, p50 " << r[Kpi::LatencyP50] << " s");
  REQUIRE(r[Kpi::FreezeSeconds] > 0);
  REQUIRE(r[Kpi::RequestRejectRate] > 0.5);   // 503s are most attempts: counted, they would be the median
  REQUIRE(r[Kpi::RequestTimeoutRate] > 0.01);  // more than 1% timed out
  // A 503 returns after exactly the round trip (0.6 s); a useful answer takes at least the round trip
  // and one service (1.6 s) and arrives before the timeout.
  CHECK(r[Kpi::LatencyP50] >= 1.6 * (1 - kHistogramError));
  CHECK(r[Kpi::LatencyMean] >= 1.6 * (1 - kHistogramError));
  CHECK(r[Kpi::LatencyP99] <= 10.0 * (1 + kHistogramError));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(10.0).epsilon(kHistogramError));
  bool timeout_row = false;
  for (const SeriesRow& row : r.series) {
    if (std::isfinite(row.latency_p50)) {
      CHECK(row.goodput > 0);
      CHECK(row.latency_p50 >= 1.6 * (1 - kHistogramError));
    } else {
      CHECK(row.goodput == 0);
    }
    if (row.timeouts * 100 > row.goodput + row.rejected + row.timeouts) {
      CHECK(row.attempt_latency_p99 == Approx(10.0).epsilon(kHistogramError));
      timeout_row = true;
    }
    if (row.goodput + row.rejected + row.timeouts == 0) CHECK(std::isnan(row.attempt_latency_p99));
  }
  CHECK(timeout_row);
}
