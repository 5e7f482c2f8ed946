// The scenario mode of `slotrush load SCENARIO --target URL`: builds the PopulationPlan, runs its
// virtual users on the LoadEngine's threads and senders (ScenarioLoad), and reports the engine's
// measurements together with the scenario KPIs (docs/loadgen.md, "Scenario mode").
#pragma once
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/load_engine.hpp"
#include "loadgen/load_report.hpp"
#include "loadgen/load_share.hpp"
#include "loadgen/metrics_exporter.hpp"
#include "loadgen/scenario/population_plan.hpp"
#include "loadgen/scenario/scenario_counters.hpp"
#include "loadgen/scenario/virtual_user_shard.hpp"
#include "sim/results/run_result.hpp"

namespace slotrush::loadgen {

struct ScenarioModeOptions {
  std::string scenario_file;
  std::string target;  // http://HOST:PORT
  LoadScaling scaling;
  std::size_t threads = 1;
  std::size_t connections = 64;  // over all threads
  std::vector<std::string> thresholds;
  std::string out;  // directory for results.json, series.csv, load-report.json; empty: none
  bool quiet = false;
  std::string metrics;  // --metrics HOST:PORT: serve Prometheus /metrics during the run; empty: off
  LoadShare share;      // --shard: this process's part of the people
  std::optional<Clock::time_point> origin;  // --start-at-wall: the agreed start; default now
  std::optional<Clock::duration> late_start_tolerance;  // LoadEngineOptions'
  bool keep_seconds = false;                // LoadRun::seconds, for a shard's file
  // Called after the run with what was measured, described and counted by the virtual users (a shard's
  // file is written there).
  std::function<void(const LoadRun&, const LoadRunDescription&, const ScenarioCounters&)> after_run;
};

struct ScenarioModeRun {
  LoadRun run;                // the engine's measurements (latency, outcomes by route)
  ScenarioCounters counters;  // the virtual users' view
  RunResult result;           // measured KPIs with the scenario KPIs filled in
};

// Runs the plan on `engine` until every user is done, the plan's run end, or a signal. With
// `metrics`, each thread publishes its measurements and its users' figures there once a second.
ScenarioModeRun run_scenario_mode(LoadEngine& engine, const PopulationPlan& plan,
                                  LoadMetricsExporter* metrics = nullptr, LoadShare share = {});

// One shard's figures for the Prometheus export, read on its thread.
VirtualUserFigures user_figures(const VirtualUserShard& shard);

// The scenario part of the report: people started / active / booked / abandoned, slots, attempts per
// booking, time until sold out, waiting-room answers, and the KPI rows it filled.
std::string format_scenario_report(const ScenarioCounters& counters, const RunResult& result);

// The whole command: checks every input (std::invalid_argument: exit 2), runs, prints, writes --out,
// judges thresholds. Returns the exit status (0, or kExitThresholdFailed).
int run_scenario_mode_command(const ScenarioModeOptions& options);

}  // namespace slotrush::loadgen
