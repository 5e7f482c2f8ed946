// What `slotrush sweep` and `slotrush calibrate` share: scenarios made from one base file by setting
// some of its fields (a sweep's points, a calibration's evaluations), all checked before anything runs,
// then simulated under common random numbers: one seed at every point and replication k of every
// point on stream k, so two points differ only by their fields. Each point is aggregated exactly as
// `slotrush sim` aggregates its scenario (aggregate_runs), so a point equals `sim` of its scenario.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "apps/slotrush/run_times.hpp"
#include "apps/slotrush/shard_flag.hpp"
#include "sim/results/results.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

// The base with each variant's overrides; a ScenarioError listing every distinct issue of every
// variant (a bad path or value is reported once, with "did you mean", whichever variant has it).
std::vector<Scenario> load_variants(const std::filesystem::path& base,
                                    const std::vector<std::vector<ScenarioOverride>>& variants);

struct PointRunOptions {
  std::uint64_t seed = 0;            // of every point: common random numbers
  std::size_t replications = 1;
  unsigned threads = 0;              // 0: all cores
  bool progress = true;              // drawn only when stderr is a terminal
  std::string label = "simulating";  // the progress bar's
  ShardSpec shard{};                 // this process runs replications k = I, I + N, ... of every point
  std::vector<RunTime>* times = nullptr;  // if set: each run's cost, in (point, replication) order
};

// Sets every scenario's seed to options.seed and runs all (point, replication) pairs on one work
// queue; one Results per scenario, in order. Under a shard (N > 1) each Results is that point's
// shard, which merge_shards combines with the other shards' into the unsharded point.
std::vector<Results> simulate_points(std::vector<Scenario>& scenarios, const PointRunOptions& options);

}  // namespace slotrush::cli
