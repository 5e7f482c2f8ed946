// `slotrush merge DIR... --out DIR`: the shards of one simulated study (each DIR holds the
// results.json of one `slotrush sim --shard I/N`) back into the result of the unsharded run, byte
// for byte (sim/results/results_merge.hpp); the shards of one sweep (`slotrush sweep --shard I/N`,
// apps/slotrush/sweep_merge.hpp) point by point; or the shards of one load test (each DIR holds the
// load-shard.json of one `slotrush load --shard I/N --out DIR`) into the run of one process sending
// it all (loadgen/load_shard_merge.hpp; in the scenario mode the virtual users' counters too, so the
// scenario KPIs merge), judged by --threshold (exit 3 when one fails). A shard missing, duplicated or
// from another study exits 2.
#include <filesystem>
#include <optional>
#include <stdexcept>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "apps/slotrush/sweep_merge.hpp"
#include "loadgen/load_shard_merge.hpp"
#include "loadgen/scenario/scenario_counters_json.hpp"
#include "loadgen/scenario/scenario_mode.hpp"
#include "loadgen/threshold.hpp"
#include "sim/results/results_merge.hpp"

namespace slotrush::cli {

namespace {

struct MergeFlags {
  std::vector<std::string> shards;
  std::string out;
  std::vector<std::string> thresholds;
  bool quiet = false;
};

// The load shard file an argument names: DIR/load-shard.json, or the file itself; nullopt for a
// simulated shard.
std::optional<std::filesystem::path> load_shard_path(const std::string& argument) {
  namespace fs = std::filesystem;
  if (fs::is_directory(argument)) {
    const fs::path f = fs::path(argument) / "load-shard.json";
    return fs::exists(f) ? std::optional(f) : std::nullopt;
  }
  return fs::path(argument).filename() == "load-shard.json" ? std::optional(fs::path(argument)) : std::nullopt;
}

int merge_load(const MergeFlags& flags) {
  using namespace slotrush::loadgen;
  std::vector<Threshold> thresholds;
  for (const std::string& t : flags.thresholds) thresholds.push_back(parse_threshold(t));
  std::vector<NamedLoadShard> shards;
  for (const std::string& s : flags.shards) {
    const auto file = load_shard_path(s);
    if (!file)
      throw std::invalid_argument("merge: " + s + ": not a load shard (no load-shard.json; written by slotrush load "
                                  "--shard I/N --out DIR), while " + flags.shards.front() + " is one; allowed: shards of one kind");
    try {
      shards.push_back({file->string(), load_shard_from_json(read_shard_text(*file))});
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument("merge: " + file->string() + ": " + e.what());
    }
  }
  const MergedLoad merged = merge_load_shards(shards);
  RunResult result = measured_run_result(merged.run);
  std::optional<ScenarioCounters> counters;
  if (merged.description.mode == "scenario") {
    // The virtual users' counters add as one process adds its threads', and give the scenario KPIs.
    counters.emplace();
    for (const NamedLoadShard& s : shards) {
      if (s.file.scenario.is_null())
        throw std::invalid_argument("merge: " + s.name + ": a scenario-mode shard without its virtual users' counters; "
                                    "allowed: load-shard.json as slotrush load SCENARIO --shard I/N --out DIR writes it");
      try {
        counters->merge(scenario_counters_of(s.file.scenario));
      } catch (const std::runtime_error& e) {
        throw std::invalid_argument("merge: " + s.name + ": " + e.what());
      }
    }
    fill_run_result(*counters, result);
  }
  check_writable(flags.out);  // after the shards are known to merge: a refused merge writes nothing
  const std::vector<ThresholdVerdict> verdicts = evaluate(thresholds, merged.run);
  if (!flags.quiet) {
    fmt::print("{}", format_load_report(merged.run, merged.description, verdicts));
    if (counters) fmt::print("{}", format_scenario_report(*counters, result));
  }
  write_load_outputs(flags.out, merged.run, result, merged.description, verdicts);
  fmt::print("merged {} load shards: wrote {}/results.json, series.csv and load-report.json\n", shards.size(), flags.out);
  bool failed = false;
  for (const ThresholdVerdict& v : verdicts)
    if (!v.passed) {
      failed = true;
      fmt::print(stderr, "slotrush merge: threshold failed: {} (measured {})\n", v.threshold->text, format_measured(v));
    }
  return failed ? kExitThresholdFailed : 0;
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* cmd = app.add_subcommand("merge", "merge the shards of one simulated study, or of one load test, into its unsharded result");
  cmd->add_option("shards", flags->shards, "shard folders (or their results.json, sweep.json or load-shard.json), one per shard")->required();
  cmd->add_option("--out", flags->out, "folder for the merged results.json and series.csv")->required();
  cmd->add_option("--threshold", flags->thresholds,
                  "load shards: pass/fail condition on the merged run, as slotrush load's (repeatable; exit 3 if one fails)");
  cmd->add_flag("--quiet,-q", flags->quiet, "no KPI table");
  return [flags] {
    if (load_shard_path(flags->shards.front())) return merge_load(*flags);
    if (!flags->thresholds.empty())
      throw std::invalid_argument("--threshold: found it with simulated shards; allowed: --threshold with load shards only "
                                  "(directories holding load-shard.json)");
    if (is_sweep_shard(flags->shards.front())) {
      const SweepOutcome merged = merge_sweep_shards(flags->shards);
      check_writable(flags->out);
      write_sweep_outputs(merged, flags->out);
      fmt::print("merged {} sweep shards: wrote {}/sweep.csv, {}/sweep.json and {} point folders\n", flags->shards.size(),
                 flags->out, flags->out, merged.results.size());
      return 0;
    }
    std::vector<NamedResults> shards;
    for (const std::string& s : flags->shards) shards.push_back(read_results_shard(s));
    const Results merged = merge_shards(std::move(shards));
    check_writable(flags->out);
    if (!flags->quiet) print_summary(merged);
    write_results(merged, flags->out, "results");
    fmt::print("merged {} shards: wrote {}/results.json and {}/series.csv\n", flags->shards.size(), flags->out, flags->out);
    return 0;
  };
}

}  // namespace slotrush::cli
