// check_shard_set: the one rule by which `slotrush merge` accepts a set of shards, simulated or load:
// every shard belongs to the same study (the same text of what they share), no index comes twice, and
// every index 0..N-1 is there. Messages name the file.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace slotrush {

struct ShardIdentity {
  std::string name;   // where it was read from
  std::size_t index = 0;
  std::size_t count = 1;
  std::string study;  // what every shard of the study has in common, as text (the count included)
};

// Throws std::invalid_argument: "merge: FILE: from another study: ...", "merge: FILE: shard I again
// (also FILE)", "merge: shard I/N is missing (...)", or "merge: no shards given".
void check_shard_set(const std::vector<ShardIdentity>& shards);

}  // namespace slotrush
