// RunResult: what one run of a scenario produced, simulated (one replication) or measured (one live
// load test): KPI values, outcomes by population group, and a time series. Results aggregates runs.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/results/kpi.hpp"

namespace slotrush {

// One row per series interval, counted at the server or at the client as named.
struct SeriesRow {
  double time_seconds = 0;       // interval start, since the run started
  std::uint32_t offered = 0;     // attempts reaching the server (rejected ones included)
  std::uint32_t goodput = 0;     // attempts answered successfully before the client's timeout
  std::uint32_t timeouts = 0;    // attempts the client gave up on (timeout or lost)
  std::uint32_t rejected = 0;    // attempts refused by the server (503)
  std::uint32_t retries = 0;     // attempts that were automatic retries
  std::uint32_t bookings = 0;    // slots confirmed in the interval
  std::uint32_t queue_depth = 0; // requests waiting at the server at the interval's end
  std::uint32_t in_flight = 0;   // requests sent and not yet answered or given up, at the end
  std::uint32_t waiting_room = 0;  // clients held in the waiting room at the end
  std::int64_t slots_left = 0;   // open slots at the end
  double latency_p50 = NAN;      // seconds, useful answers received in the interval (NaN if none)
  double latency_p99 = NAN;
  std::uint32_t throttled = 0;   // attempts the client's adaptive throttle refused (never sent)
  double attempt_latency_p99 = NAN;  // seconds, every attempt that ended, timeouts at the timeout
  std::uint32_t frozen = 0;      // 1 when the interval is frozen (sim/results/freeze_rule.hpp), else 0
};

// Columns added later go last, so files written before them still read by position.
inline constexpr std::array<const char*, 16> kSeriesColumns{
    "time_s",      "offered",   "goodput",      "timeouts",   "rejected",      "retries",
    "bookings",    "queue_depth", "in_flight",  "waiting_room", "slots_left",  "latency_p50_s",
    "latency_p99_s", "throttled", "attempt_latency_p99_s", "frozen"};

// Outcome counts for one group of people, e.g. dimension "party_size", label "3".
struct GroupOutcome {
  std::string dimension;
  std::string label;
  double people = 0;
  double booked = 0;
  double days_waited_sum = 0;  // over those booked
  double booking_probability() const { return people > 0 ? booked / people : NAN; }
  double mean_days_waited() const { return booked > 0 ? days_waited_sum / booked : NAN; }
};

struct RunResult {
  std::array<double, kKpiCount> kpis{};  // NaN where a KPI does not apply (e.g. never sold out)
  std::vector<GroupOutcome> groups;
  std::vector<SeriesRow> series;
  double series_interval_seconds = 1.0;
  // Series columns this run does not measure (a load run has no server-side queue): their cells are
  // 0 by default and mean nothing, so readers show them as absent, never as a line of zeros.
  std::vector<std::string> absent_series_columns;
  std::uint64_t events = 0;  // simulated runs: kernel events fired

  RunResult() { kpis.fill(NAN); }
  double& operator[](Kpi k) { return kpis[static_cast<std::size_t>(k)]; }
  double operator[](Kpi k) const { return kpis[static_cast<std::size_t>(k)]; }
};

}  // namespace slotrush
