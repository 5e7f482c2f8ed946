// `slotrush compare A.yaml B.yaml ...`: simulates every file with the same seed and replication
// indices (common random numbers: the same people, arrivals and draws), then prints each KPI with its
// 95% interval and the paired difference to the first file with its interval.
#include <algorithm>
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

// Terminal columns of a UTF-8 string ("±" is two bytes, one column).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> scenarios;
    RunFlags run{std::nullopt, 10, 0, "", false};
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
      results.push_back(simulate_scenario(s, RunOptions{f.replications, f.threads, !f.quiet, RunScope{f.population_scale, 0, {}}}));
      if (!f.out.empty()) write_results(results.back(), f.out, s.name);
    }
    fmt::print("compare: {} replications each, seed {} (common random numbers); the difference to {} is "
               "paired by replication, * where its 95% interval excludes 0\n",
               f.replications, seed, scenarios.front().name);
    // One row per KPI, one column per file; later files also show their difference to the first.
    std::vector<std::vector<std::string>> cells;
    cells.push_back({"kpi", "unit"});
    for (std::size_t i = 0; i < scenarios.size(); ++i) cells.front().push_back(scenarios[i].name);
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      std::vector<std::string> row{std::string(info(kpi).name), std::string(info(kpi).unit)};
      for (std::size_t i = 0; i < results.size(); ++i) {
        std::string cell = format_estimate(results[i][kpi].interval);
        if (i > 0) {
          const auto d = paired_difference(results[0][kpi], results[i][kpi]);
          if (d) cell += "  (" + format_difference(d) + ")";
        }
        row.push_back(cell);
      }
      cells.push_back(row);
    }
    std::vector<std::size_t> width(cells.front().size(), 0);
    for (const auto& row : cells)
      for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
    for (const auto& row : cells) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c)
        line += row[c] + std::string(width[c] - display_width(row[c]) + 2, ' ');
      fmt::print("{}\n", line.substr(0, line.find_last_not_of(' ') + 1));
    }
    return 0;
  };
}

}  // namespace slotrush::cli
