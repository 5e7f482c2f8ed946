// The series a generic load run writes to results.json: each second marked frozen by the one freeze
// rule (most attempts that ended in it timed out or got a 5xx), freeze_seconds the count of those
// seconds, and the columns a client cannot see listed as absent rather than left as zeros.
#include <algorithm>

#include <catch2/catch.hpp>

#include "loadgen/load_report.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace std::chrono_literals;

TEST_CASE("a load run's seconds are frozen by the freeze rule and its blind columns are absent", "[loadgen]") {
  struct Second {
    std::uint32_t attempts, successes, timeouts, errors_5xx;
    bool frozen;
  };
  const std::vector<Second> seconds{{10, 10, 0, 0, false}, {10, 5, 3, 2, false},  // exactly half failed
                                    {10, 4, 4, 2, true},   {0, 0, 0, 0, false},   // nothing ended
                                    {3, 0, 0, 3, true}};
  LoadRun run;
  run.elapsed = 5s;
  for (std::size_t k = 0; k < seconds.size(); ++k) {
    SeriesRow row;
    row.time_seconds = static_cast<double>(k);
    row.offered = seconds[k].attempts;
    row.goodput = seconds[k].successes;
    row.timeouts = seconds[k].timeouts;
    row.rejected = seconds[k].errors_5xx;
    run.series.push_back(row);
  }
  const RunResult r = measured_run_result(run);
  REQUIRE(r.series.size() == seconds.size());
  for (std::size_t k = 0; k < seconds.size(); ++k) CHECK(r.series[k].frozen == (seconds[k].frozen ? 1u : 0u));
  CHECK(r[Kpi::FreezeSeconds] == 2.0);
  const auto absent = [&](const char* column) {
    return std::find(r.absent_series_columns.begin(), r.absent_series_columns.end(), column) !=
           r.absent_series_columns.end();
  };
  for (const char* blind : {"queue_depth", "waiting_room", "slots_left", "bookings", "retries", "throttled"})
    CHECK(absent(blind));
  for (const char* seen : {"offered", "goodput", "timeouts", "rejected", "in_flight", "latency_p50_s", "frozen"})
    CHECK_FALSE(absent(seen));
}
