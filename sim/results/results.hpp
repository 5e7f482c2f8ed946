// Results: the one schema for simulated and measured runs (docs/results-schema.md): KPIs with 95%
// Student-t intervals over replications, outcomes by group, and the time series of the first run.
// `slotrush sim`, `slotrush compare`, `slotrush load` and `slotrush report` all read and write it.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/results/run_result.hpp"
#include "sim/stats/confidence_interval.hpp"

namespace slotrush {

inline constexpr const char* kResultsSchema = "slotrush.results/1";

struct KpiEstimate {
  Kpi kpi{};
  std::optional<ConfidenceInterval> interval;  // absent when no run had a value
  std::vector<double> samples;                 // one per run (NaN where it did not apply)
};

// The program that writes results files, with its version (CMake's project version).
inline constexpr const char* kProducer = "slotrush " SLOTRUSH_VERSION;

struct GroupEstimate {
  std::string dimension;
  std::string label;
  double people = 0;  // mean per run
  std::optional<ConfidenceInterval> booking_probability;
  std::optional<ConfidenceInterval> mean_days_waited;
  // Per run, in run order (what the estimates above summarise; shards merge by concatenating them).
  std::vector<double> people_samples, probability_samples, days_samples;
};

// Which share of a study's replications a run holds (`--shard I/N`): replication k (stream k) belongs
// to shard k mod N, so shards merge into exactly the unsharded result (sim/results/results_merge.hpp).
struct ShardPart {
  std::size_t index = 0;
  std::size_t count = 1;
  std::size_t replications = 1;        // of the whole study
  std::vector<std::size_t> streams;    // the replication (stream) index of each run here, ascending
};

struct Results {
  std::string kind;  // "simulated" or "measured"
  std::string scenario_name;
  std::string scenario_file;
  std::uint64_t seed = 0;
  double population_scale = 1.0;  // fraction of the scenario's people (--population-scale)
  // The simulated window the runs cover, in seconds since day 0's midnight; absent: the whole horizon.
  std::optional<std::pair<double, double>> window_seconds;
  std::size_t runs = 0;
  std::vector<KpiEstimate> kpis;  // in Kpi order
  std::vector<GroupEstimate> groups;
  std::vector<SeriesRow> series;  // of the first run
  double series_interval_seconds = 1.0;
  // Columns of kSeriesColumns the series does not have: not measured by its producer, or missing
  // from an older file (docs/results-schema.md, `series.absent_columns`).
  std::vector<std::string> absent_series_columns;
  std::uint64_t events = 0;  // summed over runs
  std::string producer = kProducer;  // "slotrush X.Y.Z" that wrote it: shards merge only across one
  std::optional<ShardPart> shard;    // set when this is one shard of a study

  const KpiEstimate& operator[](Kpi k) const { return kpis[static_cast<std::size_t>(k)]; }
};

// Recomputes every interval and group mean from the samples (what aggregate() and a merge share).
void summarize(Results& results);

// Aggregates runs (replications) into estimates. Runs must be non-empty.
Results aggregate(std::vector<RunResult> runs, std::string kind, std::string scenario_name,
                  std::string scenario_file, std::uint64_t seed);

// Interval of b - a for a KPI, pairing runs by index (valid under common random numbers); absent if
// either side lacks values or the run counts differ.
std::optional<ConfidenceInterval> paired_difference(const KpiEstimate& a, const KpiEstimate& b);

// A row's cells in kSeriesColumns order (NaN where a latency has no value).
std::vector<double> series_row_values(const SeriesRow& row);

// Whether `column` (a kSeriesColumns name) is absent from the series: a reader shows no value for it.
bool series_column_absent(const Results& results, std::string_view column);

std::string to_json(const Results& results);
Results results_from_json(const std::string& text);  // throws std::runtime_error on a bad file
void write_series_csv(const Results& results, const std::filesystem::path& file);

}  // namespace slotrush
