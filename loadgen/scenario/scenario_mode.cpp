#include "loadgen/scenario/scenario_mode.hpp"

#include <cmath>
#include <cstdio>
#include <memory>

#include <fmt/core.h>

#include "loadgen/load_report.hpp"
#include "loadgen/scenario/scenario_load.hpp"
#include "loadgen/target_url.hpp"
#include "loadgen/threshold.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace slotrush::loadgen {

VirtualUserFigures user_figures(const VirtualUserShard& shard) {
  const VirtualUserShard::LivePeople live = shard.live_people();
  const ScenarioCounters& c = shard.counters();
  VirtualUserFigures f;
  f.active = live.active;
  f.booked = live.booked;
  f.abandoned = c.give_ups;
  for (std::size_t i = 0; i < kRequestTypeCount; ++i)
    if (c.retries_sent_by_step[i] > 0)
      f.retries.emplace_back(std::string(to_string(static_cast<RequestType>(i))), c.retries_sent_by_step[i]);
  return f;
}

ScenarioModeRun run_scenario_mode(LoadEngine& engine, const PopulationPlan& plan, LoadMetricsExporter* metrics, LoadShare share) {
  std::vector<ScenarioLoad::Thread> threads;
  for (std::size_t i = 0; i < engine.thread_count(); ++i)
    threads.push_back({engine.thread(i).io.get_executor(), &engine.thread(i).sender()});
  ScenarioLoad load(plan, threads, share);
  if (metrics) {
    metrics->attach(engine);
    engine.add_tick_hook([&load, metrics](LoadThread& t) { metrics->publish_users(t.index, user_figures(load.shard(t.index))); });
  }
  // The users stop themselves at the plan's end; the engine's deadline is a backstop a second later.
  const auto span = plan.wall_duration(plan.run_end() - plan.run_start()) + std::chrono::seconds(1);
  ScenarioModeRun out;
  out.run = engine.run(span, [&](LoadThread& t, Clock::time_point start) {
    t.on_drain.push_back([&load, i = t.index] { load.stop_thread(i); });
    load.start_thread(t.index, start, [&t] { t.finished(); });
  });
  out.counters = load.counters();
  out.result = measured_run_result(out.run);
  fill_run_result(out.counters, out.result);
  return out;
}

std::string format_scenario_report(const ScenarioCounters& c, const RunResult& r) {
  std::string s = "\nscenario (virtual users)\n";
  s += fmt::format("  people      planned {}  started {}  booked {}  abandoned {}  active at the end {}  "
                   "done for the day {}\n",
                   c.people_planned, c.people_started, c.people_booked, c.people_abandoned, c.people_active_at_end,
                   c.people_waiting_at_end);
  s += fmt::format("  slots       booked {}  attempts per booking {:.1f}  sold out after {}\n", c.slots_booked,
                   c.attempts_per_booking(),
                   std::isnan(r[Kpi::SoldOutSeconds]) ? std::string("-") : fmt::format("{:.1f} s (simulated)", r[Kpi::SoldOutSeconds]));
  s += fmt::format("  attempts    {}  useful {}  retries {}  timeouts {}  rejected {}  lost {}  throttled {}  budget refused {}\n",
                   c.attempts, c.useful, c.retries, c.timeouts, c.rejected, c.lost, c.throttled, c.budget_refused);
  s += fmt::format("  other       waiting-room answers {}  gave up (patience) {}  re-logins {}  unusable answers {}  background {}\n",
                   c.room_waits, c.patience_expired, c.unauthorized, c.broken, c.background);
  if (c.lottery_entries + c.lottery_won + c.lottery_lost > 0)
    s += fmt::format("  lottery     entries {}  won {}  lost {}\n", c.lottery_entries, c.lottery_won, c.lottery_lost);
  s += "  KPIs (in simulated time)\n";
  for (const Kpi k : {Kpi::BookingProbability, Kpi::Goodput, Kpi::PeakGoodput, Kpi::OfferedLoad, Kpi::RequestSuccessRate,
                      Kpi::RequestTimeoutRate, Kpi::RequestRejectRate, Kpi::RetryAmplification, Kpi::FreezeSeconds,
                      Kpi::LatencyP50, Kpi::LatencyP99, Kpi::AttemptLatencyP99, Kpi::FairnessJain}) {
    const double v = r[k];
    s += fmt::format("    {:<22} {:>12} {}\n", info(k).name, std::isnan(v) ? std::string("-") : fmt::format("{:.4g}", v), info(k).unit);
  }
  return s;
}

int run_scenario_mode_command(const ScenarioModeOptions& o) {
  const Scenario scenario = load_scenario(o.scenario_file);
  const TargetUrl target = parse_target_url(o.target);
  std::vector<Threshold> thresholds;
  for (const std::string& t : o.thresholds) thresholds.push_back(parse_threshold(t));
  if (o.connections < o.threads)
    throw std::invalid_argument(fmt::format("--connections {} is fewer than --threads {}; allowed: at least one "
                                            "connection per thread", o.connections, o.threads));
  const PopulationPlan plan(scenario, o.scaling);

  LoadEngineOptions engine_options;
  engine_options.target = target;
  engine_options.threads = o.threads;
  engine_options.connections_per_thread =
      std::max<std::size_t>(1, LoadShare::part(o.connections, o.share.count, o.share.index) / o.threads);
  engine_options.drain_grace = plan.wall_duration(scenario.client.timeout) + std::chrono::seconds(1);
  engine_options.origin = o.origin;
  engine_options.late_start_tolerance = o.late_start_tolerance;
  engine_options.keep_seconds = o.keep_seconds;
  LoadEngine engine(engine_options);
  std::unique_ptr<LoadMetricsExporter> metrics;
  if (!o.metrics.empty()) {
    metrics = std::make_unique<LoadMetricsExporter>(o.threads, o.metrics);
    if (const auto port = metrics->port()) fmt::print(stderr, "slotrush load: metrics on port {}\n", *port);
  }
  const ScenarioModeRun run = run_scenario_mode(engine, plan, metrics.get(), o.share);

  const std::vector<ThresholdVerdict> verdicts = evaluate(thresholds, run.run);
  LoadRunDescription description;
  description.name = scenario.name;
  description.mode = "scenario";
  description.target = o.target;
  description.threads = o.threads;
  description.connections = o.connections;
  description.seed = scenario.seed;
  description.population_scale = o.scaling.population_scale;
  description.window_seconds.emplace(exact_seconds(plan.run_start()), exact_seconds(plan.run_end()));
  if (!o.quiet) {
    fmt::print("{}", format_load_report(run.run, description, verdicts));
    fmt::print("{}", format_scenario_report(run.counters, run.result));
  }
  if (!o.out.empty()) write_load_outputs(o.out, run.run, run.result, description, verdicts);
  if (o.after_run) o.after_run(run.run, description, run.counters);
  bool failed = false;
  for (const ThresholdVerdict& v : verdicts)
    if (!v.passed) {
      failed = true;
      if (o.quiet) fmt::print(stderr, "slotrush load: threshold failed: {} (measured {})\n", v.threshold->text, format_measured(v));
    }
  const auto silence = nothing_answered(run.run);
  if (silence) fmt::print(stderr, "slotrush load: {} (is the target up at {}?)\n", *silence, o.target);
  return failed ? kExitThresholdFailed : silence ? 1 : 0;  // a run that measured nothing did not pass
}

}  // namespace slotrush::loadgen
