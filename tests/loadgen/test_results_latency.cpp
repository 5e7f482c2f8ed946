// The Results view of a generic load run: results.json's latency KPIs and series columns count
// successes only, and attempt_latency_p99 every attempt, a timeout at its deadline (the timeout);
// the report's own spectrum keeps every answered attempt. Synthetic times, no network.
#include <cmath>

#include <catch2/catch.hpp>

#include "loadgen/load_report.hpp"
#include "loadgen/series_accumulator.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace std::chrono_literals;

TEST_CASE("results.json latency counts successes, and attempt p99 counts timeouts at the timeout",
          "[loadgen][latency]") {
  constexpr double kError = 1.0 / 256;  // LatencyHistogram's relative error
  RunMeasurements m;
  const std::size_t route = m.route_index("/");
  const Clock::time_point t0{};
  for (int i = 0; i < 50; ++i) m.record(route, Outcome::success, t0, t0, t0 + 20ms);
  for (int i = 0; i < 45; ++i) m.record(route, Outcome::http_5xx, t0, t0, t0 + 1ms);  // fast refusals
  for (int i = 0; i < 5; ++i) m.record(route, Outcome::timeout, t0, t0, t0 + 2s);     // --timeout 2s
  LoadRun run;
  run.totals = m;
  run.elapsed = 1s;
  SeriesAccumulator series(1);
  series.add(0, m.interval(), 0);
  run.series = series.finish();
  const RunResult r = measured_run_result(run);
  CHECK(r[Kpi::LatencyMean] == Approx(0.020).epsilon(kError));
  CHECK(r[Kpi::LatencyP50] == Approx(0.020).epsilon(kError));  // with the 503s it would be 1 ms
  CHECK(r[Kpi::LatencyP99] == Approx(0.020).epsilon(kError));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(2.0).epsilon(kError));
  REQUIRE(r.series.size() == 1);
  CHECK(r.series[0].latency_p50 == Approx(0.020).epsilon(kError));
  CHECK(r.series[0].attempt_latency_p99 == Approx(2.0).epsilon(kError));
  // The engine's own spectrum (load-report.json, thresholds) still counts every answered attempt.
  CHECK(m.latency().count() == 95);
  CHECK(m.latency().value_at_percentile(40) * 1e-9 == Approx(0.001).epsilon(kError));

  RunMeasurements refused;  // nothing succeeded: no success latency, but the attempts have one
  refused.record(refused.route_index("/"), Outcome::http_5xx, t0, t0, t0 + 1ms);
  LoadRun none;
  none.totals = refused;
  none.elapsed = 1s;
  const RunResult n = measured_run_result(none);
  CHECK(std::isnan(n[Kpi::LatencyP50]));
  CHECK(std::isnan(n[Kpi::LatencyMean]));
  CHECK(n[Kpi::AttemptLatencyP99] == Approx(0.001).epsilon(kError));
}
