// `slotrush sim SCENARIO`: simulates a scenario (R replications on all cores), prints the KPI table
// and, with --out, writes results.json and series.csv.
#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace slotrush::cli {

Command add_sim_command(CLI::App& app) {
  struct Options {
    std::string scenario;
    RunFlags run;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sim", "simulate a scenario file in virtual time");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  add_run_flags(*cmd, o->run, "directory for results.json and series.csv");
  return [o] {
    Scenario scenario = load_scenario(o->scenario);
    const RunFlags& f = o->run;
    if (f.seed) scenario.seed = *f.seed;
    const Results results = simulate_scenario(scenario, RunOptions{f.replications, f.threads, !f.quiet});
    print_summary(results);
    if (!f.out.empty()) {
      write_results(results, f.out, "results");
      fmt::print("wrote {}/results.json and {}/series.csv\n", f.out, f.out);
    }
    return 0;
  };
}

}  // namespace slotrush::cli
