#include "loadgen/load_shard_merge.hpp"

#include <algorithm>
#include <map>

#include <fmt/core.h>

#include "sim/results/shard_set.hpp"

namespace slotrush::loadgen {
namespace {

// What every shard of one load test has in common, as text for the message.
std::string test_of(const LoadShardFile& f) {
  const LoadRunDescription& d = f.description;
  const std::string rate = d.target_rate ? fmt::format("{}/s", *d.target_rate) : std::string("no rate (closed loop)");
  const std::string window =
      d.window_seconds ? fmt::format(", window {}-{} s", d.window_seconds->first, d.window_seconds->second) : std::string();
  return fmt::format("'{}' {} against {}, {}, duration {}, seed {}, {}, population scale {}{}, started at {} ns, {} shards",
                     d.name, d.mode, d.target, rate, f.duration, d.seed, f.producer, d.population_scale, window,
                     f.start_at_wall_ns, f.share.count);
}

}  // namespace

MergedLoad merge_load_shards(const std::vector<NamedLoadShard>& shards) {
  std::vector<ShardIdentity> identities;
  for (const NamedLoadShard& s : shards)
    identities.push_back({s.name, s.file.share.index, s.file.share.count, test_of(s.file)});
  check_shard_set(identities);

  MergedLoad out;
  out.description = shards.front().file.description;
  out.description.threads = 0;
  SeriesAccumulator seconds(shards.size(), {}, true);
  for (const NamedLoadShard& s : shards) {
    const LoadRun& r = s.file.run;
    out.description.threads += s.file.description.threads;
    out.run.totals.merge(r.totals);
    out.run.elapsed = std::max(out.run.elapsed, r.elapsed);
    out.run.interrupted = out.run.interrupted || r.interrupted;
    out.run.unfinished += r.unfinished;
  }
  // Second by second: a shard silent in a second (no row) reports it empty, so every second is whole.
  std::map<std::size_t, std::vector<const SecondTally*>> by_second;  // second -> one entry per shard
  for (std::size_t k = 0; k < shards.size(); ++k)
    for (const SecondTally& t : shards[k].file.run.seconds) {
      auto& row = by_second.try_emplace(t.second, shards.size(), nullptr).first->second;
      row[k] = &t;
    }
  const IntervalTally silent;
  for (const auto& [second, row] : by_second)
    for (const SecondTally* t : row) seconds.add(second, t ? t->tally : silent, t ? t->in_flight : 0);
  out.run.series = seconds.finish();
  out.run.seconds = seconds.finish_seconds();
  return out;
}

}  // namespace slotrush::loadgen
