// Results built in memory for the report tests: a few runs with known KPIs, groups and a sparse
// series, aggregated by sim/results' own aggregate().
#pragma once
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "sim/results/results.hpp"

namespace slotrush::test {

inline RunResult sample_run(double offset) {
  RunResult run;
  for (std::size_t k = 0; k < kKpiCount; ++k) run.kpis[k] = 10.0 * double(k) + offset;
  run[Kpi::DailyWinProbability] = NAN;  // a KPI that does not apply
  run.groups = {{"party_size", "1", 100, 10 + offset, 50}, {"party_size", "2", 40, 2, 8},
                {"device_class", "fast", 60, 9, 30}};
  run.series_interval_seconds = 1;
  for (double t : {100.0, 101.0, 105.0, 107.0}) {  // gaps after 101 (3 idle) and 105 (1 idle)
    SeriesRow row;
    row.time_seconds = t;
    row.offered = static_cast<std::uint32_t>(t) + static_cast<std::uint32_t>(offset);
    row.goodput = 3;
    row.queue_depth = 7;
    row.slots_left = 1000 - static_cast<std::int64_t>(t);
    row.latency_p50 = t == 105.0 ? NAN : 0.25;
    row.latency_p99 = 0.75;
    run.series.push_back(row);
  }
  return run;
}

inline Results sample_results(const std::string& name, int runs, double offset = 0) {
  std::vector<RunResult> list;
  for (int r = 0; r < runs; ++r) list.push_back(sample_run(offset + r));
  return aggregate(std::move(list), "simulated", name, "scenarios/" + name + ".yaml", 42);
}

inline void write_text(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

// A fresh folder under the system's temporary directory, removed when the test ends.
struct TempFolder {
  std::filesystem::path path;
  explicit TempFolder(const std::string& name)
      : path(std::filesystem::temp_directory_path() / ("slotrush-report-test-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
};

}  // namespace slotrush::test
