#include "sim/results/shard_set.hpp"

#include <map>
#include <stdexcept>

#include <fmt/core.h>

namespace slotrush {

void check_shard_set(const std::vector<ShardIdentity>& shards) {
  if (shards.empty()) throw std::invalid_argument("merge: no shards given");
  const std::string& study = shards.front().study;
  std::map<std::size_t, std::string> seen;  // shard index -> file
  for (const ShardIdentity& s : shards) {
    if (s.study != study)
      throw std::invalid_argument(fmt::format("merge: {}: from another study: {}; the first shard is {}", s.name, s.study, study));
    const auto [it, fresh] = seen.emplace(s.index, s.name);
    if (!fresh) throw std::invalid_argument(fmt::format("merge: {}: shard {} again (also {})", s.name, s.index, it->second));
  }
  const std::size_t count = shards.front().count;
  for (std::size_t i = 0; i < count; ++i)
    if (!seen.contains(i)) throw std::invalid_argument(fmt::format("merge: shard {}/{} is missing ({})", i, count, study));
}

}  // namespace slotrush
