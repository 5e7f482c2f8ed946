// `slotrush load --target URL`: the generic load-generator modes (docs/loadgen.md): closed loop like
// wrk, or an open model at a constant or Poisson rate with coordinated-omission-corrected latency.
// With a SCENARIO file it hands over to the scenario mode (loadgen/scenario/scenario_mode.hpp).
// Prints the report, writes results.json + series.csv + load-report.json with --out, and checks
// --threshold conditions: exit 0 if all pass, 3 if one fails, 2 on bad input, 1 on a runtime failure.
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <unistd.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/open_file_limit.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "apps/slotrush/shard_flag.hpp"
#include "apps/slotrush/wall_start_flag.hpp"
#include "loadgen/generic_load.hpp"
#include "loadgen/load_report.hpp"
#include "loadgen/load_shard_file.hpp"
#include "loadgen/metrics_exporter.hpp"
#include "loadgen/request_wire.hpp"
#include "loadgen/scenario/scenario_counters_json.hpp"
#include "loadgen/scenario/scenario_mode.hpp"
#include "loadgen/threshold.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush::cli {
namespace {

using namespace slotrush::loadgen;

Clock::duration duration_flag(const std::string& flag, const std::string& text) {
  const auto d = parse_duration(text);
  if (!d || *d <= 0)
    throw std::invalid_argument(flag + ": found '" + text + "'; allowed: a positive " + std::string(kDurationSyntax));
  return std::chrono::nanoseconds(*d);
}

double rate_flag(std::string text) {
  if (text.size() > 2 && text.substr(text.size() - 2) == "/s") text.resize(text.size() - 2);
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !(v > 0) || !std::isfinite(v))
    throw std::invalid_argument("--rate: found '" + text + "'; allowed: requests per second > 0, e.g. 200 or 200/s");
  return v;
}

boost::beast::http::verb method_flag(const std::string& text) {
  const auto verb = boost::beast::http::string_to_verb(text);
  if (verb == boost::beast::http::verb::unknown)
    throw std::invalid_argument("-X: found '" + text + "'; allowed: an HTTP method in capitals, e.g. GET, POST, PUT, DELETE");
  return verb;
}

