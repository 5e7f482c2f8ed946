// EvaluationExchange: how the shards of one `slotrush calibrate --shard I/N --exchange DIR` run one
// search in lockstep. At each evaluation every shard simulates its share of the replications (stream k
// for replication k, as `sim --shard`), writes that shard's results into DIR, waits (bounded) for the
// other shards' files of the same evaluation, and merges them by the `sim` rule. Every shard thus sees
// the objective of the unsharded run, to the last bit, and NLopt asks every shard for the same next
// point: the shards' searches, and their outputs, are the unsharded search's. DIR is a folder all the
// shards can reach (a shared file system under Slurm, a shared volume under Kubernetes).
#pragma once
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

#include "apps/slotrush/shard_flag.hpp"
#include "sim/results/results.hpp"

namespace slotrush::cli {

class EvaluationExchange {
 public:
  EvaluationExchange(std::filesystem::path dir, ShardSpec shard, std::chrono::seconds timeout);

  // Publishes this shard's results of evaluation `evaluation` (at `point`, its fields' values as text on
  // one line; the file is that line, then the results.json text)
  // and returns the merged results of all shards. std::runtime_error when a shard's file does not
  // arrive within the timeout, or when a shard evaluated another point (their searches diverged);
  // std::invalid_argument when the files do not merge (another study).
  Results share(std::size_t evaluation, const std::string& point, const Results& mine) const;

 private:
  std::filesystem::path file_of(std::size_t evaluation, std::size_t shard) const;
  std::filesystem::path dir_;
  ShardSpec shard_;
  std::chrono::seconds timeout_;
};

}  // namespace slotrush::cli
