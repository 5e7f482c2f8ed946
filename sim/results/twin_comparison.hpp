// TwinComparison: a simulated Results held against a measured one of the same scenario, population
// scale and window (`slotrush twin`, docs/twin.md). Per KPI: the simulated mean, its prediction
// interval for one more run, the measured value, the relative difference and whether the two agree
// (inside the interval, or within the tolerance); per series column: the correlation of the two
// per-interval series over the window. Pure: no files, no clocks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/results/results.hpp"

namespace slotrush {

inline constexpr const char* kTwinSchema = "slotrush.twin/1";

// The KPIs a twin compares: what both clocks measure the same way (docs/twin.md).
const std::vector<Kpi>& twin_kpis();
// The series columns it correlates.
const std::vector<std::string>& twin_series_columns();

struct TwinKpiRow {
  Kpi kpi{};
  std::optional<double> simulated_mean;
  std::optional<std::pair<double, double>> prediction;  // at prediction_confidence (absent for one run)
  std::optional<double> measured;
  std::optional<double> relative_difference;  // (measured - simulated) / |simulated|
  bool compared = false;  // false when neither side has a value (e.g. never sold out on both)
  bool agrees = false;
  std::string verdict;    // why it agrees or not, in words
};

struct TwinSeriesRow {
  std::string column;
  std::optional<double> correlation;  // Pearson, over the window's intervals; absent if either is flat
  std::size_t intervals = 0;          // intervals both sides have a value for
};

// The chance that a live run of the model itself agrees on every compared KPI at once.
inline constexpr double kTwinFamilyConfidence = 0.95;

struct TwinComparison {
  std::vector<TwinKpiRow> kpis;
  double prediction_confidence = kTwinFamilyConfidence;  // of each KPI's interval: 1 - 0.05 / (KPIs compared)
  std::vector<TwinSeriesRow> series;
  bool agrees = true;  // every compared KPI agrees
};

// `tolerance`: the relative difference accepted outside the prediction interval (0.1 = 10%). A KPI
// also agrees when the difference is below its unit's floor (0.01 for a ratio, one series interval
// for sold-out and freeze seconds, 10 ms for a latency, one person or slot, 0.5/s for a rate): a
// relative difference of two near-zero values says nothing. `window` [start, end) in simulated
// seconds: the intervals the series are correlated over.
TwinComparison compare_twin(const Results& simulated, const Results& measured, double tolerance,
                            std::pair<double, double> window);

// The prediction interval of one more run from an estimate over n runs: mean +- t s sqrt(1 + 1/n), t
// Student's at `confidence`; at the estimate's own confidence, its half-width times sqrt(n + 1).
// Absent for n < 2.
std::optional<std::pair<double, double>> prediction_interval(const ConfidenceInterval& ci, double confidence = 0.95);

// What twin.json says besides the comparison (docs/twin.md, "twin.json").
struct TwinDescription {
  std::string scenario_name, scenario_file;
  std::uint64_t seed = 0;
  double population_scale = 1.0, time_scale = 1.0;
  std::pair<double, double> window_seconds{0, 0};
  std::size_t replications = 0;
  double tolerance = 0.1;
  double series_interval_seconds = 1.0;  // the scenario's output.series_interval, simulated
  std::string simulated = "sim/results.json", measured = "live/results.json";  // relative to twin.json
  bool clock_kept_up = true;
  double clock_lag_p99_seconds = 0, clock_lag_max_seconds = 0;  // simulated seconds
};
std::string twin_json(const TwinComparison& comparison, const TwinDescription& description);

// Dense per-interval values of one series column over [window): sparse rows read as zero counts,
// levels (slots_left) carry the previous row's value, latencies are NaN where absent.
std::vector<double> dense_series(const Results& r, const std::string& column, std::pair<double, double> window);

}  // namespace slotrush
