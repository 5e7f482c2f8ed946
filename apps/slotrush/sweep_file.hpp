// SweepFile: a study written down (`slotrush sweep --file study.yaml`) instead of given as flags:
//   base: ../scenarios/cbp1-2023-05-lottery.yaml   # relative to the sweep file
//   vary: {allocation.lottery.senior_reserve_fraction: "0:1:0.1", supply.daily_slots: [740, 1000]}
//   replications: 10
//   seed: 1
//   kpis: [booking_probability]
// Read with the scenario loader's tree and checker, so a mistake is a ScenarioError at file:line:column
// naming the field, what was found and what is allowed (exit 2).
#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "apps/slotrush/sweep_grid.hpp"

namespace slotrush::cli {

struct SweepFile {
  std::filesystem::path base;
  std::vector<SweepAxis> axes;  // in the file's order; the last varies fastest
  std::optional<std::size_t> replications;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> kpis;
};

// Throws ScenarioError listing every issue of the file.
SweepFile read_sweep_file(const std::filesystem::path& file);

// Whether a YAML file is a sweep file (its top level has `vary:`) rather than a scenario.
bool is_sweep_file(const std::filesystem::path& file);

}  // namespace slotrush::cli
