#include "sim/scenario/source_tree.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace slotrush::scenario_detail {

namespace fs = std::filesystem;

ScenarioIssue make_issue(const SourcePlace& place, std::string field_path, std::string message) {
  return ScenarioIssue{place.file, place.line, place.column, std::move(field_path),
                       std::move(message)};
}

const SourceNode* SourceNode::find(std::string_view key) const {
  for (const SourceEntry& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

std::string describe(const SourceNode& node) {
  switch (node.kind) {
    case SourceNode::Kind::Null: return "nothing";
    case SourceNode::Kind::Map: return "a map";
    case SourceNode::Kind::Sequence: return "a list";
    case SourceNode::Kind::Scalar: break;
  }
  return "'" + node.text + "'";
}

namespace {

SourcePlace place_of(const std::string& file, const YAML::Mark& mark) {
  if (mark.line < 0) return SourcePlace{file, 1, 1};  // an empty document
  return SourcePlace{file, mark.line + 1, mark.column + 1};
}

std::string child_path(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// `place` is where the node's text starts; an empty value (`key:` and nothing) has no text, so it
// takes its key's place rather than yaml-cpp's mark of the next token.
// No scenario nests deeper than a few levels; a YAML alias that contains itself (`a: &x [*x]`) makes
// yaml-cpp's graph cyclic, and following it would never end.
constexpr int kMaxDepth = 32;

SourceNode convert(const YAML::Node& node, const SourcePlace& place, const std::string& path,
                   Issues& issues, int depth = 0) {
  SourceNode out;
  out.place = place;
  if (depth > kMaxDepth) {
    issues.push_back(make_issue(place, path,
                                "found values nested deeper than " + std::to_string(kMaxDepth) +
                                    " levels (an alias that refers to itself?); allowed: the sections of "
                                    "docs/scenario-reference.md"));
    return out;
  }
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      out.kind = SourceNode::Kind::Scalar;
      out.text = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = SourceNode::Kind::Sequence;
      for (std::size_t i = 0; i < node.size(); ++i) {
        const YAML::Node item = node[i];
        const std::string item_path = path + "[" + std::to_string(i) + "]";
        out.items.push_back(convert(item, place_of(place.file, item.Mark()), item_path, issues, depth + 1));
      }
      break;
    case YAML::NodeType::Map:
      out.kind = SourceNode::Kind::Map;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const SourcePlace key_place = place_of(place.file, it->first.Mark());
        if (!it->first.IsScalar()) {
          issues.push_back(make_issue(key_place, path,
                                      "found a " + std::string(it->first.IsMap() ? "map" : "list") +
                                          " as a key; allowed: a plain name"));
          continue;
        }
        const std::string key = it->first.Scalar();
        const std::string value_path = child_path(path, key);
        const auto same_key = [&](const SourceEntry& e) { return e.key == key; };
        if (auto first = std::find_if(out.entries.begin(), out.entries.end(), same_key);
            first != out.entries.end()) {
          issues.push_back(make_issue(
              key_place, value_path,
              "duplicate key '" + key + "' (first at line " + std::to_string(first->key_place.line) +
                  "); allowed: each key once per map"));
          continue;
        }
        const SourcePlace value_place =
            it->second.IsNull() ? key_place : place_of(place.file, it->second.Mark());
        out.entries.push_back(
            SourceEntry{key, key_place, convert(it->second, value_place, value_path, issues, depth + 1)});
      }
      break;
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return out;
}

constexpr std::uintmax_t kMaxScenarioBytes = 16 * 1024 * 1024;

// One file, without following `extends`.
std::optional<SourceNode> read_one_file(const fs::path& file, const SourcePlace& referenced_from,
                                        Issues& issues) {
  const std::string name = file.lexically_normal().string();
  std::ifstream in(file, std::ios::binary);
  std::error_code ec;
  // A regular file only: `extends: /dev/zero` or a FIFO would never end.
  if (!in || !fs::is_regular_file(file, ec) || fs::file_size(file, ec) > kMaxScenarioBytes) {
    std::string message = "cannot read '" + name + "': ";
    message += !fs::exists(file, ec)             ? "no such file"
               : !fs::is_regular_file(file, ec) ? "not a regular file"
               : fs::file_size(file, ec) > kMaxScenarioBytes ? "larger than 16 MiB, which no scenario is"
                                                            : "not a readable file";
    issues.push_back(make_issue(referenced_from, referenced_from.line > 0 ? "extends" : "",
                                std::move(message)));
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  try {
    const YAML::Node root = YAML::Load(text.str());
    return convert(root, place_of(name, root.Mark()), "", issues);
  } catch (const YAML::Exception& e) {
    issues.push_back(make_issue(place_of(name, e.mark), "", "YAML syntax error: " + e.msg));
    return std::nullopt;
  }
}

}  // namespace

std::optional<SourceNode> parse_yaml_text(const std::string& text, const SourcePlace& place, Issues& issues) {
  try {
    const YAML::Node root = YAML::Load(text);
    SourceNode node = convert(root, place, "", issues);
    // Every node of a value given outside a file has the one place that names where it was given.
    const auto relocate = [&](auto& self, SourceNode& n) -> void {
      n.place = place;
      for (SourceEntry& e : n.entries) {
        e.key_place = place;
        self(self, e.value);
      }
      for (SourceNode& item : n.items) self(self, item);
    };
    relocate(relocate, node);
    return node;
  } catch (const YAML::Exception& e) {
    issues.push_back(make_issue(place, "", "YAML syntax error in '" + text + "': " + e.msg));
    return std::nullopt;
  }
}

namespace {

// Merges `over` onto `base`: maps key by key (recursively), anything else replaced whole. An
// empty value over a map (a section whose lines are all commented out) leaves the map alone.
// A distribution ({normal: {...}}) is one value: an override with another law replaces it whole
// instead of merging into a map with two laws.
bool is_distribution(const SourceNode& node) {
  return node.kind == SourceNode::Kind::Map && node.entries.size() == 1 &&
         is_distribution_law(node.entries.front().key);
}

}  // namespace

bool is_distribution_law(std::string_view key) {
  static constexpr std::string_view kLaws[] = {"deterministic", "exponential", "uniform",
                                               "normal",        "lognormal",   "empirical"};
  return std::find(std::begin(kLaws), std::end(kLaws), key) != std::end(kLaws);
}

void merge_into(SourceNode& base, SourceNode&& over) {
  if (base.kind == SourceNode::Kind::Map && over.kind == SourceNode::Kind::Null) return;
  if (base.kind != SourceNode::Kind::Map || over.kind != SourceNode::Kind::Map ||
      is_distribution(over)) {
    base = std::move(over);
    return;
  }
  base.place = over.place;
  for (SourceEntry& entry : over.entries) {
    const auto same_key = [&](const SourceEntry& e) { return e.key == entry.key; };
    auto it = std::find_if(base.entries.begin(), base.entries.end(), same_key);
    if (it == base.entries.end()) {
      base.entries.push_back(std::move(entry));
    } else {
      it->key_place = entry.key_place;
      merge_into(it->value, std::move(entry.value));
    }
  }
}

namespace {

std::string chain_text(const std::vector<fs::path>& chain, const fs::path& last) {
  std::string text;
  for (const fs::path& p : chain) text += p.filename().string() + " -> ";
  return text + last.filename().string();
}

std::optional<SourceNode> read_with_bases(const fs::path& file, const SourcePlace& referenced_from,
                                          std::vector<fs::path>& chain, Issues& issues) {
  std::optional<SourceNode> tree = read_one_file(file, referenced_from, issues);
  if (!tree || tree->kind != SourceNode::Kind::Map) return tree;
  const auto is_extends = [](const SourceEntry& e) { return e.key == "extends"; };
  const auto at = std::find_if(tree->entries.begin(), tree->entries.end(), is_extends);
  if (at == tree->entries.end()) return tree;
  const SourceNode reference = std::move(at->value);
  tree->entries.erase(at);
  if (reference.kind != SourceNode::Kind::Scalar || reference.text.empty()) {
    issues.push_back(make_issue(reference.place, "extends",
                                "found " + describe(reference) +
                                    "; allowed: the path of a base scenario file, relative to "
                                    "this file, e.g. extends: cbp1-2023-01-launch.yaml"));
    return tree;
  }
  const fs::path base_file = (file.parent_path() / reference.text).lexically_normal();
  const fs::path base_id = fs::weakly_canonical(base_file);
  chain.push_back(fs::weakly_canonical(file));
  if (std::find(chain.begin(), chain.end(), base_id) != chain.end()) {
    issues.push_back(make_issue(reference.place, "extends",
                                "extends cycle: " + chain_text(chain, base_file) +
                                    "; allowed: a chain of bases that ends in a file without "
                                    "`extends`"));
  } else if (std::optional<SourceNode> base =
                 read_with_bases(base_file, reference.place, chain, issues)) {
    // A variant is a scenario of its own: it never takes its base's name.
    std::erase_if(base->entries, [](const SourceEntry& e) { return e.key == "name"; });
    merge_into(*base, std::move(*tree));
    tree = std::move(base);
  }
  chain.pop_back();
  return tree;
}

}  // namespace

std::optional<SourceNode> read_scenario_tree(const fs::path& file, Issues& issues) {
  std::vector<fs::path> chain;
  return read_with_bases(file, SourcePlace{file.lexically_normal().string(), 0, 0}, chain, issues);
}

}  // namespace slotrush::scenario_detail

