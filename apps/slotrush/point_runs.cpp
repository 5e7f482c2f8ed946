#include "apps/slotrush/point_runs.hpp"

#include <atomic>
#include <iterator>
#include <set>

#include <fmt/core.h>

#include "apps/slotrush/progress_bar.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/engine/replications.hpp"
#include "sim/model/appointment_world.hpp"

namespace slotrush::cli {

std::vector<Scenario> load_variants(const std::filesystem::path& base,
                                    const std::vector<std::vector<ScenarioOverride>>& variants) {
  std::vector<Scenario> scenarios;
  std::vector<ScenarioIssue> issues;
  std::set<std::string> seen;
  const ParsedScenarioFile parsed(base);  // parsed once; each variant checks its own copy of the tree
  for (const std::vector<ScenarioOverride>& overrides : variants) {
    try {
      scenarios.push_back(parsed.load(overrides));
    } catch (const ScenarioError& e) {
      for (const ScenarioIssue& i : e.issues())
        if (seen.insert(format_issue(i)).second) issues.push_back(i);
    }
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return scenarios;
}

std::vector<Results> simulate_points(std::vector<Scenario>& scenarios, const PointRunOptions& options) {
  if (options.replications == 0) throw std::invalid_argument("--replications must be at least 1");
  const std::vector<std::size_t> streams = shard_streams(options.shard, options.replications);
  for (Scenario& s : scenarios) s.seed = options.seed;
  const std::size_t reps = streams.size();  // this shard's replications of each point
  const std::size_t pairs = scenarios.size() * reps;
  ProgressBar bar(pairs, options.progress, options.label);
  std::vector<std::atomic<std::size_t>> left(scenarios.size());
  for (auto& l : left) l = reps;
  std::atomic<std::size_t> points_done{0};
  const RunScope scope{};
  if (options.times) options.times->assign(pairs, RunTime{});
  std::vector<RunResult> runs = run_replications(pairs, options.threads, [&](std::size_t i) {
    const std::size_t point = i / reps;
    const std::string suffix =
        scenarios.size() > 1 ? fmt::format("{}/{} points", points_done.load(), scenarios.size()) : std::string();
    const double cpu_before = options.times ? thread_cpu_seconds() : 0.0;
    RunResult run = simulate_appointments(scenarios[point], streams[i % reps],
                                          [&bar, i, &suffix](double f) { bar.update(i, f, suffix); }, scope);
    if (options.times)  // each pair writes its own element: no two threads touch one
      (*options.times)[i] = RunTime{point, streams[i % reps], thread_cpu_seconds() - cpu_before, run.events};
    if (--left[point] == 0) ++points_done;
    return run;
  });
  std::vector<Results> results;
  for (std::size_t p = 0; p < scenarios.size(); ++p) {
    const auto first = runs.begin() + static_cast<std::ptrdiff_t>(p * reps);
    std::vector<RunResult> mine(std::make_move_iterator(first),
                                std::make_move_iterator(first + static_cast<std::ptrdiff_t>(reps)));
    results.push_back(aggregate_runs(scenarios[p], std::move(mine), scope));
    if (options.shard.count > 1)
      results.back().shard = ShardPart{options.shard.index, options.shard.count, options.replications, streams};
  }
  return results;
}

}  // namespace slotrush::cli
