#include "apps/slotrush/sweep_outputs.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "apps/slotrush/scenario_runs.hpp"

namespace slotrush::cli {

namespace {

// An estimate's cells: mean, ci_low, ci_high, n (the interval collapses to the mean when n < 2).
struct Cells {
  std::string mean, low, high, n;
};

Cells cells_of(const std::optional<ConfidenceInterval>& ci) {
  if (!ci || !std::isfinite(ci->mean)) return {"", "", "", ci ? std::to_string(ci->n) : "0"};
  const bool band = ci->n >= 2 && std::isfinite(ci->half_width);
  const auto num = [](double v) { return fmt::format("{:.10g}", v); };
  return {num(ci->mean), num(band ? ci->lower() : ci->mean), num(band ? ci->upper() : ci->mean), std::to_string(ci->n)};
}

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

nlohmann::json estimate_json(const std::optional<ConfidenceInterval>& ci) {
  if (!ci || !std::isfinite(ci->mean)) return nullptr;
  const bool band = ci->n >= 2 && std::isfinite(ci->half_width);
  return {{"mean", ci->mean}, {"ci_low", band ? ci->lower() : ci->mean}, {"ci_high", band ? ci->upper() : ci->mean},
          {"n", ci->n}};
}

// A value as JSON: a number when the whole text is one, else the text ("30s").
nlohmann::json value_json(const std::string& text) {
  double v = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(v)) return v;
  return text;
}

}  // namespace

std::string SweepOutcome::point_dir(std::size_t index) { return fmt::format("points/{:03}", index); }

void print_sweep_table(const SweepOutcome& sweep, const std::vector<Kpi>& kpis) {
  fmt::print("sweep of {} ({} point{}, {} replication{} each, seed {})\n", sweep.base_file, sweep.points.size(),
             sweep.points.size() == 1 ? "" : "s", sweep.replications, sweep.replications == 1 ? "" : "s", sweep.seed);
  std::string header = fmt::format("  {:>5}", "point");
  for (const SweepAxis& a : sweep.axes) header += fmt::format("  {:>{}}", a.field, std::max<std::size_t>(8, a.field.size()));
  for (Kpi k : kpis) header += fmt::format("  {:>22}", info(k).name);
  fmt::print("{}\n", header);
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    std::string row = fmt::format("  {:>5}", p);
    for (std::size_t a = 0; a < sweep.axes.size(); ++a)
      row += fmt::format("  {:>{}}", sweep.points[p].values[a], std::max<std::size_t>(8, sweep.axes[a].field.size()));
    for (Kpi k : kpis) row += fmt::format("  {:>22}", format_estimate(sweep.results[p][k].interval));
    fmt::print("{}\n", row);
  }
}

void write_sweep_csv(const SweepOutcome& sweep, const std::filesystem::path& file) {
  std::ofstream out(file);
  out << "point";
  for (const SweepAxis& a : sweep.axes) out << ',' << csv_cell(a.field);
  out << ",kpi,group,mean,ci_low,ci_high,n\n";
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    std::string lead = std::to_string(p);
    for (const std::string& v : sweep.points[p].values) lead += ',' + csv_cell(v);
    const auto row = [&](std::string_view kpi, const std::string& group, const std::optional<ConfidenceInterval>& ci) {
      const Cells c = cells_of(ci);
      out << lead << ',' << kpi << ',' << csv_cell(group) << ',' << c.mean << ',' << c.low << ',' << c.high << ','
          << c.n << '\n';
    };
    for (const KpiEstimate& e : sweep.results[p].kpis) row(info(e.kpi).name, "", e.interval);
    for (const GroupEstimate& g : sweep.results[p].groups) {
      const std::string group = g.dimension + "=" + g.label;
      row("booking_probability", group, g.booking_probability);
      row("mean_days_waited", group, g.mean_days_waited);
    }
  }
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

std::string sweep_to_json(const SweepOutcome& sweep) {
  nlohmann::json fields = nlohmann::json::array();
  for (const SweepAxis& a : sweep.axes) {
    nlohmann::json values = nlohmann::json::array();
    for (const std::string& v : a.values) values.push_back(value_json(v));
    fields.push_back({{"field", a.field}, {"values", values}, {"texts", a.values}});
  }
  nlohmann::json points = nlohmann::json::array();
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const Results& r = sweep.results[p];
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t a = 0; a < sweep.axes.size(); ++a) values[sweep.axes[a].field] = value_json(sweep.points[p].values[a]);
    nlohmann::json kpis = nlohmann::json::object();
    for (const KpiEstimate& e : r.kpis) kpis[std::string(info(e.kpi).name)] = estimate_json(e.interval);
    nlohmann::json groups = nlohmann::json::array();
    for (const GroupEstimate& g : r.groups)
      groups.push_back({{"dimension", g.dimension},
                        {"label", g.label},
                        {"people", g.people},
                        {"booking_probability", estimate_json(g.booking_probability)},
                        {"mean_days_waited", estimate_json(g.mean_days_waited)}});
    points.push_back({{"point", p}, {"values", values}, {"dir", SweepOutcome::point_dir(p)}, {"kpis", kpis},
                      {"groups", groups}});
  }
  nlohmann::json doc{{"schema", "slotrush.sweep/1"}, {"base", sweep.base_file},   {"seed", sweep.seed},
                     {"replications", sweep.replications}, {"fields", fields}, {"points", points}};
  if (!sweep.results.empty() && sweep.results.front().shard)
    doc["shard"] = {{"index", sweep.results.front().shard->index}, {"count", sweep.results.front().shard->count}};
  return doc.dump(2);
}

void write_sweep_outputs(const SweepOutcome& sweep, const std::filesystem::path& dir) {
  for (std::size_t p = 0; p < sweep.results.size(); ++p)
    write_results(sweep.results[p], dir / SweepOutcome::point_dir(p), "results");
  write_sweep_csv(sweep, dir / "sweep.csv");
  std::ofstream json(dir / "sweep.json");
  json << sweep_to_json(sweep) << '\n';
  if (!json) throw std::runtime_error(fmt::format("cannot write {}", (dir / "sweep.json").string()));
}

SweepOutcome sweep_from_json(const std::string& text) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(text);
    if (doc.value("schema", "") != "slotrush.sweep/1")
      throw std::runtime_error("not a sweep.json (schema slotrush.sweep/1)");
    SweepOutcome sweep;
    sweep.base_file = doc.at("base").get<std::string>();
    sweep.seed = doc.at("seed").get<std::uint64_t>();
    sweep.replications = doc.at("replications").get<std::size_t>();
    // "texts" holds each value as the sweep was given it ("0.10", "30s"); "values" as a number where
    // it is one, for charts.
    for (const nlohmann::json& f : doc.at("fields"))
      sweep.axes.push_back(SweepAxis{f.at("field").get<std::string>(), f.at("texts").get<std::vector<std::string>>()});
    sweep.points = expand_grid(sweep.axes);
    if (sweep.points.size() != doc.at("points").size())
      throw std::runtime_error(fmt::format("{} points listed; its fields make {}", doc.at("points").size(), sweep.points.size()));
    return sweep;
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(e.what());
  }
}

}  // namespace slotrush::cli
