#include "apps/slotrush/calibrated_yaml.hpp"

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "sim/scenario/source_tree.hpp"

namespace slotrush::cli {

namespace {

std::vector<std::string> path_parts(std::string_view rest) {
  std::vector<std::string> parts;
  while (true) {
    const auto dot = rest.find('.');
    parts.emplace_back(rest.substr(0, dot));
    if (dot == std::string_view::npos) return parts;
    rest.remove_prefix(dot + 1);
  }
}

// The map to write under a key the path goes through: a copy of the base file's distribution when
// the path sets one parameter of it (`offset_seconds.normal.stddev` under `{normal: {...}}`), since
// `extends` replaces a distribution whole and a `normal` with its stddev alone is refused; else empty.
YAML::Node distribution_of(const YAML::Node& from, const std::string& next_part) {
  const std::string law = next_part.substr(0, next_part.find('['));
  if (from && from.IsMap() && from.size() == 1 && from.begin()->first.as<std::string>() == law &&
      scenario_detail::is_distribution_law(law))
    return YAML::Clone(from);
  return YAML::Node(YAML::NodeType::Map);
}

// The values nested as maps; lists and distributions copied whole from the base file's own tree.
YAML::Node calibrated_tree(const std::string& base, const std::vector<ScenarioOverride>& values) {
  static const std::regex segment(R"(^([A-Za-z_0-9]+)(?:\[([^\]]+)\])?$)");
  const YAML::Node source = YAML::LoadFile(base);
  YAML::Node out(YAML::NodeType::Map);
  for (const ScenarioOverride& v : values) {
    const std::vector<std::string> parts = path_parts(v.path);
    YAML::Node node;
    node.reset(out);
    YAML::Node from;
    from.reset(source);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      std::smatch m;
      if (!std::regex_match(parts[p], m, segment)) throw std::invalid_argument(v.origin + ": path not writable");
      const std::string key = m[1];
      const bool last = p + 1 == parts.size();
      // Node::operator= would write through to the node referred to; reset() rebinds the handle.
      from.reset(from && from.IsMap() ? YAML::Node(from[key]) : YAML::Node());
      if (!m[2].matched) {
        if (last) {
          node[key] = v.value;
          break;
        }
        if (!node[key]) node[key] = distribution_of(from, parts[p + 1]);
        node.reset(node[key]);
        continue;
      }
      if (!node[key]) {
        if (!from || !from.IsSequence())
          throw std::invalid_argument(fmt::format("{}: the list {} is not in {} itself (inherited?); calibrated.yaml "
                                                  "cannot set one item of it; allowed: a list the base file writes",
                                                  v.origin, key, base));
        node[key] = YAML::Clone(from);
      }
      YAML::Node list = node[key];
      const std::string sel = m[2];
      YAML::Node item;
      for (std::size_t k = 0; k < list.size(); ++k)
        if (std::to_string(k) == sel || (list[k]["name"] && list[k]["name"].as<std::string>() == sel)) item = list[k];
      if (!item) throw std::invalid_argument(v.origin + ": no list item " + sel + " in " + base + " itself");
      if (last) throw std::invalid_argument(v.origin + ": a list item is not a value");
      node.reset(item);
      from.reset(YAML::Node());
    }
  }
  return out;
}

}  // namespace

std::string calibrated_yaml_text(const std::filesystem::path& dir, const std::string& base,
                                 const std::vector<ScenarioOverride>& values, const std::string& comment) {
  namespace fs = std::filesystem;
  std::ostringstream y;
  std::istringstream lines(comment);
  for (std::string line; std::getline(lines, line);) y << "# " << line << '\n';
  y << "extends: " << fs::relative(fs::absolute(base), fs::absolute(dir)).string() << '\n';
  if (!values.empty()) {
    YAML::Emitter e;
    e << calibrated_tree(base, values);
    y << e.c_str() << '\n';
  }
  return y.str();
}

void write_calibrated_yaml(const std::filesystem::path& file, const std::string& base,
                           const std::vector<ScenarioOverride>& values, const std::string& comment) {
  const std::string text = calibrated_yaml_text(file.parent_path(), base, values, comment);
  std::ofstream y(file);
  y << text;
  if (!y) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

}  // namespace slotrush::cli
