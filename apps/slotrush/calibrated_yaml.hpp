// calibrated.yaml, the scenario `slotrush calibrate` found: `extends:` the base file, then only the
// fitted (and fixed) fields, nested as the scenario writes them, under a comment naming the command and
// the targets. A path through a list (`server.tiers[api].workers`) copies the base file's whole list,
// since `extends` replaces lists whole.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

// The text of calibrated.yaml for a file in `dir`; `comment` becomes '#' lines above the scenario.
// std::invalid_argument naming the field when a list its path goes through is not in the base file
// itself (it could not be copied), so calling it once before a search refuses such a field before
// anything runs.
std::string calibrated_yaml_text(const std::filesystem::path& dir, const std::string& base,
                                 const std::vector<ScenarioOverride>& values, const std::string& comment);
void write_calibrated_yaml(const std::filesystem::path& file, const std::string& base,
                           const std::vector<ScenarioOverride>& values, const std::string& comment);

}  // namespace slotrush::cli
