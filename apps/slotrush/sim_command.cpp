// `slotrush sim SCENARIO`: simulates a scenario (R replications on all cores), prints the KPI table
// and, with --out, writes results.json and series.csv; with --openmetrics, the series as timestamped
// OpenMetrics text for backfilling into Prometheus (docs/observability.md).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/results/openmetrics_start.hpp"
#include "sim/results/openmetrics_writer.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush::cli {

namespace {

constexpr std::string_view kStartInstantSyntax =
    "an RFC 3339 instant \"YYYY-MM-DDTHH:MM:SSZ\" (or with \"+HH:MM\"/\"-HH:MM\" instead of Z), not before "
    "1970, e.g. \"2023-01-12T00:00:00Z\"";

// --openmetrics-start: "YYYY-MM-DDTHH:MM:SS" then "Z" or a UTC offset -> Unix milliseconds.
std::optional<std::int64_t> parse_start_instant(std::string_view text) {
  if (text.size() < 20 || text[10] != 'T') return std::nullopt;
  const std::string_view zone = text.substr(19);
  const std::optional<int> offset = zone == "Z" ? std::optional<int>(0) : parse_utc_offset(zone);
  const std::optional<SimTime> time = parse_time_of_day(text.substr(11, 8));
  if (!offset || !time || *time >= kDay) return std::nullopt;
  const auto midnight = local_midnight_unix_ms(text.substr(0, 10), *offset);
  if (!midnight) return std::nullopt;
  return *midnight + *time / kMillisecond;
}

}  // namespace

Command add_sim_command(CLI::App& app) {
  struct Options {
    std::string scenario;
    RunFlags run;
    std::string openmetrics;
    std::string openmetrics_start;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("sim", "simulate a scenario file in virtual time");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required();
  add_run_flags(*cmd, o->run, "directory for results.json and series.csv");
  CLI::Option* om = cmd->add_option("--openmetrics", o->openmetrics,
                                    "write the time series as OpenMetrics text with timestamps to FILE");
  cmd->add_option("--openmetrics-start", o->openmetrics_start,
                  "wall-clock instant of simulated time 0, e.g. 2023-01-12T00:00:00Z (default: midnight "
                  "of the scenario's calendar.start_date in its utc_offset)")
      ->needs(om);
  return [o] {
    Scenario scenario = load_scenario(o->scenario);
    const RunFlags& f = o->run;
    if (f.seed) scenario.seed = *f.seed;
    OpenMetricsExport openmetrics;
    if (!o->openmetrics.empty()) {
      const auto day0 = o->openmetrics_start.empty()
                            ? local_midnight_unix_ms(scenario.calendar.start_date, scenario.calendar.utc_offset_minutes)
                            : parse_start_instant(o->openmetrics_start);
      if (o->openmetrics_start.empty() && (!day0 || *day0 < 0))
        throw std::invalid_argument("--openmetrics: calendar.start_date " + scenario.calendar.start_date +
                                    " is before 1970; give --openmetrics-start, " + std::string(kStartInstantSyntax));
      if (!day0 || *day0 < 0)
        throw std::invalid_argument("--openmetrics-start: found '" + o->openmetrics_start +
                                    "'; allowed: " + std::string(kStartInstantSyntax));
      openmetrics.day0_unix_ms = *day0;
    }
    if (!f.out.empty()) check_writable(f.out);  // before the run, not after it
    if (!o->openmetrics.empty()) {
      const std::filesystem::path folder = std::filesystem::path(o->openmetrics).parent_path();
      check_writable(folder.empty() ? std::filesystem::path(".") : folder, "--openmetrics");
    }
    const ShardSpec shard = f.shard.empty() ? ShardSpec{} : parse_shard(f.shard);
    const Results results = simulate_scenario(
        scenario, RunOptions{f.replications, f.threads, !f.quiet, RunScope{f.population_scale, 0, {}}, shard});
    print_summary(results);
    if (!f.out.empty()) {
      write_results(results, f.out, "results");
      fmt::print("wrote {}/results.json and {}/series.csv\n", f.out, f.out);
    }
    if (!o->openmetrics.empty()) {
      write_openmetrics_file(results, openmetrics, o->openmetrics);
      fmt::print("wrote {} (OpenMetrics, job=\"{}\")\n", o->openmetrics, openmetrics.job);
    }
    return 0;
  };
}

}  // namespace slotrush::cli
