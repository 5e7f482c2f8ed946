// load-shard.json (schema `slotrush.load-shard/1`): what one `slotrush load --shard I/N --out DIR`
// measured, kept whole so that `slotrush merge` adds shards exactly: counts by route and outcome, every
// latency histogram as its buckets (LatencyHistogram's own, 1/256 relative resolution), and each
// second's tallies (counts, the second's histograms, requests in flight) behind series.csv.
// results.json keeps only percentiles; this file is what merges (docs/results-schema.md).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "loadgen/load_engine.hpp"
#include "loadgen/load_report.hpp"
#include "loadgen/load_share.hpp"

namespace slotrush::loadgen {

struct LoadShardFile {
  std::string producer;         // "slotrush X.Y.Z": shards merge only across one version
  LoadShare share;              // --shard I/N
  std::int64_t start_at_wall_ns = 0;  // the agreed start, ns since the Unix epoch (UTC)
  std::string duration;         // the run's --duration (or the stages' sum) as given, for the match
  LoadRunDescription description;  // mode, target, rate asked (the whole test's), seed, threads, ...
  LoadRun run;                  // totals, elapsed, interrupted, unfinished; `seconds` behind the series
  // Scenario mode: the virtual users' counters (loadgen/scenario/scenario_counters_json.hpp), whole, so
  // the scenario KPIs merge too; null in the generic modes.
  nlohmann::json scenario;
};

std::string load_shard_json(const LoadShardFile& file);

// Writes DIR/load-shard.json; std::runtime_error when it cannot.
void write_load_shard(const std::filesystem::path& dir, const LoadShardFile& file);

// Throws std::runtime_error on a wrong schema or a malformed file.
LoadShardFile load_shard_from_json(const std::string& text);

}  // namespace slotrush::loadgen
