#include "apps/slotrush/scenario_runs.hpp"

#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/progress_bar.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <mutex>

#include <fmt/core.h>

#include "sim/engine/replications.hpp"
#include "sim/model/appointment_world.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush::cli {


void add_run_flags(CLI::App& command, RunFlags& flags, const std::string& out_help) {
  command.add_option("--seed", flags.seed, "random seed (default: the (first) scenario's)");
  command.add_option("--replications,-r", flags.replications, "independent replications (95% intervals when > 1)")
      ->check(positive());
  command.add_option("--threads", flags.threads, "threads (default: all cores)");
  command.add_option("--out", flags.out, out_help);
  command.add_flag("--quiet,-q", flags.quiet, "no progress bar");
  command.add_option("--population-scale", flags.population_scale,
                     "fraction of the scenario's people, in (0, 1]: the same people, phones and start times as "
                     "slotrush load --population-scale of that value")
      ->capture_default_str();
  command.add_option("--shard", flags.shard,
                     "run share I of N of the replications (I/N, or auto under Slurm / a Kubernetes Indexed Job); "
                     "slotrush merge combines the shards exactly");
}

std::vector<std::size_t> shard_streams(const ShardSpec& shard, std::size_t replications) {
  std::vector<std::size_t> streams;
  for (std::size_t k = shard.index; k < replications; k += shard.count) streams.push_back(k);
  if (streams.empty())
    throw std::invalid_argument(fmt::format("--shard {}/{}: no replication of {} falls to this shard; allowed: at most "
                                            "as many shards as replications", shard.index, shard.count, replications));
  return streams;
}

Results simulate_scenario(const Scenario& scenario, const RunOptions& options) {
  if (options.replications == 0) throw std::invalid_argument("--replications must be at least 1");
  validate(options.scope);  // before any thread starts
  const ShardSpec& shard = options.shard;
  const std::vector<std::size_t> streams = shard_streams(shard, options.replications);
  ProgressBar bar(streams.size(), options.progress, "simulating");
  std::vector<RunResult> runs = run_replications(streams.size(), options.threads, [&](std::size_t j) {
    return simulate_appointments(scenario, streams[j], [&bar, j](double f) { bar.update(j, f); }, options.scope);
  });
  Results results = aggregate_runs(scenario, std::move(runs), options.scope);
  if (shard.count > 1) results.shard = ShardPart{shard.index, shard.count, options.replications, streams};
  return results;
}

Results aggregate_runs(const Scenario& scenario, std::vector<RunResult> runs, const RunScope& scope) {
  Results results = aggregate(std::move(runs), "simulated", scenario.name, scenario.source_file, scenario.seed);
  results.population_scale = scope.population_scale;
  if (scope.start > 0 || scope.end)
    results.window_seconds.emplace(exact_seconds(scope.start), exact_seconds(scope.end.value_or(scenario.horizon())));
  return results;
}

std::filesystem::path write_results(const Results& results, const std::filesystem::path& dir, const std::string& stem) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path json = dir / (stem + ".json");
  std::ofstream out(json);
  out << to_json(results) << '\n';
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", json.string()));
  write_series_csv(results, dir / (stem == "results" ? std::string("series.csv") : stem + "-series.csv"));
  return json;
}

SimTime start_at_flag(const std::string& text) {
  if (const auto t = parse_time_of_day(text)) return *t;
  if (const auto t = parse_duration(text)) return *t;
  throw std::invalid_argument("--start-at: found '" + text + "'; allowed: " + std::string(kTimeOfDaySyntax) + ", or " +
                              std::string(kDurationSyntax));
}

std::string format_estimate(const std::optional<ConfidenceInterval>& ci) {
  if (!ci) return "-";
  if (ci->n < 2 || !std::isfinite(ci->half_width)) return fmt::format("{:.4g}", ci->mean);
  return fmt::format("{:.4g} ± {:.2g}", ci->mean, ci->half_width);
}

void print_summary(const Results& r) {
  fmt::print("{} ({} replication{}, seed {}, {} events)\n", r.scenario_name, r.runs, r.runs == 1 ? "" : "s",
             r.seed, r.events);
  fmt::print("  {:<22} {:>24}  {}\n", "kpi", r.runs > 1 ? "mean ± 95% half-width" : "value", "unit");
  for (const KpiEstimate& e : r.kpis)
    fmt::print("  {:<22} {:>24}  {}\n", info(e.kpi).name, format_estimate(e.interval), info(e.kpi).unit);
  bool header = false;
  for (const GroupEstimate& g : r.groups) {
    if (g.dimension == "party_size_x_device_class") continue;
    if (!header) {
      fmt::print("  booking probability by group:\n");
      header = true;
    }
    fmt::print("    {:<14} {:<12} {:>10.0f} people  {:>22}  days waited {}\n", g.dimension, g.label, g.people,
               format_estimate(g.booking_probability), format_estimate(g.mean_days_waited));
  }
}

}  // namespace slotrush::cli
