#include "report/sweep_charts.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace slotrush {
namespace {

using nlohmann::json;

// Dimensions drawn one line per group; the cross of the two has too many lines for one chart.
constexpr const char* kGroupDimensions[] = {"party_size", "device_class"};
constexpr const char* kGroupKpis[] = {"booking_probability", "mean_days_waited"};

json estimate_json(const std::optional<SweepEstimate>& e) {
  if (!e || !std::isfinite(e->mean)) return nullptr;
  return {{"mean", e->mean}, {"ci_low", e->ci_low}, {"ci_high", e->ci_high}, {"n", e->n}};
}

// "a=1, b=x": the values of every field but `f` at point p.
std::string others_label(const SweepInput& s, std::size_t f, std::size_t p) {
  std::string label;
  for (std::size_t g = 0; g < s.fields.size(); ++g)
    if (g != f) label += (label.empty() ? "" : ", ") + s.fields[g].field + "=" + s.points[p].values[g];
  return label;
}

std::size_t x_index(const SweepField& field, const std::string& value) {
  for (std::size_t i = 0; i < field.values.size(); ++i)
    if (field.values[i] == value) return i;
  return field.values.size();
}

// Lines keyed by label, each with one estimate per value of field f (null until a point gives one).
struct Lines {
  std::vector<std::string> order;
  std::map<std::string, json> values;
  json& line(const std::string& label, std::size_t width) {
    if (!values.count(label)) {
      order.push_back(label);
      values[label] = json::array();
      for (std::size_t i = 0; i < width; ++i) values[label].push_back(nullptr);
    }
    return values[label];
  }
  json to_json(bool& any) const {
    json out = json::array();
    for (const std::string& label : order) {
      for (const json& v : values.at(label)) any = any || !v.is_null();
      out.push_back({{"label", label}, {"values", values.at(label)}});
    }
    return out;
  }
};

json chart(const std::string& kpi, const SweepField& field, const std::string& group, const std::string& fixed,
           const Lines& lines) {
  bool any = false;
  json drawn = lines.to_json(any);
  return {{"kpi", kpi}, {"field", field.field}, {"group_dimension", group.empty() ? json(nullptr) : json(group)},
          {"fixed", fixed}, {"absent", !any}, {"lines", drawn}};
}

}  // namespace

std::string sweep_charts_json(const SweepInput& s, const std::vector<std::string>& kpi_names) {
  json fields = json::array();
  for (const SweepField& f : s.fields) {
    json xs = json::array();
    for (const std::string& v : f.values) xs.push_back(f.numeric ? json::parse(v) : json(v));
    fields.push_back({{"field", f.field}, {"numeric", f.numeric}, {"values", xs}});
  }
  json charts = json::array();
  for (std::size_t f = 0; f < s.fields.size(); ++f) {
    const SweepField& field = s.fields[f];
    const std::size_t width = field.values.size();
    if (width < 2 && s.fields.size() > 1) continue;  // held at one value: a label of the others' lines, not an axis
    for (const std::string& kpi : kpi_names) {  // one line per combination of the other fields
      Lines lines;
      for (std::size_t p = 0; p < s.points.size(); ++p) {
        const auto it = s.points[p].kpis.find(kpi);
        const std::string label = s.fields.size() == 1 ? kpi : others_label(s, f, p);
        lines.line(label, width)[x_index(field, s.points[p].values[f])] =
            estimate_json(it == s.points[p].kpis.end() ? std::nullopt : it->second);
      }
      charts.push_back(chart(kpi, field, "", "", lines));
    }
    for (const char* dimension : kGroupDimensions)
      for (const char* kpi : kGroupKpis) {  // one chart per combination of the others, a line per group
        std::vector<std::string> panels;
        std::map<std::string, Lines> by_panel;
        for (std::size_t p = 0; p < s.points.size(); ++p) {
          const std::string panel = others_label(s, f, p);
          if (!by_panel.count(panel)) panels.push_back(panel);
          Lines& lines = by_panel[panel];
          for (const SweepGroupEstimates& g : s.points[p].groups) {
            if (g.dimension != dimension) continue;
            const auto e = g.kpis.find(kpi);
            lines.line(std::string(dimension) + "=" + g.label, width)[x_index(field, s.points[p].values[f])] =
                estimate_json(e == g.kpis.end() ? std::nullopt : e->second);
          }
        }
        for (const std::string& panel : panels) charts.push_back(chart(kpi, field, dimension, panel, by_panel[panel]));
      }
  }
  const json doc{{"path", s.path.string()}, {"base", s.base}, {"replications", s.replications},
                 {"points", s.points.size()}, {"fields", fields}, {"charts", charts}};
  return doc.dump();
}

}  // namespace slotrush
