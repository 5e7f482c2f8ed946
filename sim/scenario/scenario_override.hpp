// ScenarioOverride: one field of a scenario set from outside its file (`slotrush sweep --vary`,
// `slotrush calibrate`), by its path as docs/scenario-reference.md writes it. The value is YAML text
// and is merged onto the file's tree before the tree is checked, so a bad path or value is reported
// exactly as a mistake in the file would be (the field, what was found, what is allowed, did you
// mean), placed at `origin` instead of a line of the file.
#pragma once
#include <filesystem>
#include <memory>
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

namespace scenario_detail {
struct SourceNode;
}

// A scenario file read once (with the files it extends, merged), from which many scenarios are made,
// each with its own overrides: what the points of a sweep share is parsed once, not once a point.
// Issues of reading (syntax, unreadable bases) are kept and reported by every load, so a point's
// errors are exactly those of load_scenario(file, overrides).
class ParsedScenarioFile {
 public:
  explicit ParsedScenarioFile(std::filesystem::path file);
  ~ParsedScenarioFile();
  ParsedScenarioFile(ParsedScenarioFile&&) noexcept;
  ParsedScenarioFile& operator=(ParsedScenarioFile&&) noexcept;

  // A copy of the tree with the overrides applied in order, checked and converted; throws
  // ScenarioError listing every issue, those of the overrides included.
  Scenario load(std::span<const ScenarioOverride> overrides) const;
  std::vector<ScenarioIssue> validate(std::span<const ScenarioOverride> overrides) const;

 private:
  Scenario convert(std::span<const ScenarioOverride> overrides, std::vector<ScenarioIssue>& issues) const;
  std::filesystem::path file_;
  std::unique_ptr<scenario_detail::SourceNode> tree_;  // null: the file itself could not be parsed
  std::vector<ScenarioIssue> read_issues_;
};

// ParsedScenarioFile(file).load(overrides): for one scenario.
Scenario load_scenario(const std::filesystem::path& file, std::span<const ScenarioOverride> overrides);
std::vector<ScenarioIssue> validate_scenario_file(const std::filesystem::path& file,
                                                  std::span<const ScenarioOverride> overrides);

namespace scenario_detail {
// Merges each override onto the tree at its path (creating maps on the way); issues for paths that
// cannot be followed or values that are not YAML.
void apply_overrides(SourceNode& root, std::span<const ScenarioOverride> overrides,
                     std::vector<ScenarioIssue>& issues);
}  // namespace scenario_detail

}  // namespace slotrush
