// `slotrush sweep BASE.yaml --vary FIELD=VALUES ... --out DIR`: a parameter study. Every point of
// the grid is a scenario (the base with the point's overrides), loaded and checked before anything
// runs; all (point, replication) pairs then share one work queue on all cores, replication k of
// every point on stream k with one seed (common random numbers), and each point is aggregated
// exactly as `slotrush sim` aggregates its scenario.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/point_runs.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "apps/slotrush/shard_flag.hpp"
#include "apps/slotrush/sweep_file.hpp"
#include "apps/slotrush/sweep_grid.hpp"
#include "apps/slotrush/sweep_outputs.hpp"
#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

namespace {

// The KPIs the terminal table shows unless --kpi names others.
const std::vector<std::string> kDefaultTableKpis{"slots_booked", "booking_probability", "sold_out_seconds",
                                                 "request_success_rate", "freeze_seconds", "latency_mean"};

}  // namespace

Command add_sweep_command(CLI::App& app) {
  struct Options {
    std::string base;
    std::string file;
    std::vector<std::string> vary;
    std::vector<std::string> kpis = kDefaultTableKpis;
    std::optional<std::uint64_t> seed;
    std::size_t replications = 1;
    unsigned threads = 0;
    std::string out;
    std::string shard;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sweep", "a parameter study: a scenario over a grid of field values");
  cmd->add_option("base", o->base, "base scenario YAML file (or give --file)");
  cmd->add_option("--file", o->file,
                  "a sweep file (base, vary, replications, seed, kpis; docs/analysis.md); flags given too win, "
                  "--vary adds fields");
  cmd->add_option("--vary", o->vary,
                  "FIELD=V1,V2,... or FIELD=LOW:HIGH:STEP, FIELD a path of docs/scenario-reference.md "
                  "(e.g. allocation.lottery.senior_reserve_fraction=0:1:0.1); several make a grid")
      ;
  cmd->add_option("--replications,-r", o->replications, "replications per point (95% intervals when > 1)")
      ->check(positive());
  cmd->add_option("--seed", o->seed, "random seed of every point (default: the base scenario's)");
  cmd->add_option("--threads", o->threads, "threads (default: all cores)");
  cmd->add_option("--out", o->out, "directory for sweep.csv, sweep.json and points/NNN/")->required();
  cmd->add_option("--kpi", o->kpis, "a KPI for the terminal table (repeat; default: a few main ones)");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress bar");
  cmd->add_option("--shard", o->shard,
                  "run share I of N of every point's replications (I/N, or auto under Slurm / a Kubernetes "
                  "Indexed Job); slotrush merge combines the sweep folders exactly");
  return [o, cmd] {
    SweepOutcome sweep;
    if (!o->file.empty()) {
      SweepFile f = read_sweep_file(o->file);
      if (o->base.empty()) o->base = f.base.string();
      if (cmd->count("--replications") == 0 && f.replications) o->replications = *f.replications;
      if (!o->seed) o->seed = f.seed;
      if (cmd->count("--kpi") == 0 && !f.kpis.empty()) o->kpis = f.kpis;
      sweep.axes = std::move(f.axes);
    }
    if (o->base.empty()) throw std::invalid_argument("sweep: found no base scenario; allowed: BASE.yaml or --file with base:");
    sweep.base_file = o->base;
    sweep.replications = o->replications;
    for (const std::string& v : o->vary) sweep.axes.push_back(parse_axis(v));
    if (sweep.axes.empty()) throw std::invalid_argument("sweep: found no field to vary; allowed: --vary FIELD=VALUES or --file with vary:");
    std::vector<Kpi> kpis;
    for (const std::string& k : o->kpis) kpis.push_back(kpi_flag(k, "--kpi"));
    sweep.points = expand_grid(sweep.axes);
    std::vector<std::vector<ScenarioOverride>> variants;
    for (const SweepPoint& p : sweep.points) variants.push_back(overrides_of(sweep.axes, p));
    std::vector<Scenario> scenarios = load_variants(o->base, variants);
    sweep.seed = o->seed.value_or(scenarios.front().seed);  // one seed: the same people at every point
    const ShardSpec shard = o->shard.empty() ? ShardSpec{} : parse_shard(o->shard);
    (void)shard_streams(shard, o->replications);  // a shard with no replication is refused before any run
    check_writable(o->out);  // only once every point is known to be valid

    std::vector<RunTime> times;
    sweep.results = simulate_points(scenarios,
                                    {sweep.seed, o->replications, o->threads, !o->quiet, "sweeping", shard, &times});
    print_sweep_table(sweep, kpis);
    write_sweep_outputs(sweep, o->out);
    write_run_times(times, std::filesystem::path(o->out) / "timing.csv");
    fmt::print("{}\n", describe_time_split(times));
    fmt::print("wrote {0}/sweep.csv, {0}/sweep.json, {0}/timing.csv and {1} point folders under {0}/points/\n",
               o->out, sweep.results.size());
    return 0;
  };
}

}  // namespace slotrush::cli
