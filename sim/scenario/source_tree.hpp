// SourceNode: a parsed YAML document in which every node and every map key remembers the file,
// line and column it came from. yaml-cpp's nodes know their line but not their file, and merging
// a file over the base it `extends` mixes nodes of several files, so the loader reads yaml-cpp's
// tree into this one and reports every issue with the place of the text that caused it.
// Internal to sim/scenario.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario_loader.hpp"

namespace slotrush::scenario_detail {

using Issues = std::vector<ScenarioIssue>;

struct SourcePlace {
  std::string file;
  int line = 0;  // 1-based; 0 = no place in the file
  int column = 0;
};

ScenarioIssue make_issue(const SourcePlace& place, std::string field_path, std::string message);

struct SourceEntry;

struct SourceNode {
  enum class Kind { Null, Scalar, Map, Sequence };
  Kind kind = Kind::Null;
  SourcePlace place;
  std::string text;                  // Scalar: the text as written (quotes removed)
  std::vector<SourceEntry> entries;  // Map, in file order, keys unique
  std::vector<SourceNode> items;     // Sequence

  const SourceNode* find(std::string_view key) const;
};

struct SourceEntry {
  std::string key;
  SourcePlace key_place;
  SourceNode value;
};

// "a map", "a list", "nothing", or the scalar quoted: for "found ..." in messages.
std::string describe(const SourceNode& node);

// Merges `over` onto `base` as `extends` does: maps key by key, lists and scalars replaced whole, a
// distribution replaced whole.
void merge_into(SourceNode& base, SourceNode&& over);

// Whether `key` names a distribution's law (`normal`, `exponential`, ...): a map whose one key is a
// law is a distribution, one value that `extends` replaces whole.
bool is_distribution_law(std::string_view key);

// Parses a YAML value given outside a file (a --vary value); every node gets `place`. Syntax errors go
// to `issues`.
std::optional<SourceNode> parse_yaml_text(const std::string& text, const SourcePlace& place, Issues& issues);

// Reads one file and, recursively, the files it `extends` (paths relative to the extending file),
// merging each file over its base: maps merge key by key, the extending file wins, lists and
// scalars are replaced whole. The `extends` keys are consumed. Syntax errors, duplicate keys,
// unreadable files and cycles go to `issues`; nullopt only when `file` itself cannot be parsed.
std::optional<SourceNode> read_scenario_tree(const std::filesystem::path& file, Issues& issues);

// The tree (nullopt: the file could not be parsed) checked and converted into a Scenario named after
// `file`; issues sorted by place, `file` first. What load_scenario does after reading.
Scenario scenario_from_tree(std::optional<SourceNode> root, const std::filesystem::path& file, Issues& issues);

}  // namespace slotrush::scenario_detail
