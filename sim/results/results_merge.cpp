#include "sim/results/results_merge.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include <fmt/core.h>

#include "sim/results/shard_set.hpp"

namespace slotrush {

namespace {

std::invalid_argument refused(const std::string& name, const std::string& why) {
  return std::invalid_argument(fmt::format("merge: {}: {}", name, why));
}

// What every shard of one study has in common, as text for the message.
std::string study_of(const Results& r) {
  std::string window = r.window_seconds ? fmt::format("{}-{} s", r.window_seconds->first, r.window_seconds->second) : "the whole horizon";
  return fmt::format("scenario '{}' ({}), seed {}, {}, population scale {}, {}, {} replications in {} shards", r.scenario_name,
                     r.scenario_file, r.seed, r.producer, r.population_scale, window, r.shard->replications, r.shard->count);
}

}  // namespace

Results merge_shards(std::vector<NamedResults> shards) {
  if (shards.empty()) throw std::invalid_argument("merge: no shards given");
  for (const NamedResults& s : shards) {
    if (!s.results.shard) throw refused(s.name, "not a shard (written without --shard)");
    if (s.results.kind != "simulated") throw refused(s.name, "a " + s.results.kind + " run; only simulated shards merge here");
  }
  std::vector<ShardIdentity> identities;
  for (const NamedResults& s : shards)
    identities.push_back({s.name, s.results.shard->index, s.results.shard->count, study_of(s.results)});
  check_shard_set(identities);
  const std::size_t count = shards.front().results.shard->count;

  // Each replication's samples, by stream; the shards together hold as many as the study has.
  const std::size_t replications = shards.front().results.shard->replications;
  std::size_t held = 0;
  for (const NamedResults& s : shards) held += s.results.shard->streams.size();
  if (held != replications)
    throw std::invalid_argument(fmt::format("merge: the shards hold {} replications; the study has {} ({})", held, replications,
                                            identities.front().study));
  struct Source {
    const Results* results;
    std::size_t position;
  };
  std::vector<std::optional<Source>> by_stream(replications);
  for (const NamedResults& s : shards)
    for (std::size_t p = 0; p < s.results.shard->streams.size(); ++p) {
      const std::size_t k = s.results.shard->streams[p];
      if (k >= replications || k % count != s.results.shard->index || by_stream[k])
        throw refused(s.name, fmt::format("holds replication {}, which is not its own", k));
      by_stream[k] = Source{&s.results, p};
    }
  for (std::size_t k = 0; k < replications; ++k)
    if (!by_stream[k]) throw std::invalid_argument(fmt::format("merge: replication {} is in no shard", k));

  const Results& first = *by_stream[0]->results;  // replication 0: its series, and the group order
  Results out = first;
  out.shard.reset();
  out.runs = replications;
  out.events = 0;
  for (const NamedResults& s : shards) out.events += s.results.events;
  for (std::size_t k = 0; k < out.kpis.size(); ++k) {
    out.kpis[k].samples.clear();
    for (const auto& src : by_stream) {  // a file written before a KPI existed has no samples of it
      const std::vector<double>& from = src->results->kpis[k].samples;
      out.kpis[k].samples.push_back(from.empty() ? std::numeric_limits<double>::quiet_NaN() : from.at(src->position));
    }
  }
  // Groups in the order the unsharded run meets them: replication by replication, each run's groups
  // in the order its shard lists them (a run's groups are a subsequence of one fixed order).
  out.groups.clear();
  for (std::size_t k = 0; k < replications; ++k)
    for (const GroupEstimate& g : by_stream[k]->results->groups) {
      const std::size_t p = by_stream[k]->position;
      if (g.people_samples.size() <= p)
        throw std::invalid_argument(fmt::format("merge: group {}={} lacks replication samples", g.dimension, g.label));
      const bool here = std::isfinite(g.people_samples[p]);
      const bool known = std::any_of(out.groups.begin(), out.groups.end(), [&](const GroupEstimate& h) {
        return h.dimension == g.dimension && h.label == g.label;
      });
      if (here && !known) out.groups.push_back(GroupEstimate{g.dimension, g.label, 0, {}, {}, {}, {}, {}});
    }
  for (GroupEstimate& g : out.groups)
    for (std::size_t k = 0; k < replications; ++k) {
      const auto& groups = by_stream[k]->results->groups;
      const std::size_t p = by_stream[k]->position;
      const auto same = std::find_if(groups.begin(), groups.end(), [&](const GroupEstimate& h) {
        return h.dimension == g.dimension && h.label == g.label;
      });
      const bool absent = same == groups.end();
      g.people_samples.push_back(absent ? NAN : same->people_samples[p]);
      g.probability_samples.push_back(absent ? NAN : same->probability_samples[p]);
      g.days_samples.push_back(absent ? NAN : same->days_samples[p]);
    }
  summarize(out);
  return out;
}

}  // namespace slotrush
