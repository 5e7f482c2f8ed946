#include "apps/slotrush/shard_flag.hpp"

#include <charconv>
#include <cstdlib>
#include <stdexcept>

namespace slotrush::cli {

namespace {

std::optional<std::size_t> whole(const std::string& text) {
  std::size_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

ShardSpec checked(std::optional<std::size_t> index, std::optional<std::size_t> count, const std::string& found) {
  if (!index || !count || *count == 0 || *index >= *count)
    throw std::invalid_argument("--shard: found '" + found +
                                "'; allowed: I/N with 0 <= I < N (e.g. 0/4), or auto under Slurm or a Kubernetes Indexed Job");
  return ShardSpec{*index, *count};
}

}  // namespace

ShardSpec parse_shard(const std::string& text,
                      const std::function<std::optional<std::string>(const char*)>& environment) {
  const auto env = [&](const char* name) -> std::optional<std::string> {
    if (environment) return environment(name);
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
  if (text != "auto") {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return checked(std::nullopt, std::nullopt, text);
    return checked(whole(text.substr(0, slash)), whole(text.substr(slash + 1)), text);
  }
  if (const auto id = env("SLURM_ARRAY_TASK_ID")) {
    const auto count = env("SLURM_ARRAY_TASK_COUNT");
    const auto min = env("SLURM_ARRAY_TASK_MIN");  // arrays may start at 1 (--array=1-4)
    const std::size_t base = min ? whole(*min).value_or(0) : 0;
    const auto i = whole(*id);
    return checked(i && *i >= base ? std::optional(*i - base) : std::nullopt, count ? whole(*count) : std::nullopt,
                   "auto: SLURM_ARRAY_TASK_ID=" + *id + " SLURM_ARRAY_TASK_COUNT=" + count.value_or("(unset)"));
  }
  if (const auto rank = env("SLURM_PROCID")) {  // a task of one `srun -N k` step (deploy/slurm/load-step.sbatch)
    const auto tasks = env("SLURM_NTASKS");
    return checked(whole(*rank), tasks ? whole(*tasks) : std::nullopt,
                   "auto: SLURM_PROCID=" + *rank + " SLURM_NTASKS=" + tasks.value_or("(unset)"));
  }
  if (const auto index = env("JOB_COMPLETION_INDEX")) {
    const auto count = env("JOB_COMPLETIONS");
    if (!count)
      throw std::invalid_argument("--shard auto: JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not; set it in the "
                                  "Job's manifest to spec.completions (deploy/k8s/)");
    return checked(whole(*index), whole(*count), "auto: JOB_COMPLETION_INDEX=" + *index + " JOB_COMPLETIONS=" + *count);
  }
  throw std::invalid_argument(
      "--shard auto: no scheduler variables found (SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT under a Slurm job "
      "array, SLURM_PROCID and SLURM_NTASKS in an srun step, JOB_COMPLETION_INDEX and JOB_COMPLETIONS under a Kubernetes Indexed Job); give --shard I/N instead");
}

}  // namespace slotrush::cli
