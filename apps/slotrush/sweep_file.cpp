#include "apps/slotrush/sweep_file.hpp"

#include <stdexcept>

#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/source_tree.hpp"

namespace slotrush::cli {
namespace {

using namespace scenario_detail;

// One `vary:` entry: a list of YAML scalars, or one text read as --vary would read it.
void read_axis(const SourceEntry& e, std::vector<SweepAxis>& axes, Issues& issues) {
  const std::string path = "vary." + e.key;
  SweepAxis axis{e.key, {}};
  if (e.value.kind == SourceNode::Kind::Sequence && !e.value.items.empty()) {
    for (const SourceNode& item : e.value.items) {
      if (item.kind != SourceNode::Kind::Scalar) {
        issues.push_back(make_issue(item.place, path, "found " + describe(item) + "; allowed: a value (740, 0.3, 30s)"));
        return;
      }
      axis.values.push_back(item.text);
    }
  } else if (e.value.kind == SourceNode::Kind::Scalar) {
    try {
      axis = parse_axis(e.key + "=" + e.value.text);
    } catch (const std::invalid_argument& x) {
      std::string what = x.what();
      const auto colon = what.find(": ");  // drop parse_axis's "--vary ...:" origin, the place says it
      issues.push_back(make_issue(e.value.place, path, colon == std::string::npos ? what : what.substr(colon + 2)));
      return;
    }
  } else {
    issues.push_back(make_issue(e.value.place, path,
                                "found " + describe(e.value) + "; allowed: a list of values ([740, 1000]) or a range \"LOW:HIGH:STEP\""));
    return;
  }
  axes.push_back(std::move(axis));
}

}  // namespace

SweepFile read_sweep_file(const std::filesystem::path& file) {
  Issues issues;
  SweepFile out;
  std::optional<SourceNode> root = read_scenario_tree(file, issues);
  if (root && root->kind != SourceNode::Kind::Map) {
    issues.push_back(make_issue(root->place, "", "found " + describe(*root) + "; allowed: a map with base, vary, replications, seed, kpis"));
  } else if (root) {
    FieldReader top(&*root, "", root->place, issues);  // reports unknown keys ("did you mean") when it goes
    top.take("replications");  // known keys, for "did you mean" (read below only when present)
    top.take("seed");
    std::string base;
    if (top.require("base") && top.text("base", base, false)) out.base = file.parent_path() / base;
    int replications = 0;
    if (root->find("replications") && top.whole("replications", replications, 1)) out.replications = replications;
    std::uint64_t seed = 0;
    if (root->find("seed") && top.seed("seed", seed)) out.seed = seed;
    if (top.require("vary")) {
      const SourceNode* vary = top.take("vary");
      if (vary->kind != SourceNode::Kind::Map || vary->entries.empty())
        issues.push_back(make_issue(vary->place, "vary", "found " + describe(*vary) +
                                                             "; allowed: a map of FIELD: [values] or FIELD: \"LOW:HIGH:STEP\""));
      else
        for (const SourceEntry& e : vary->entries) read_axis(e, out.axes, issues);
    }
    if (const SourceNode* kpis = top.take("kpis")) {
      for (const SourceNode& k : kpis->items)
        if (k.kind == SourceNode::Kind::Scalar) out.kpis.push_back(k.text);
      if (kpis->kind != SourceNode::Kind::Sequence)
        issues.push_back(make_issue(kpis->place, "kpis", "found " + describe(*kpis) + "; allowed: a list of KPI names"));
    }
  }
  if (!issues.empty()) throw ScenarioError(std::move(issues));
  return out;
}

bool is_sweep_file(const std::filesystem::path& file) {
  Issues issues;
  const std::optional<SourceNode> root = read_scenario_tree(file, issues);
  return root && root->kind == SourceNode::Kind::Map && root->find("vary") != nullptr;
}

}  // namespace slotrush::cli
