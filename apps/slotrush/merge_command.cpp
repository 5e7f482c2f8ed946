// `slotrush merge DIR... --out DIR`: the shards of one simulated study (each DIR holds the
// results.json of one `slotrush sim --shard I/N`) back into the result of the unsharded run, byte
// for byte (sim/results/results_merge.hpp). A shard missing, duplicated or from another study exits 2.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/results/results_merge.hpp"

namespace slotrush::cli {

namespace {

struct MergeFlags {
  std::vector<std::string> shards;
  std::string out;
  bool quiet = false;
};

NamedResults read_shard(const std::string& argument) {
  namespace fs = std::filesystem;
  const fs::path file = fs::is_directory(argument) ? fs::path(argument) / "results.json" : fs::path(argument);
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("merge: " + file.string() + ": cannot read it");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    return NamedResults{file.string(), results_from_json(text)};
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument("merge: " + file.string() + ": " + e.what());
  }
}

}  // namespace

Command add_merge_command(CLI::App& app) {
  auto flags = std::make_shared<MergeFlags>();
  CLI::App* cmd = app.add_subcommand("merge", "merge the shards of one simulated study into its unsharded result");
  cmd->add_option("shards", flags->shards, "shard folders (or their results.json), one per shard")->required();
  cmd->add_option("--out", flags->out, "folder for the merged results.json and series.csv")->required();
  cmd->add_flag("--quiet,-q", flags->quiet, "no KPI table");
  return [flags] {
    check_writable(flags->out);
    std::vector<NamedResults> shards;
    for (const std::string& s : flags->shards) shards.push_back(read_shard(s));
    const Results merged = merge_shards(std::move(shards));
    if (!flags->quiet) print_summary(merged);
    write_results(merged, flags->out, "results");
    fmt::print("merged {} shards: wrote {}/results.json and {}/series.csv\n", flags->shards.size(), flags->out, flags->out);
    return 0;
  };
}

}  // namespace slotrush::cli
