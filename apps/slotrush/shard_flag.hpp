// `--shard I/N` and `--shard auto`: which share of a study this process runs. auto reads the
// scheduler's own variables: SLURM_ARRAY_TASK_ID with SLURM_ARRAY_TASK_COUNT (a Slurm job array),
// SLURM_PROCID with SLURM_NTASKS (the tasks of one srun step: a sharded load test),
// or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) with JOB_COMPLETIONS, which the Job's manifest
// sets to its `completions` (deploy/k8s/).
#pragma once
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

namespace slotrush::cli {

struct ShardSpec {
  std::size_t index = 0;
  std::size_t count = 1;
};

// std::invalid_argument naming the flag, what was found and what is allowed; `environment` looks a
// variable up (std::getenv by default).
ShardSpec parse_shard(const std::string& text,
                      const std::function<std::optional<std::string>(const char*)>& environment = {});

}  // namespace slotrush::cli
