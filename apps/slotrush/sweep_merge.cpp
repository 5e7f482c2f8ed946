#include "apps/slotrush/sweep_merge.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/core.h>
#include <fmt/ranges.h>

namespace slotrush::cli {

namespace {

namespace fs = std::filesystem;


fs::path folder_of(const fs::path& argument) {
  return fs::is_directory(argument) ? argument : argument.parent_path();
}

// What every shard of one sweep shares, as text for the message.
std::string sweep_identity(const SweepOutcome& s) {
  std::string fields;
  for (const SweepAxis& a : s.axes) fields += fmt::format(" {}=[{}]", a.field, fmt::join(a.values, ","));
  return fmt::format("base {}, seed {}, {} replications,{}", s.base_file, s.seed, s.replications, fields);
}

}  // namespace

std::string read_shard_text(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("merge: " + file.string() + ": cannot read it");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

NamedResults read_results_shard(const fs::path& argument) {
  const fs::path file = fs::is_directory(argument) ? argument / "results.json" : argument;
  const std::string text = read_shard_text(file);
  try {
    return NamedResults{file.string(), results_from_json(text)};
  } catch (const std::runtime_error& e) {
    throw std::invalid_argument("merge: " + file.string() + ": " + e.what());
  }
}

bool is_sweep_shard(const fs::path& argument) {
  return fs::is_directory(argument) ? fs::exists(argument / "sweep.json") : argument.filename() == "sweep.json";
}

SweepOutcome merge_sweep_shards(const std::vector<std::string>& folders) {
  if (folders.empty()) throw std::invalid_argument("merge: no shards given");
  SweepOutcome merged;
  std::string identity;
  for (const std::string& argument : folders) {
    const fs::path folder = folder_of(argument);
    if (!is_sweep_shard(folder))
      throw std::invalid_argument("merge: " + argument + ": not a sweep folder (no sweep.json), while " + folders.front() +
                                  " is one; allowed: shards of one kind");
    SweepOutcome shard;
    try {
      shard = sweep_from_json(read_shard_text(folder / "sweep.json"));
    } catch (const std::runtime_error& e) {
      throw std::invalid_argument("merge: " + (folder / "sweep.json").string() + ": " + e.what());
    }
    if (identity.empty()) {
      identity = sweep_identity(shard);
      merged = std::move(shard);
    } else if (sweep_identity(shard) != identity) {
      throw std::invalid_argument("merge: " + argument + ": from another sweep: " + sweep_identity(shard) +
                                  "; the first shard is " + identity);
    }
  }
  // Point by point: the same rule (and the same refusals) as `slotrush merge` of `sim` shards.
  for (std::size_t p = 0; p < merged.points.size(); ++p) {
    std::vector<NamedResults> shards;
    for (const std::string& argument : folders)
      shards.push_back(read_results_shard(folder_of(argument) / SweepOutcome::point_dir(p)));
    merged.results.push_back(merge_shards(std::move(shards)));
  }
  return merged;
}

}  // namespace slotrush::cli
