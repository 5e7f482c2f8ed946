// `slotrush compare A B ...`: each of A, B, ... is a scenario file, simulated with the same seed and
// replication indices (common random numbers: the same people, arrivals and draws), or a results.json
// (simulated or measured: a twin's two halves, any earlier run), read as it is. Prints each KPI with its
// 95% interval and the difference to the first by the one pairing rule (sim/results/run_pairing.hpp):
// paired by replication when both are simulated with the same seed and run count, else an unpaired
// (Welch) difference; none between runs of different population scales or windows, which are not
// comparable. With --shard I/N it runs only its share of each scenario's replications and writes them
// for slotrush merge (docs/scale-out.md).
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/results/run_pairing.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/stats/confidence_interval.hpp"

namespace slotrush::cli {

namespace {

std::string format_difference(const ConfidenceInterval& d) {
  if (d.n < 2 || !std::isfinite(d.half_width)) return fmt::format("{:+.4g}", d.mean);
  const bool significant = d.lower() > 0 || d.upper() < 0;
  return fmt::format("{:+.4g} [{:+.3g}, {:+.3g}]{}", d.mean, d.lower(), d.upper(), significant ? " *" : "");
}

// A results.json by its content: the schema line, whatever the file is called.
std::optional<Results> results_file(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("compare: cannot read '" + file + "'; allowed: a scenario file or a results.json");
  const std::string text{std::istreambuf_iterator<char>(in), {}};
  if (text.find("\"schema\"") == std::string::npos || text.find(kResultsSchema) == std::string::npos) return std::nullopt;
  try {
    return results_from_json(text);
  } catch (const std::exception& e) {
    throw std::invalid_argument("compare: '" + file + "' is not a readable results file (" + e.what() + ")");
  }
}

// Terminal columns of a UTF-8 string ("±" is two bytes, one column).
std::size_t display_width(const std::string& s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

Command add_compare_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> scenarios;
    RunFlags run{std::nullopt, 10, 0, "", false, 1.0, ""};
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("compare", "compare scenario files under common random numbers, or results files");
  cmd->add_option("files", o->scenarios, "two or more scenario YAML files or results.json files")->required()->expected(2, -1);
  add_run_flags(*cmd, o->run, "directory for one results file per scenario");
  return [o] {
    // Every file is read or loaded first, so a bad one stops the command before anything runs.
    struct Input {
      std::optional<Scenario> scenario;
      std::optional<Results> results;
    };
    std::vector<Input> inputs;
    for (const std::string& file : o->scenarios) {
      Input in;
      in.results = results_file(file);
      if (!in.results) in.scenario = load_scenario(file);
      inputs.push_back(std::move(in));
    }
    const RunFlags& f = o->run;
    std::optional<std::uint64_t> first_seed = f.seed;
    for (const Input& in : inputs)
      if (!first_seed && in.scenario) first_seed = in.scenario->seed;
    const std::uint64_t seed = first_seed.value_or(0);
    // A shard runs its share of every scenario's replications (stream k for replication k, as `sim
    // --shard`) and writes each scenario's results file; slotrush merge combines each scenario's shards
    // and compare then reads the merged files. A shard's table would compare a part, so none is printed.
    const ShardSpec shard = f.shard.empty() ? ShardSpec{} : parse_shard(f.shard);
    if (!f.shard.empty()) {
      if (f.out.empty())
        throw std::invalid_argument("--shard " + f.shard + ": found no --out; allowed: --shard with --out DIR (a shard's "
                                    "results are for slotrush merge)");
      for (std::size_t i = 0; i < inputs.size(); ++i)
        if (inputs[i].results)
          throw std::invalid_argument("--shard: '" + o->scenarios[i] + "' is a results file; allowed: scenario files "
                                      "only with --shard (a results file is not re-run)");
      shard_streams(shard, f.replications);  // refuses a shard with no replication before anything runs
    }
    if (!f.out.empty()) check_writable(f.out);  // before the runs, not after them
    std::vector<Results> results;
    std::vector<std::string> written;
    std::size_t simulated_here = 0;
    for (Input& in : inputs) {
      if (in.results) {
        results.push_back(*in.results);
        continue;
      }
      Scenario& s = *in.scenario;
      s.seed = seed;
      results.push_back(simulate_scenario(s, RunOptions{f.replications, f.threads, !f.quiet, RunScope{f.population_scale, 0, {}}, shard}));
      ++simulated_here;
      if (!f.out.empty()) written.push_back(write_results(results.back(), f.out, s.name).string());
    }
    if (!f.shard.empty()) {
      fmt::print("compare: shard {}/{}: {} scenario file(s), their share of {} replications each, seed {}; wrote {}\n",
                 shard.index, shard.count, simulated_here, f.replications, seed, fmt::join(written, " "));
      fmt::print("compare: merge each scenario's shards (slotrush merge S0/NAME.json S1/NAME.json ... --out DIR), "
                 "then compare the merged results.json files\n");
      return 0;
    }
    const Results& base = results.front();
    if (simulated_here > 0)
      fmt::print("compare: {} scenario file(s) simulated, {} replications each, seed {} (common random numbers)\n",
                 simulated_here, f.replications, seed);
    fmt::print("compare: the difference to {} ({}) is paired by replication where both are simulated with the same "
               "seed and run count, else unpaired (Welch); * where its 95% interval excludes 0\n",
               base.scenario_name, base.kind);
    for (std::size_t i = 1; i < results.size(); ++i)
      if (!comparable(base, results[i]))
        fmt::print("compare: {} and {} are not comparable: {}; no difference shown\n", base.scenario_name,
                   results[i].scenario_name, why_not_comparable(base, results[i]));
    // One row per KPI, one column per file; later files also show their difference to the first.
    std::vector<std::vector<std::string>> cells;
    cells.push_back({"kpi", "unit"});
    for (std::size_t i = 0; i < results.size(); ++i)
      cells.front().push_back(results[i].scenario_name + (results[i].kind == "measured" ? " (measured)" : ""));
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      std::vector<std::string> row{std::string(info(kpi).name), std::string(info(kpi).unit)};
      for (std::size_t i = 0; i < results.size(); ++i) {
        std::string cell = format_estimate(results[i][kpi].interval);
        if (i > 0)
          if (const auto d = kpi_difference(base, results[i], kpi))
            cell += "  (" + format_difference(d->interval) + (d->paired ? "" : " unpaired") + ")";
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
