// The end of a load run: the terminal table (outcomes by route, rates, the latency spectrum in both
// views), the measured RunResult in the Results schema (docs/results-schema.md: which KPIs a
// measured run fills), and the files `--out DIR` writes (results.json, series.csv, load-report.json).
#pragma once
#include <filesystem>
#include <optional>
#include <utility>
#include <string>

#include "loadgen/load_engine.hpp"
#include "loadgen/threshold.hpp"
#include "sim/results/results.hpp"

namespace slotrush::loadgen {

// What the report says about how the run was set up.
struct LoadRunDescription {
  std::string name = "load";  // results.json scenario.name: "load" for generic runs
  std::string mode;           // "closed loop", "constant rate", "poisson", "scenario"
  std::string target;         // the URL
  std::optional<double> target_rate;  // requests/s asked for (open model)
  std::size_t threads = 1;
  std::size_t connections = 0;
  std::uint64_t seed = 0;
  double population_scale = 1.0;                        // scenario mode: --population-scale
  std::optional<std::pair<double, double>> window_seconds;  // scenario mode: the simulated window run
};

std::string format_load_report(const LoadRun& run, const LoadRunDescription& description,
                               const std::vector<ThresholdVerdict>& verdicts);

// When attempts were made and none was answered (any HTTP status), the sentence that says so and
// how they ended ("no request was answered: 120 attempts, 120 connect_error"); nullopt otherwise.
// Such a run measured nothing, and the command exits 1 rather than 0 (docs/loadgen.md).
std::optional<std::string> nothing_answered(const LoadRun& run);

// The live status line for a terminal, from the series row of the second just finished; starts with
// '\r' so each second overwrites the last.
std::string format_status_line(const SeriesRow& row);

// The KPIs a measured run can fill; the others stay NaN (null in results.json).
RunResult measured_run_result(const LoadRun& run);

// Everything measured, for tools: counts by route and outcome, both spectra, rates, thresholds.
std::string load_report_json(const LoadRun& run, const LoadRunDescription& description,
                             const std::vector<ThresholdVerdict>& verdicts);

// Writes DIR/results.json (kind "measured"), DIR/series.csv and DIR/load-report.json. `result` is
// measured_run_result(run), possibly with more KPIs set by the caller (the scenario mode).
void write_load_outputs(const std::filesystem::path& dir, const LoadRun& run, const RunResult& result,
                        const LoadRunDescription& description, const std::vector<ThresholdVerdict>& verdicts);

}  // namespace slotrush::loadgen
