// merge_load_shards: the shards of one load test (`slotrush load --shard I/N`, every shard started at
// the same --start-at-wall instant) into the run one process sending the whole test would report:
// counts by route and outcome add, every latency histogram merges bucket by bucket (so merged
// percentiles are those of all samples, within the histogram's 1/256), each second's tallies add and
// its row is made again from the merged histograms, `in_flight` adds, the elapsed time is the longest
// shard's (they ran side by side), unfinished requests add. The shard set is checked by the one rule
// of sim/results/shard_set.hpp.
#pragma once
#include <string>
#include <vector>

#include "loadgen/load_shard_file.hpp"

namespace slotrush::loadgen {

struct NamedLoadShard {
  std::string name;  // where it was read from, for messages
  LoadShardFile file;
};

struct MergedLoad {
  LoadRun run;
  LoadRunDescription description;  // the shards' own, threads summed
};

// Throws std::invalid_argument naming the file: a shard from another test (scenario or target, mode,
// rate asked, seed, version, start instant, duration, population scale, window or shard count), the
// same shard twice, a shard missing.
MergedLoad merge_load_shards(const std::vector<NamedLoadShard>& shards);

}  // namespace slotrush::loadgen
