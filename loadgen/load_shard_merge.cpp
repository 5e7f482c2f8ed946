#include "loadgen/load_shard_merge.hpp"

#include <algorithm>

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
  std::vector<std::size_t> all;
  for (const NamedLoadShard& s : shards)
    for (const SecondTally& t : s.file.run.seconds) all.push_back(t.second);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  for (const NamedLoadShard& s : shards) {
    const auto& mine = s.file.run.seconds;
    for (const std::size_t second : all) {
      const auto it = std::find_if(mine.begin(), mine.end(), [&](const SecondTally& t) { return t.second == second; });
      if (it != mine.end())
        seconds.add(second, it->tally, it->in_flight);
      else
        seconds.add(second, IntervalTally{}, 0);
    }
  }
  out.run.series = seconds.finish();
  out.run.seconds = seconds.finish_seconds();
  return out;
}

}  // namespace slotrush::loadgen
