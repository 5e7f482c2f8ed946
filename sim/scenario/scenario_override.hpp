// ScenarioOverride: one field of a scenario set from outside its file (`slotrush sweep --vary`,
// `slotrush calibrate`), by its path as docs/scenario-reference.md writes it. The value is YAML text
// and is merged onto the file's tree before the tree is checked, so a bad path or value is reported
// exactly as a mistake in the file would be (the field, what was found, what is allowed, did you
// mean), placed at `origin` instead of a line of the file.
#pragma once
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"

namespace slotrush {

struct ScenarioOverride {
  // Keys joined by '.', a list item chosen by its name or index: "supply.daily_slots",
  // "server.tiers[signin].queue_limit", "supply.ports[0].share".
  std::string path;
  std::string value;   // YAML: "1000", "30s", "{uniform: {low: 1s, high: 3s}}"
  std::string origin;  // where it was given, for messages: "--vary supply.daily_slots"
};

// "PATH=VALUE" split at the first '=' (origin = `origin_prefix` + " " + text); std::invalid_argument
// when there is no '=' or the path is empty.
ScenarioOverride parse_override(const std::string& text, const std::string& origin_prefix);

// load_scenario with the overrides applied in order; throws ScenarioError listing every issue,
// those of the overrides included.
Scenario load_scenario(const std::filesystem::path& file, std::span<const ScenarioOverride> overrides);
std::vector<ScenarioIssue> validate_scenario_file(const std::filesystem::path& file,
                                                  std::span<const ScenarioOverride> overrides);

namespace scenario_detail {
struct SourceNode;
// Merges each override onto the tree at its path (creating maps on the way); issues for paths that
// cannot be followed or values that are not YAML.
void apply_overrides(SourceNode& root, std::span<const ScenarioOverride> overrides,
                     std::vector<ScenarioIssue>& issues);
}  // namespace scenario_detail

}  // namespace slotrush
