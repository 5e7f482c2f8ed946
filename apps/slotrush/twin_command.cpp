// `slotrush twin SCENARIO --out DIR`: one scenario held in both clocks (docs/twin.md). Simulates R
// replications of the scenario at the population scale and over exactly the window a live run covers
// (DIR/sim/), then serves the scenario on 127.0.0.1 and drives it with the scenario's virtual users at
// the same scales, both on one agreed clock origin (DIR/live/), and compares: per KPI the simulated
// mean and 95% prediction interval against the measured value, per series column the correlation.
// Exit 0 when every compared KPI agrees, kExitTwinDisagrees when one does not, kExitClockLagged when
// the live side could not keep the time scale (its measurement would be distorted), 2 on bad input.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/open_file_limit.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "loadgen/load_report.hpp"
#include "loadgen/scenario/scenario_mode.hpp"
#include "loadgen/target_url.hpp"
#include "mock/mock_server.hpp"
#include "sim/results/twin_comparison.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush::cli {
namespace {

namespace fs = std::filesystem;

// "10%" or "0.1" -> 0.1.
double tolerance_flag(std::string text) {
  const bool percent = !text.empty() && text.back() == '%';
  if (percent) text.pop_back();
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(v) || v < 0)
    throw std::invalid_argument("--tolerance: found '" + text + (percent ? "%" : "") +
                                "'; allowed: a relative difference >= 0, as a percentage or a fraction, e.g. 10% or 0.1");
  return percent ? v / 100 : v;
}

std::string cell(const std::optional<double>& v) { return v && std::isfinite(*v) ? fmt::format("{:.4g}", *v) : "-"; }

void print_table(const TwinComparison& c, const TwinDescription& d) {
  fmt::print("\ntwin: {} at {:g} of the people, x{:g} time, simulated {:.0f}-{:.0f} s ({} replications, tolerance {:g}%)\n",
             d.scenario_name, d.population_scale, d.time_scale, d.window_seconds.first, d.window_seconds.second,
             d.replications, d.tolerance * 100);
  fmt::print("  {:<22} {:>30} {:>12} {:>10}  {}\n", "kpi", "simulated [95% prediction]", "measured", "rel. diff", "agrees?");
  for (const TwinKpiRow& r : c.kpis) {
    std::string sim = cell(r.simulated_mean);
    if (r.prediction) sim += fmt::format(" [{:.3g}, {:.3g}]", r.prediction->first, r.prediction->second);
    const std::string rel = r.relative_difference ? fmt::format("{:+.1f}%", *r.relative_difference * 100) : "-";
    const std::string verdict = !r.compared ? "not compared (" + r.verdict + ")" : (r.agrees ? "yes: " : "NO: ") + r.verdict;
    fmt::print("  {:<22} {:>30} {:>12} {:>10}  {}\n", info(r.kpi).name, sim, cell(r.measured), rel, verdict);
  }
  fmt::print("  series correlation (per {:g} s interval over the window):", d.series_interval_seconds);
  for (const TwinSeriesRow& s : c.series) fmt::print(" {} {}", s.column, cell(s.correlation));
  fmt::print("\n  live clock: timers late by {:.3g} s (p99), {:.3g} s (max), simulated; {}\n", d.clock_lag_p99_seconds,
             d.clock_lag_max_seconds, d.clock_kept_up ? "kept up" : "DID NOT KEEP UP with the time scale");
}

}  // namespace

