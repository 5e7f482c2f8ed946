#include "sim/results/twin_file.hpp"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace slotrush {
namespace {

using nlohmann::json;

std::optional<double> optional_number(const json& j) {
  if (j.is_number()) return j.get<double>();
  return std::nullopt;
}

TwinKpiRow kpi_row(const json& j) {
  TwinKpiRow row;
  const std::string name = j.at("kpi").get<std::string>();
  const auto kpi = kpi_from_name(name);
  if (!kpi) throw std::runtime_error(fmt::format("unknown KPI \"{}\"", name));
  row.kpi = *kpi;
  row.simulated_mean = optional_number(j.at("simulated_mean"));
  if (const json& p = j.at("prediction_interval"); p.is_array())
    row.prediction.emplace(p.at(0).get<double>(), p.at(1).get<double>());
  row.measured = optional_number(j.at("measured"));
  row.relative_difference = optional_number(j.at("relative_difference"));
  row.compared = j.at("compared").get<bool>();
  row.agrees = j.at("agrees").get<bool>();
  row.verdict = j.at("verdict").get<std::string>();
  return row;
}

}  // namespace

TwinFile twin_from_json(const std::string& text) {
  try {
    const json doc = json::parse(text);
    if (doc.at("schema") != kTwinSchema)
      throw std::runtime_error(fmt::format("schema is {}, expected {}", doc.at("schema").dump(), kTwinSchema));
    TwinFile t;
    TwinDescription& d = t.description;
    d.scenario_name = doc.at("scenario").at("name").get<std::string>();
    d.scenario_file = doc.at("scenario").at("file").get<std::string>();
    d.seed = doc.at("scenario").at("seed").get<std::uint64_t>();
    d.population_scale = doc.at("population_scale").get<double>();
    d.time_scale = doc.at("time_scale").get<double>();
    d.window_seconds = {doc.at("window_s").at(0).get<double>(), doc.at("window_s").at(1).get<double>()};
    d.replications = doc.at("replications").get<std::size_t>();
    d.tolerance = doc.at("tolerance").get<double>();
    d.series_interval_seconds = doc.at("series_interval_s").get<double>();
    d.simulated = doc.at("simulated").get<std::string>();
    d.measured = doc.at("measured").get<std::string>();
    const json& clock = doc.at("clock");
    d.clock_kept_up = clock.at("kept_up").get<bool>();
    d.clock_lag_p99_seconds = clock.at("lag_p99_s").get<double>();
    d.clock_lag_max_seconds = clock.at("max_lag_s").get<double>();
    TwinComparison& c = t.comparison;
    c.prediction_confidence = doc.at("prediction_confidence").get<double>();
    c.agrees = doc.at("agrees").get<bool>();
    for (const json& k : doc.at("kpis")) c.kpis.push_back(kpi_row(k));
    for (const json& s : doc.at("series"))
      c.series.push_back(TwinSeriesRow{s.at("column").get<std::string>(), optional_number(s.at("correlation")),
                                       s.at("intervals").get<std::size_t>()});
    return t;
  } catch (const json::exception& e) {
    throw std::runtime_error(fmt::format("not a slotrush twin file: {}", e.what()));
  }
}

}  // namespace slotrush
