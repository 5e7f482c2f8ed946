// `slotrush sweep BASE.yaml --vary FIELD=VALUES ... --out DIR`: a parameter study. Every point of
// the grid is a scenario (the base with the point's overrides), loaded and checked before anything
// runs; all (point, replication) pairs then share one work queue on all cores, replication k of
// every point on stream k with one seed (common random numbers), and each point is aggregated
// exactly as `slotrush sim` aggregates its scenario.
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/progress_bar.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "apps/slotrush/sweep_file.hpp"
#include "apps/slotrush/sweep_grid.hpp"
#include "apps/slotrush/sweep_outputs.hpp"
#include "sim/engine/replications.hpp"
#include "sim/model/appointment_world.hpp"
#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

namespace {

// The KPIs the terminal table shows unless --kpi names others.
const std::vector<std::string> kDefaultTableKpis{"slots_booked", "booking_probability", "sold_out_seconds",
                                                 "request_success_rate", "freeze_seconds", "latency_mean"};

std::vector<Kpi> table_kpis(const std::vector<std::string>& names) {
  std::vector<Kpi> kpis;
  std::vector<std::string_view> all;
  for (const KpiInfo& k : kKpiInfo) all.push_back(k.name);
  for (const std::string& name : names) {
    const auto kpi = kpi_from_name(name);
    if (!kpi) {
      const auto near = scenario_detail::closest_name(name, all);
      throw std::invalid_argument(fmt::format("--kpi: found '{}'{}; allowed: a KPI of docs/results-schema.md", name,
                                              near ? fmt::format(" (did you mean '{}'?)", *near) : ""));
    }
    kpis.push_back(*kpi);
  }
  return kpis;
}

// Every point's scenario, or a ScenarioError with every distinct issue of every point.
std::vector<Scenario> load_points(const std::string& base, const std::vector<SweepAxis>& axes,
                                  const std::vector<SweepPoint>& points) {
  std::vector<Scenario> scenarios;
  std::vector<ScenarioIssue> issues;
  std::set<std::string> seen;
  const ParsedScenarioFile parsed(base);  // parsed once; each point checks its own copy of the tree
  for (const SweepPoint& p : points) {
    try {
      scenarios.push_back(parsed.load(overrides_of(axes, p)));
    } catch (const ScenarioError& e) {
      for (const ScenarioIssue& i : e.issues())
        if (seen.insert(format_issue(i)).second) issues.push_back(i);
    }
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return scenarios;
}

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
    const std::vector<Kpi> kpis = table_kpis(o->kpis);
    sweep.points = expand_grid(sweep.axes);
    std::vector<Scenario> scenarios = load_points(o->base, sweep.axes, sweep.points);
    sweep.seed = o->seed.value_or(scenarios.front().seed);
    for (Scenario& s : scenarios) s.seed = sweep.seed;  // one seed: the same people at every point
    check_writable(o->out);  // only once every point is known to be valid

    const std::size_t reps = o->replications;
    const std::size_t pairs = scenarios.size() * reps;
    ProgressBar bar(pairs, !o->quiet, "sweeping");
    std::vector<std::atomic<std::size_t>> left(scenarios.size());
    for (auto& l : left) l = reps;
    std::atomic<std::size_t> points_done{0};
    const RunScope scope{};
    std::vector<RunResult> runs = run_replications(pairs, o->threads, [&](std::size_t i) {
      const std::size_t point = i / reps;
      const std::string suffix = fmt::format("{}/{} points", points_done.load(), scenarios.size());
      RunResult run = simulate_appointments(scenarios[point], i % reps,
                                            [&bar, i, &suffix](double f) { bar.update(i, f, suffix); }, scope);
      if (--left[point] == 0) ++points_done;
      return run;
    });
    for (std::size_t p = 0; p < scenarios.size(); ++p) {
      std::vector<RunResult> mine(std::make_move_iterator(runs.begin() + static_cast<std::ptrdiff_t>(p * reps)),
                                  std::make_move_iterator(runs.begin() + static_cast<std::ptrdiff_t>((p + 1) * reps)));
      sweep.results.push_back(aggregate_runs(scenarios[p], std::move(mine), scope));
    }
    print_sweep_table(sweep, kpis);

    const std::filesystem::path dir = o->out;
    for (std::size_t p = 0; p < sweep.results.size(); ++p)
      write_results(sweep.results[p], dir / SweepOutcome::point_dir(p), "results");
    write_sweep_csv(sweep, dir / "sweep.csv");
    std::ofstream json(dir / "sweep.json");
    json << sweep_to_json(sweep) << '\n';
    if (!json) throw std::runtime_error(fmt::format("cannot write {}", (dir / "sweep.json").string()));
    fmt::print("wrote {0}/sweep.csv, {0}/sweep.json and {1} point folders under {0}/points/\n", o->out,
               sweep.results.size());
    return 0;
  };
}

}  // namespace slotrush::cli