Command add_twin_command(CLI::App& app) {
  struct Options {
    std::string scenario, server_scenario, out, start_at, duration = "60s", tolerance = "10%";
    double time_scale = 1.0, population_scale = 1.0;
    std::size_t replications = 5, connections = 0, load_threads = 2;
    int server_threads = 1;
    unsigned threads = 0;
    std::optional<std::uint64_t> seed;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "twin", "simulate a scenario and run it live against slotrush serve at the same scales, and compare");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  cmd->add_option("--out", o->out, "directory for sim/, live/ and twin.json")->required();
  cmd->add_option("--population-scale", o->population_scale, "fraction of the scenario's people, in (0, 1] (both sides)")
      ->capture_default_str();
  cmd->add_option("--time-scale", o->time_scale, "live side: simulated seconds per wall second")->capture_default_str();
  cmd->add_option("--start-at", o->start_at, "simulated start of the window, as slotrush serve's --start-at (default: its)");
  cmd->add_option("-d,--duration", o->duration, "wall-clock length of the live run: the window is duration x time scale")
      ->capture_default_str();
  cmd->add_option("-r,--replications", o->replications, "simulated replications behind the prediction intervals")
      ->capture_default_str()->check(positive());
  cmd->add_option("--tolerance", o->tolerance, "relative difference accepted outside the prediction interval")
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "random seed (default: the scenario's)");
  cmd->add_option("--server-scenario", o->server_scenario,
                  "live side: serve this scenario instead (a changed deployment, to see whether the twin notices)");
  cmd->add_option("-c,--connections", o->connections, "load connections (default: one per planned phone plus the background load's peak)");
  cmd->add_option("--load-threads", o->load_threads, "load generator threads")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  cmd->add_option("--server-threads", o->server_threads, "server I/O threads")->capture_default_str()->check(CLI::Range(1, 64));
  cmd->add_option("--threads", o->threads, "simulation threads (default: all cores)");
  cmd->add_flag("-q,--quiet", o->quiet, "no progress bar, no load report");
  return [o] {
    // Every input first.
    Scenario scenario = load_scenario(o->scenario);
    Scenario served = o->server_scenario.empty() ? scenario : load_scenario(o->server_scenario);
    if (o->seed) scenario.seed = served.seed = *o->seed;
    const double tolerance = tolerance_flag(o->tolerance);
    loadgen::LoadScaling scaling;
    scaling.time_scale = o->time_scale;
    scaling.population_scale = o->population_scale;
    if (!o->start_at.empty()) scaling.start_at = start_at_flag(o->start_at);
    const auto duration = parse_duration(o->duration);
    if (!duration || *duration <= 0)
      throw std::invalid_argument("--duration: found '" + o->duration + "'; allowed: a positive " + std::string(kDurationSyntax));
    scaling.duration = std::chrono::nanoseconds(*duration);
    const loadgen::PopulationPlan plan(scenario, scaling);
    const fs::path out(o->out);
    check_writable(out / "sim");
    check_writable(out / "live");
    const RunScope scope{o->population_scale, plan.run_start(), plan.run_end()};
    const std::pair<double, double> window{exact_seconds(plan.run_start()), exact_seconds(plan.run_end())};

    // 1. The prediction: the same people over the same window, in virtual time.
    if (!o->quiet) fmt::print("twin: simulating {} replications of {} ...\n", o->replications, scenario.name);
    const Results simulated = simulate_scenario(scenario, RunOptions{o->replications, o->threads, !o->quiet, scope, ShardSpec{}});
    write_results(simulated, out / "sim", "results");

    // 2. The measurement: server and load generator on one clock origin, bounded in time.
    // One connection per phone, as phones have, plus what the background load keeps open at its peak
    // (every attempt of a request for up to a timeout): fewer would queue the load inside the load
    // generator, where the simulator has no queue.
    std::size_t phones = 0;
    for (const loadgen::PlannedPerson& p : plan.people()) phones += p.devices;
    double peak_rate = scenario.population.background.rate_per_second;
    for (const LoadSpike& spike : scenario.population.background.spikes)
      peak_rate = std::max(peak_rate, scenario.population.background.rate_per_second * spike.multiplier);
    const auto background = static_cast<std::size_t>(std::ceil(peak_rate * o->population_scale * to_seconds(scenario.client.timeout) *
                                                               std::max(1, scenario.client.retry.max_attempts)));
    const std::size_t connections = std::max(
        o->load_threads, o->connections > 0 ? o->connections : std::min<std::size_t>(phones + background + 16, 8000));
    const rlim_t files = raise_open_file_limit();
    if (files > 0 && 2 * connections + 64 > files)
      fmt::print(stderr, "slotrush twin: warning: {} connections on both ends need about {} open files; the limit is {}\n",
                 connections, 2 * connections + 64, files);
    const auto origin = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
    mock::MockServerOptions so;
    so.listen = "127.0.0.1:0";
    so.time_scale = o->time_scale;
    so.start_at = plan.run_start();
    so.origin = origin;
    so.threads = o->server_threads;
    // The server takes every connection the process has room for: a connection whose request waits in
    // a queue after its client gave up stays open, and the simulated server has no connection limit.
    so.limits.max_connections = std::max<std::size_t>(connections + 64, files > connections + 128 ? files - connections - 64 : 0);
    mock::MockServer server(served, so);  // stopped by its destructor whatever happens below
    server.start();
    loadgen::LoadEngineOptions eo;
    eo.target = loadgen::parse_target_url(fmt::format("http://127.0.0.1:{}", server.endpoint().port()));
    eo.threads = o->load_threads;
    eo.connections_per_thread = std::max<std::size_t>(1, connections / o->load_threads);
    eo.drain_grace = plan.wall_duration(scenario.client.timeout) + std::chrono::seconds(1);
    eo.origin = origin;
    if (!o->quiet)
      fmt::print("twin: live on 127.0.0.1:{} for {} ({} people, {} phones, {} connections) ...\n",
                 server.endpoint().port(), o->duration, plan.people().size(), phones, connections);
    loadgen::LoadEngine engine(eo);
    const loadgen::ScenarioModeRun live = loadgen::run_scenario_mode(engine, plan);
    server.drain();
    server.wait();
    loadgen::LoadRunDescription description;
    description.name = scenario.name;
    description.mode = "scenario";
    description.target = eo.target.host + ":" + std::to_string(eo.target.port);
    description.threads = o->load_threads;
    description.connections = connections;
    description.seed = scenario.seed;
    description.population_scale = o->population_scale;
    description.window_seconds = window;
    loadgen::write_load_outputs(out / "live", live.run, live.result, description, {});

    // 3. The comparison, on the files as written (the path `slotrush compare` and `report` read).
    auto read = [](const fs::path& file) {
      std::ifstream in(file);
      return results_from_json(std::string(std::istreambuf_iterator<char>(in), {}));
    };
    const Results predicted = read(out / "sim" / "results.json");
    const Results measured = read(out / "live" / "results.json");
    const TwinComparison comparison = compare_twin(predicted, measured, tolerance, window);
    TwinDescription d;
    d.scenario_name = scenario.name;
    d.scenario_file = scenario.source_file;
    d.seed = scenario.seed;
    d.population_scale = o->population_scale;
    d.time_scale = o->time_scale;
    d.window_seconds = window;
    d.replications = o->replications;
    d.tolerance = tolerance;
    d.series_interval_seconds = to_seconds(scenario.output.series_interval);
    const LatencyHistogram& lag = live.counters.wake_lag_us;
    d.clock_lag_p99_seconds = static_cast<double>(lag.value_at_percentile(99)) * 1e-6 * o->time_scale;
    d.clock_lag_max_seconds = static_cast<double>(lag.max()) * 1e-6 * o->time_scale;
    // Timers later than a tenth of a series interval (simulated) at the 99th percentile distort the
    // per-interval series and the latencies the twin compares.
    d.clock_kept_up = d.clock_lag_p99_seconds <= 0.1 * to_seconds(scenario.output.series_interval);
    {
      std::ofstream file(out / "twin.json");
      file << twin_json(comparison, d) << '\n';
      if (!file) throw std::runtime_error("cannot write " + (out / "twin.json").string());
    }
    print_table(comparison, d);
    fmt::print("wrote {}/twin.json, {}/sim/, {}/live/\n", o->out, o->out, o->out);
    if (!d.clock_kept_up) {
      fmt::print("twin: the live side could not keep x{:g} time: measured values are distorted; lower --time-scale\n",
                 o->time_scale);
      return kExitClockLagged;
    }
    std::size_t disagree = 0;
    for (const TwinKpiRow& r : comparison.kpis) disagree += r.compared && !r.agrees;
    if (disagree == 0) {
      fmt::print("twin: prediction and measurement agree on every compared KPI\n");
      return 0;
    }
    fmt::print("twin: {} KPI{} disagree\n", disagree, disagree == 1 ? "" : "s");
    return kExitTwinDisagrees;
  };
}

}  // namespace slotrush::cli
