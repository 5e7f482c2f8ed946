// OpenMetrics export of a run's time series: the series of a Results (replication 0) written as
// timestamped samples under the metric names a live run exports (docs/metrics.md, "Simulated days"),
// so `promtool tsdb create-blocks-from openmetrics` can backfill a simulated day into Prometheus and
// the live dashboards show it. Simulated time 0 is mapped onto a chosen wall-clock instant.
#pragma once
#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>

#include "sim/results/results.hpp"

namespace slotrush {

struct OpenMetricsExport {
  std::int64_t day0_unix_ms = 0;   // the wall-clock instant of simulated time 0 (Unix ms, UTC)
  std::string job = "slotrush-sim";  // `job` label of every series: tells simulated from live data
  // Spacing of the idle samples written across omitted (idle) intervals, so every series stays
  // inside Prometheus' 5-minute lookback and gauges read as idle rather than as their last value.
  std::int64_t idle_sample_every_ms = 60'000;
};

// Writes the series as OpenMetrics text ending in "# EOF": one family at a time, each series'
// samples in increasing time; counters cumulative from 0 at simulated time 0.
void write_openmetrics(const Results& results, const OpenMetricsExport& options, std::ostream& out);
// The same into a file; throws std::runtime_error if it cannot be written.
void write_openmetrics_file(const Results& results, const OpenMetricsExport& options,
                            const std::filesystem::path& file);

}  // namespace slotrush