std::string body_flag(const std::string& text) {
  if (text.empty() || text.front() != '@') return text;
  std::ifstream in(text.substr(1), std::ios::binary);
  if (!in) throw std::invalid_argument("--body: cannot read the file '" + text.substr(1) + "'; allowed: literal text or @FILE");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

Command add_load_command(CLI::App& app) {
  struct Options {
    std::string scenario, target, duration = "10s", rate, arrivals = "constant", method = "GET", body, route,
                timeout = "10s", out;
    std::vector<std::string> headers, thresholds, stages;
    std::string metrics;  // --metrics HOST:PORT
    std::size_t threads = 1, connections = 64, max_in_flight = 10000;
    std::optional<std::uint64_t> requests;
    std::uint64_t seed = 1;
    bool quiet = false;
    double time_scale = 1.0, population_scale = 1.0;  // scenario mode
    std::string start_at;                             // scenario mode
    std::string shard, start_at_wall;                 // a sharded test (docs/scale-out.md)
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("load", "HTTP load test: closed loop like wrk, or an open model at a fixed rate");
  cmd->add_option("scenario", o->scenario, "scenario YAML file: scenario mode, the scenario's people as virtual users");
  cmd->add_option("--time-scale", o->time_scale, "scenario mode: simulated seconds per wall second (as slotrush serve)")
      ->capture_default_str();
  cmd->add_option("--population-scale", o->population_scale, "scenario mode: fraction of the scenario's people, in (0, 1]")
      ->capture_default_str();
  cmd->add_option("--start-at", o->start_at, "scenario mode: simulated time at the start, as slotrush serve's --start-at");
  cmd->add_option("--target", o->target, "http://HOST:PORT/PATH to load")->required();
  cmd->add_option("-d,--duration", o->duration, "how long to send, e.g. 10s, 2m")->capture_default_str();
  cmd->add_option("--rate", o->rate, "open model: requests per second over all threads, e.g. 200 or 200/s "
                                     "(absent: closed loop, as fast as the connections allow)");
  cmd->add_option("--arrivals", o->arrivals, "open model spacing: constant or poisson")
      ->capture_default_str()->check(CLI::IsMember({"constant", "poisson"}));
  cmd->add_option("--seed", o->seed, "random seed for --arrivals poisson")->capture_default_str();
  cmd->add_option("-c,--connections", o->connections, "keep-alive connections over all threads")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  cmd->add_option("-t,--threads", o->threads, "load threads (one io_context each)")
      ->capture_default_str()->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  cmd->add_option("-n,--requests", o->requests, "stop after this many requests (over all threads)")
      ->check(positive());
  cmd->add_option("--max-in-flight", o->max_in_flight,
                  "open model: requests waiting or on the wire before further due ones are dropped")
      ->capture_default_str()->check(positive());
  cmd->add_option("--timeout", o->timeout, "per attempt, from the actual send, e.g. 2s")->capture_default_str();
  cmd->add_option("-X,--method", o->method, "HTTP method")->capture_default_str();
  cmd->add_option("-H,--header", o->headers, "extra header 'Name: value' (repeatable)");
  cmd->add_option("--body", o->body, "request body, or @FILE to read it from a file");
  cmd->add_option("--route", o->route, "route label in the report (default: the target's path)");
  cmd->add_option("--out", o->out, "directory for results.json, series.csv and load-report.json");
  cmd->add_option("--threshold", o->thresholds,
                  "pass/fail condition, e.g. 'p99<2s', 'errors<1%', 'rate>100' (repeatable; exit 3 if one fails)");
  cmd->add_option("--stage", o->stages,
                  "ramping arrival rate, DURATION:RATE (repeatable, k6-like): a linear ramp from the previous "
                  "rate (--rate, or 0) to RATE over DURATION; the run lasts the stages' sum");
  cmd->add_option("--metrics", o->metrics,
                  "serve Prometheus /metrics on HOST:PORT while the run lasts, e.g. 127.0.0.1:9465 (port 0: a free one)");
  cmd->add_option("--shard", o->shard,
                  "I/N or auto: send shard I's share of the test (rate, --requests, -c, or the scenario's people); "
                  "with --out also writes load-shard.json for slotrush merge");
  cmd->add_option("--start-at-wall", o->start_at_wall,
                  "start sending at this wall-clock instant, ISO-8601 UTC (2026-12-07T12:00:00Z) or epoch seconds; "
                  "required with --shard I/N when N > 1");
  cmd->add_flag("-q,--quiet", o->quiet, "print only threshold failures and errors");
  return [o, cmd] {
    // A sharded test: this process's share, and the one instant every shard starts at.
    LoadShare share;
    const bool sharded = !o->shard.empty();
    if (sharded) {
      const ShardSpec spec = parse_shard(o->shard);
      share = LoadShare{spec.index, spec.count};
    }
    std::optional<std::chrono::system_clock::time_point> wall_start;
    if (!o->start_at_wall.empty()) wall_start = parse_wall_start(o->start_at_wall, std::chrono::system_clock::now());
    if (share.sharded() && !wall_start)
      throw std::invalid_argument(fmt::format("--shard {}/{}: found no --start-at-wall; allowed: every shard of a "
                                              "sharded test given the same --start-at-wall TIME", share.index, share.count));
    if (share.sharded() && LoadShare::part(o->connections, share.count, share.index) < o->threads)
      throw std::invalid_argument(fmt::format("--connections {}: shard {}/{} gets {}, fewer than --threads {}; allowed: "
                                              "at least one connection per thread of every shard", o->connections, share.index,
                                              share.count, LoadShare::part(o->connections, share.count, share.index), o->threads));
    const auto origin = wall_start ? std::optional(steady_instant_of(*wall_start)) : std::nullopt;
    // With --shard and --out: load-shard.json beside the other files, what slotrush merge reads.
    const auto write_shard = [o, share, wall_start, sharded](const LoadRun& run, const LoadRunDescription& description,
                                                             nlohmann::json scenario_counters) {
      if (!sharded || o->out.empty()) return;
      LoadShardFile file;
      file.producer = kProducer;
      file.share = share;
      const auto start = wall_start.value_or(std::chrono::system_clock::now() - run.elapsed);
      file.start_at_wall_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(start.time_since_epoch()).count();
      file.duration = o->stages.empty() ? o->duration : fmt::format("{} stages", o->stages.size());
      for (const std::string& st : o->stages) file.duration += " " + st;
      file.description = description;
      file.run = run;
      file.scenario = std::move(scenario_counters);
      write_load_shard(o->out, file);
    };
    if (const rlim_t files = raise_open_file_limit(); files > 0 && o->connections + 64 > files)
      fmt::print(stderr, "slotrush load: warning: {} connections need about as many open files; the limit is {} "
                         "(raise it with ulimit -Hn as root), so some connections will fail\n", o->connections, files);
    if (!o->scenario.empty()) {  // scenario mode: loadgen/scenario/scenario_mode.hpp
      if (!o->stages.empty())
        throw std::invalid_argument("--stage: the scenario mode's arrivals come from the scenario; allowed: --stage "
                                    "in the generic modes only (no SCENARIO)");
      ScenarioModeOptions m;
      m.scenario_file = o->scenario;
      m.target = o->target;
      m.threads = o->threads;
      m.connections = o->connections;
      m.thresholds = o->thresholds;
      m.out = o->out;
      m.quiet = o->quiet;
      if (!o->metrics.empty()) m.metrics = checked_metrics_address(o->metrics);
      m.scaling.time_scale = o->time_scale;
      m.scaling.population_scale = o->population_scale;
      if (cmd->count("--duration") > 0) m.scaling.duration = duration_flag("--duration", o->duration);
      if (!o->start_at.empty()) m.scaling.start_at = start_at_flag(o->start_at);
      m.share = share;
      m.origin = origin;
      if (origin) m.late_start_tolerance = kWallStartTolerance;
      m.keep_seconds = sharded && !o->out.empty();
      m.after_run = [write_shard](const LoadRun& run, const LoadRunDescription& description, const ScenarioCounters& counters) {
        write_shard(run, description, scenario_counters_json(counters));
      };
      return run_scenario_mode_command(m);
    }
    // Every input is checked before the first request.
    const TargetUrl target = parse_target_url(o->target);
    GenericLoadPlan plan;
    plan.request.method = method_flag(o->method);
    plan.request.target = target.path;
    plan.request.route = o->route.empty() ? target.path.substr(0, target.path.find('?')) : o->route;
    for (const std::string& h : o->headers) plan.request.headers.push_back(parse_header_flag(h));
    plan.request.body = body_flag(o->body);
    plan.duration = duration_flag("--duration", o->duration);
    plan.timeout = duration_flag("--timeout", o->timeout);
    if (!o->rate.empty()) plan.rate = rate_flag(o->rate);
    for (const std::string& stage : o->stages) plan.stages.push_back(parse_rate_stage(stage));
    if (!plan.stages.empty()) {
      if (cmd->count("--duration") > 0)
        throw std::invalid_argument("--duration: the run lasts the sum of the --stage durations; allowed: "
                                    "--duration or --stage, not both");
      plan.duration = Clock::duration::zero();
      for (const RateStage& st : plan.stages) plan.duration += st.duration;
      schedule_of(plan);  // checks the whole schedule (some rate > 0) before any request
    }
    plan.arrivals = o->arrivals == "poisson" ? Arrivals::poisson : Arrivals::constant;
    if (plan.arrivals == Arrivals::poisson && !plan.open_model())
      throw std::invalid_argument("--arrivals poisson: needs --rate or --stage; allowed: --arrivals with --rate R "
                                  "or --stage DURATION:RATE");
    plan.seed = o->seed;
    plan.connections = o->connections;
    plan.max_requests = o->requests;
    plan.max_in_flight = o->max_in_flight;
    plan.share = share;
    if (o->connections < o->threads)
      throw std::invalid_argument(fmt::format("--connections {} is fewer than --threads {}; allowed: at least one "
                                              "connection per thread", o->connections, o->threads));
    std::vector<Threshold> thresholds;
    for (const std::string& t : o->thresholds) thresholds.push_back(parse_threshold(t));

    const std::string metrics_address = o->metrics.empty() ? std::string() : checked_metrics_address(o->metrics);

    LoadEngineOptions engine_options = engine_options_for(plan, target, o->threads);
    engine_options.origin = origin;
    if (origin) engine_options.late_start_tolerance = kWallStartTolerance;
    engine_options.keep_seconds = sharded && !o->out.empty();
    LoadEngine engine(engine_options);
    std::unique_ptr<LoadMetricsExporter> metrics;
    if (!metrics_address.empty()) {
      metrics = std::make_unique<LoadMetricsExporter>(o->threads, metrics_address);
      metrics->attach(engine);
      if (const auto port = metrics->port()) fmt::print(stderr, "slotrush load: metrics on port {}\n", *port);
    }
    const bool live = !o->quiet && ::isatty(STDERR_FILENO);  // a status line each second on a terminal
    if (live) engine.set_series_hook([](SeriesRow& row) { fmt::print(stderr, "{}", format_status_line(row)); });
    const LoadRun run = run_generic_load(engine, plan);
    if (live) fmt::print(stderr, "\n");

    const std::vector<ThresholdVerdict> verdicts = evaluate(thresholds, run);
    LoadRunDescription description;
    description.mode = !plan.open_model()                  ? "closed loop"
                       : !plan.stages.empty()                ? (plan.arrivals == Arrivals::poisson ? "poisson ramping rate" : "ramping rate")
                       : plan.arrivals == Arrivals::poisson ? "poisson rate"
                                                            : "constant rate";
    description.target = o->target;
    description.target_rate = plan.rate;
    if (!plan.stages.empty()) {  // the schedule's mean rate
      const ArrivalSchedule schedule = schedule_of(plan);
      description.target_rate = schedule.total_count() / schedule.duration_seconds();
    }
    description.threads = o->threads;
    description.connections = o->connections;
    description.seed = o->seed;
    if (!o->quiet) fmt::print("{}", format_load_report(run, description, verdicts));
    if (!o->out.empty()) write_load_outputs(o->out, run, measured_run_result(run), description, verdicts);
    write_shard(run, description, nullptr);
    bool failed = false;
    for (const ThresholdVerdict& v : verdicts) {
      if (v.passed) continue;
      failed = true;
      fmt::print(stderr, "slotrush load: threshold failed: {} (measured {})\n", v.threshold->text, format_measured(v));
    }
    const auto silence = nothing_answered(run);
    if (silence) fmt::print(stderr, "slotrush load: {} (is the target up at {}?)\n", *silence, o->target);
    return failed ? kExitThresholdFailed : silence ? 1 : 0;  // a run that measured nothing did not pass
  };
}

}  // namespace slotrush::cli
