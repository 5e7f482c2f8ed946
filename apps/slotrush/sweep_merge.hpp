// merge_sweep_shards: the folders of one sweep run as `slotrush sweep --shard I/N` (each with its
// sweep.json and points/NNN/results.json) back into the sweep one process would have written: each
// point's shards merged by merge_shards, so every point, sweep.csv and sweep.json equal the unsharded
// ones byte for byte. Shards of different sweeps, a missing or duplicated shard: std::invalid_argument
// naming the folder.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "apps/slotrush/sweep_outputs.hpp"
#include "sim/results/results_merge.hpp"

namespace slotrush::cli {

// The whole text of a shard's file; std::invalid_argument naming it when it cannot be read.
std::string read_shard_text(const std::filesystem::path& file);

// DIR/results.json (or the file itself) as a shard; std::invalid_argument naming the file when it
// cannot be read or is not a results file.
NamedResults read_results_shard(const std::filesystem::path& argument);

// Whether `argument` is a sweep folder (holds sweep.json) or a sweep.json.
bool is_sweep_shard(const std::filesystem::path& argument);

SweepOutcome merge_sweep_shards(const std::vector<std::string>& folders);

}  // namespace slotrush::cli
