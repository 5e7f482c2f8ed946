// merge_shards: the shards of one study (`slotrush sim --shard I/N`, run on as many machines) back into
// exactly the result of the unsharded run: replication samples concatenated in stream order, then the
// same summaries, the series of replication 0, the events summed. Byte-identical results.json.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "sim/results/results.hpp"

namespace slotrush {

struct NamedResults {
  std::string name;  // where it was read from, for messages
  Results results;
};

// Throws std::invalid_argument naming the file when a shard is not a shard, comes from another
// scenario, seed, version, population scale, window or study size, is duplicated, or one is missing.
Results merge_shards(std::vector<NamedResults> shards);

}  // namespace slotrush
