#include "sim/scenario/scenario_override.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/source_tree.hpp"

namespace slotrush {

ScenarioOverride parse_override(const std::string& text, const std::string& origin_prefix) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(origin_prefix + " '" + text +
                                "': allowed: FIELD=VALUE, e.g. supply.daily_slots=1000 (docs/scenario-reference.md)");
  return ScenarioOverride{text.substr(0, eq), text.substr(eq + 1), origin_prefix + " " + text};
}

namespace scenario_detail {
namespace {

using Kind = SourceNode::Kind;

struct Step {
  std::string key;
  std::vector<std::string> selectors;  // [name] or [index], in order
};

// "a.b[x].c" -> {a}, {b, [x]}, {c}; nullopt when a segment is empty or a bracket is not closed.
std::optional<std::vector<Step>> split_path(const std::string& path) {
  std::vector<Step> steps;
  std::size_t i = 0;
  while (i <= path.size()) {
    Step step;
    while (i < path.size() && path[i] != '.' && path[i] != '[') step.key += path[i++];
    if (step.key.empty()) return std::nullopt;
    while (i < path.size() && path[i] == '[') {
      const auto close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return std::nullopt;
      step.selectors.push_back(path.substr(i + 1, close - i - 1));
      i = close + 1;
    }
    steps.push_back(std::move(step));
    if (i == path.size()) break;
    if (path[i] != '.') return std::nullopt;
    ++i;
  }
  return steps;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string name_of(const SourceNode& item) {
  const SourceNode* name = item.find("name");
  return name && name->kind == Kind::Scalar ? name->text : "";
}

// The node at `o.path`, created (as empty maps and values) where the tree has none; nullptr and an
// issue when the path runs into something that is not a map or a list.
SourceNode* locate(SourceNode& root, const ScenarioOverride& o, const SourcePlace& place, Issues& issues) {
  const auto steps = split_path(o.path);
  if (!steps) {
    issues.push_back(make_issue(place, o.path,
                                "found a path that cannot be read; allowed: keys joined by '.', a list item "
                                "as [name] or [index], e.g. server.tiers[signin].queue_limit"));
    return nullptr;
  }
  SourceNode* node = &root;
  std::string walked;
  for (const Step& step : *steps) {
    walked += (walked.empty() ? "" : ".") + step.key;
    if (node->kind == Kind::Null) node->kind = Kind::Map;
    if (node->kind != Kind::Map) {
      issues.push_back(make_issue(place, walked, "found a path through " + describe(*node) + "; allowed: a map here"));
      return nullptr;
    }
    auto it = std::find_if(node->entries.begin(), node->entries.end(),
                           [&](const SourceEntry& e) { return e.key == step.key; });
    if (it == node->entries.end()) {  // a key the file does not set: the checker says if it exists
      node->entries.push_back(SourceEntry{step.key, place, SourceNode{Kind::Null, place, {}, {}, {}}});
      it = std::prev(node->entries.end());
    }
    node = &it->value;
    for (const std::string& sel : step.selectors) {
      walked += "[" + sel + "]";
      if (node->kind != Kind::Sequence) {
        issues.push_back(make_issue(place, walked,
                                    "found [" + sel + "] on " + describe(*node) + "; allowed: [name] or [index] on a list "
                                    "the scenario (or its base) writes out"));
        return nullptr;
      }
      std::vector<std::string> names;
      for (const SourceNode& item : node->items) names.push_back(name_of(item));
      std::size_t index = node->items.size();
      if (all_digits(sel)) {
        index = std::stoul(sel);
      } else {
        index = static_cast<std::size_t>(std::find(names.begin(), names.end(), sel) - names.begin());
      }
      if (index >= node->items.size()) {
        std::vector<std::string_view> views(names.begin(), names.end());
        const auto near = closest_name(sel, views);
        std::string listed;
        for (std::size_t k = 0; k < names.size(); ++k)
          listed += (k ? ", " : "") + (names[k].empty() ? std::to_string(k) : names[k]);
        issues.push_back(make_issue(place, walked,
                                    (near ? "did you mean '" + std::string(*near) + "'? " : std::string()) + "found no item [" +
                                        sel + "]; allowed: " + (listed.empty() ? "nothing (the list is empty)" : listed)));
        return nullptr;
      }
      node = &node->items[index];
    }
  }
  return node;
}

}  // namespace

void apply_overrides(SourceNode& root, std::span<const ScenarioOverride> overrides, Issues& issues) {
  for (const ScenarioOverride& o : overrides) {
    const SourcePlace place{o.origin, 0, 0};
    std::optional<SourceNode> value = parse_yaml_text(o.value, place, issues);
    if (!value) continue;
    SourceNode* target = locate(root, o, place, issues);
    if (!target) continue;
    if (target->kind == Kind::Null) *target = std::move(*value);
    else merge_into(*target, std::move(*value));
  }
}

}  // namespace scenario_detail

ParsedScenarioFile::ParsedScenarioFile(std::filesystem::path file) : file_(std::move(file)) {
  if (auto tree = scenario_detail::read_scenario_tree(file_, read_issues_))
    tree_ = std::make_unique<scenario_detail::SourceNode>(std::move(*tree));
}
ParsedScenarioFile::~ParsedScenarioFile() = default;
ParsedScenarioFile::ParsedScenarioFile(ParsedScenarioFile&&) noexcept = default;
ParsedScenarioFile& ParsedScenarioFile::operator=(ParsedScenarioFile&&) noexcept = default;

Scenario ParsedScenarioFile::convert(std::span<const ScenarioOverride> overrides, std::vector<ScenarioIssue>& issues) const {
  issues = read_issues_;
  std::optional<scenario_detail::SourceNode> root;
  if (tree_) {
    root = *tree_;  // the copy this load may change; the parsed tree stays as read
    if (!overrides.empty()) scenario_detail::apply_overrides(*root, overrides, issues);
  }
  return scenario_detail::scenario_from_tree(std::move(root), file_, issues);
}

Scenario ParsedScenarioFile::load(std::span<const ScenarioOverride> overrides) const {
  std::vector<ScenarioIssue> issues;
  Scenario s = convert(overrides, issues);
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return s;
}

std::vector<ScenarioIssue> ParsedScenarioFile::validate(std::span<const ScenarioOverride> overrides) const {
  std::vector<ScenarioIssue> issues;
  convert(overrides, issues);
  return issues;
}

Scenario load_scenario(const std::filesystem::path& file, std::span<const ScenarioOverride> overrides) {
  return ParsedScenarioFile(file).load(overrides);
}

std::vector<ScenarioIssue> validate_scenario_file(const std::filesystem::path& file,
                                                  std::span<const ScenarioOverride> overrides) {
  return ParsedScenarioFile(file).validate(overrides);
}

}  // namespace slotrush
