// What `slotrush sim` and `slotrush compare` share: running a scenario's replications on all cores
// with a progress bar on a terminal, and printing KPI tables.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <optional>

#include <CLI/CLI.hpp>

#include "apps/slotrush/shard_flag.hpp"
#include "sim/domain/run_scope.hpp"
#include "sim/results/results.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::cli {

// Flags `sim` and `compare` both take.
struct RunFlags {
  std::optional<std::uint64_t> seed;
  std::size_t replications = 1;
  unsigned threads = 0;
  std::string out;
  bool quiet = false;
  double population_scale = 1.0;
  std::string shard;  // "I/N" or "auto" (apps/slotrush/shard_flag.hpp); empty: all replications
};
void add_run_flags(CLI::App& command, RunFlags& flags, const std::string& out_help);

struct RunOptions {
  std::size_t replications = 1;
  unsigned threads = 0;  // 0: all cores
  bool progress = true;  // drawn only when stderr is a terminal
  RunScope scope;        // the fraction of the people, and the window held against a live run
  ShardSpec shard;       // run only replications k with k mod count == index (stream k each)
};

// Simulates `scenario` (with its seed) `replications` times and aggregates the runs. The Results
// carry the scope's population scale and, when it has one, its window.
Results simulate_scenario(const Scenario& scenario, const RunOptions& options);

// The replications (streams) shard I of N runs out of `replications`: k = I, I + N, ...; replication
// k is stream k whatever N is, so the shards merge into the unsharded result. std::invalid_argument
// when none falls to this shard.
std::vector<std::size_t> shard_streams(const ShardSpec& shard, std::size_t replications);

// The runs of `scenario` (replication k from stream k, in order) as the Results `sim` writes: what
// simulate_scenario and `slotrush sweep` share, so a sweep's point equals `sim` of its scenario.
Results aggregate_runs(const Scenario& scenario, std::vector<RunResult> runs, const RunScope& scope);

// Writes STEM.json and its series CSV into `dir` (created if missing); returns the STEM.json path.
std::filesystem::path write_results(const Results& results, const std::filesystem::path& dir, const std::string& stem);

// --start-at for serve, load and twin: a time of day on day 0 ("08:58") or a duration since day 0
// ("1d"); std::invalid_argument naming the flag and what is allowed otherwise.
SimTime start_at_flag(const std::string& text);

// A KPI value with its interval, e.g. "740 ± 0" or "0.0123 [0.0101, 0.0145]".
std::string format_estimate(const std::optional<ConfidenceInterval>& ci);

void print_summary(const Results& results);

}  // namespace slotrush::cli
