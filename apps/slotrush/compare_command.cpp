// `slotrush compare A.yaml B.yaml ...`: simulates every file with the same seed and replication
// indices (common random numbers: the same people, arrivals and draws), then prints each KPI with its
// 95% interval and the paired difference to the first file with its interval.
#include <cmath>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace slotrush::cli {

namespace {

std::string format_difference(const std::optional<ConfidenceInterval>& d) {
  if (!d) return "-";
  if (d->n < 2 || !std::isfinite(d->half_width)) return fmt::format("{:+.4g}", d->mean);
  const bool significant = d->lower() > 0 || d->upper() < 0;
  return fmt::format("{:+.4g} [{:+.3g}, {:+.3g}]{}", d->mean, d->lower(), d->upper(), significant ? " *" : "");
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> scenarios;
    RunFlags run{std::nullopt, 10};
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("compare", "compare scenario files under common random numbers");
  cmd->add_option("scenarios", o->scenarios, "two or more scenario YAML files")->required()->expected(2, -1);
  add_run_flags(*cmd, o->run, "directory for one results file per scenario");
  return [o] {
    std::vector<Scenario> scenarios;
    for (const std::string& file : o->scenarios) scenarios.push_back(load_scenario(file));  // all checked first
    const RunFlags& f = o->run;
    const std::uint64_t seed = f.seed.value_or(scenarios.front().seed);
    std::vector<Results> results;
    for (Scenario& s : scenarios) {
      s.seed = seed;
      results.push_back(simulate_scenario(s, RunOptions{f.replications, f.threads, !f.quiet}));
      if (!f.out.empty()) write_results(results.back(), f.out, s.name);
    }
    fmt::print("compare: {} replications each, seed {} (common random numbers); * = difference to {} "
               "excludes 0 at 95%\n",
               f.replications, seed, scenarios.front().name);
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      fmt::print("{} ({})\n", info(kpi).name, info(kpi).unit);
      for (std::size_t i = 0; i < results.size(); ++i) {
        const std::string diff = i == 0 ? "" : format_difference(paired_difference(results[0][kpi], results[i][kpi]));
        fmt::print("  {:<28} {:>22}  {}\n", scenarios[i].name, format_estimate(results[i][kpi].interval), diff);
      }
    }
    return 0;
  };
}

}  // namespace slotrush::cli
