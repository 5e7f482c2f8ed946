#include "report/sweep_input.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/report_input.hpp"

namespace slotrush {
namespace {

using nlohmann::json;

std::optional<SweepEstimate> estimate_of(const json& e) {
  if (!e.is_object() || !e.contains("mean") || !e.at("mean").is_number()) return std::nullopt;
  return SweepEstimate{e.at("mean").get<double>(), e.value("ci_low", e.at("mean").get<double>()),
                       e.value("ci_high", e.at("mean").get<double>()), e.value("n", 0L)};
}

std::string value_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

bool is_sweep_text(const std::string& text) {
  if (text.find(kSweepSchema) == std::string::npos) return false;  // most files: no parse needed
  const json doc = json::parse(text, nullptr, false);
  return doc.is_object() && doc.contains("schema") && doc.at("schema") == kSweepSchema;
}

SweepInput sweep_input_from_text(const std::filesystem::path& file, const std::string& text) {
  SweepInput in;
  in.path = file;
  try {
    const json doc = json::parse(text);
    in.base = doc.value("base", "");
    in.replications = doc.value("replications", 0L);
    for (const json& f : doc.at("fields")) {
      SweepField field{f.at("field").get<std::string>(), true, {}};
      for (const json& v : f.at("values")) {
        field.numeric = field.numeric && v.is_number();
        field.values.push_back(value_text(v));
      }
      in.fields.push_back(std::move(field));
    }
    for (const json& p : doc.at("points")) {
      SweepInputPoint point;
      for (const SweepField& f : in.fields) point.values.push_back(value_text(p.at("values").at(f.field)));
      for (const auto& [name, e] : p.at("kpis").items()) point.kpis[name] = estimate_of(e);
      for (const json& g : p.value("groups", json::array())) {
        SweepGroupEstimates group{g.at("dimension").get<std::string>(), g.at("label").get<std::string>(), {}};
        for (const char* kpi : {"booking_probability", "mean_days_waited"})
          group.kpis[kpi] = g.contains(kpi) ? estimate_of(g.at(kpi)) : std::nullopt;
        point.groups.push_back(std::move(group));
      }
      in.points.push_back(std::move(point));
    }
  } catch (const std::exception& e) {
    throw ReportInputError(fmt::format("{}: malformed sweep file: {}", file.string(), e.what()));
  }
  if (in.fields.empty() || in.points.empty())
    throw ReportInputError(fmt::format("{}: a sweep file without fields or points; nothing to draw", file.string()));
  return in;
}

}  // namespace slotrush
