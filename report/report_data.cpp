#include "report/report_data.hpp"

#include <array>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/idle_intervals.hpp"
#include "report/sweep_charts.hpp"
#include "report/twin_overlays.hpp"
#include "sim/results/run_pairing.hpp"

namespace slotrush {
namespace {

using nlohmann::json;

// Which way a KPI is better, so the page can colour a significant difference: "higher", "lower",
// or "either" where a change is neither good nor bad in itself (how many came, how fast slots went).
std::string_view better_direction(Kpi kpi) {
  switch (kpi) {
    case Kpi::SlotsBooked: case Kpi::PeopleBooked: case Kpi::BookingProbability:
    case Kpi::DailyWinProbability: case Kpi::Goodput: case Kpi::PeakGoodput:
    case Kpi::RequestSuccessRate: case Kpi::FairnessJain: case Kpi::ConfirmedShare:
      return "higher";
    case Kpi::SlotsLeftEmpty: case Kpi::MeanDaysWaited: case Kpi::RequestTimeoutRate:
    case Kpi::RequestRejectRate: case Kpi::RetryAmplification: case Kpi::WastedWorkShare:
    case Kpi::FreezeSeconds: case Kpi::LatencyMean: case Kpi::LatencyP50: case Kpi::LatencyP99:
    case Kpi::AttemptLatencyP99:
      return "lower";
    default:
      return "either";
  }
}

json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }

// Each KPI of `file` against the first file by the one pairing rule (sim/results/run_pairing.hpp):
// paired by replication under common random numbers, else the unpaired difference of the means;
// nothing where the runs are not comparable (other population scale or window) or a KPI is missing.
json differences_to_first(const Results& first, const Results& file) {
  json out = json::object();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const auto kpi = static_cast<Kpi>(k);
    const std::string name(info(kpi).name);
    const auto d = kpi_difference(first, file, kpi);
    if (!d) {
      out[name] = nullptr;
      continue;
    }
    const ConfidenceInterval& ci = d->interval;
    const bool finite = std::isfinite(ci.half_width);
    out[name] = {{"mean", number(ci.mean)},
                 {"half_width", number(ci.half_width)},
                 {"ci95", json::array({number(finite ? ci.lower() : NAN), number(finite ? ci.upper() : NAN)})},
                 {"n", d->paired ? ci.n : 0},
                 {"paired", d->paired},
                 {"significant", finite && (ci.lower() > 0 || ci.upper() < 0)}};
  }
  return out;
}

// Whether `file` may be held against the first file at all, and whether pairing applies, in words.
json comparison_to_first(const Results& first, const Results& file) {
  return {{"comparable", comparable(first, file)},
          {"paired", paired(first, file)},
          {"reason", why_not_comparable(first, file)}};
}

json values(const std::vector<double>& xs) {
  json out = json::array();
  for (double x : xs) out.push_back(number(x));
  return out;
}

json optional_value(const std::optional<double>& x) { return x ? number(*x) : json(nullptr); }

// A side of an overlay: its values, or null when its file lacks the column ("not measured").
json overlay_line(const OverlayLine& line) {
  if (line.absent) return nullptr;
  return values(line.values);
}

// A twin for the page: what twin.json says (the agreement table, word for word) and the overlays.
json twin_for_page(const TwinInput& in, const std::vector<ReportInput>& files) {
  const TwinDescription& d = in.twin.description;
  const TwinComparison& c = in.twin.comparison;
  json kpis = json::array();
  for (const TwinKpiRow& r : c.kpis) {
    kpis.push_back({{"kpi", std::string(info(r.kpi).name)},
                    {"simulated_mean", optional_value(r.simulated_mean)},
                    {"prediction_interval", r.prediction ? json::array({number(r.prediction->first), number(r.prediction->second)})
                                                         : json(nullptr)},
                    {"measured", optional_value(r.measured)},
                    {"relative_difference", optional_value(r.relative_difference)},
                    {"compared", r.compared},
                    {"agrees", r.agrees},
                    {"verdict", r.verdict}});
  }
  const TwinOverlays o = twin_overlays(files[in.simulated].results, files[in.measured].results, d.window_seconds,
                                       d.series_interval_seconds, c.series);
  json columns = json::array();
  for (const OverlayColumn& col : o.columns)
    columns.push_back({{"column", col.column},
                       {"correlation", optional_value(col.correlation)},
                       {"simulated", overlay_line(col.simulated)},
                       {"measured", overlay_line(col.measured)}});
  return {{"path", in.path.string()},
          {"scenario", d.scenario_name},
          {"seed", d.seed},
          {"population_scale", d.population_scale},
          {"time_scale", d.time_scale},
          {"window_s", json::array({d.window_seconds.first, d.window_seconds.second})},
          {"replications", d.replications},
          {"tolerance", d.tolerance},
          {"prediction_confidence", c.prediction_confidence},
          {"clock", {{"kept_up", d.clock_kept_up}, {"lag_p99_s", d.clock_lag_p99_seconds}, {"max_lag_s", d.clock_lag_max_seconds}}},
          {"agrees", c.agrees},
          {"simulated_file", in.simulated},
          {"measured_file", in.measured},
          {"kpis", kpis},
          {"overlays",
           {{"interval_s", o.interval_seconds},
            {"times", values(o.times)},
            {"frozen", {{"simulated", overlay_line(o.frozen_simulated)}, {"measured", overlay_line(o.frozen_measured)}}},
            {"columns", columns}}}};
}

}  // namespace

std::vector<std::string> report_labels(const std::vector<ReportInput>& inputs) {
  const auto base = [](const ReportInput& in) {
    return fmt::format("{} ({})", in.results.scenario_name, in.results.kind);
  };
  std::vector<std::string> labels;
  for (const ReportInput& in : inputs) labels.push_back(base(in));
  // Labels still equal get the file's name (pass 0), then its whole path (pass 1).
  for (int pass = 0; pass < 2; ++pass) {
    std::map<std::string, int> seen;
    for (const std::string& label : labels) ++seen[label];
    for (std::size_t i = 0; i < labels.size(); ++i)
      if (seen[labels[i]] > 1)
        labels[i] = fmt::format("{} {}", base(inputs[i]),
                                pass == 0 ? inputs[i].path.filename().string() : inputs[i].path.string());
  }
  return labels;
}

std::string report_title(const std::vector<ReportInput>& inputs, const ReportOptions& options) {
  if (!options.title.empty()) return options.title;
  std::string title;
  std::set<std::string> named;
  for (const ReportInput& in : inputs)
    if (named.insert(in.results.scenario_name).second)
      title += (title.empty() ? "" : " vs ") + in.results.scenario_name;
  return title;
}

std::string report_title(const ReportSources& sources, const ReportOptions& options) {
  std::string title = report_title(sources.files, options);
  if (title.empty() && !sources.sweeps.empty()) title = "sweep of " + sources.sweeps.front().base;
  return title;
}

std::string report_data_json(const std::vector<ReportInput>& inputs, const ReportOptions& options) {
  ReportSources sources;
  sources.files = inputs;
  return report_data_json(sources, options);
}

std::string report_data_json(const ReportSources& sources, const ReportOptions& options) {
  const std::vector<ReportInput>& inputs = sources.files;
  if (inputs.empty() && sources.sweeps.empty()) throw std::invalid_argument("report_data_json: no inputs");
  json kpis = json::array();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const KpiInfo& i = kKpiInfo[k];
    kpis.push_back({{"name", i.name},
                    {"unit", i.unit},
                    {"meaning", i.meaning},
                    {"better", better_direction(static_cast<Kpi>(k))}});
  }
  const std::vector<std::string> labels = report_labels(inputs);
  json files = json::array();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const Results& r = inputs[i].results;
    // The file's own layout (docs/results-schema.md), written by the same code that wrote it, with
    // the idle intervals put back into the series.
    Results shown = r;
    shown.series = with_idle_intervals(r.series, r.series_interval_seconds);
    json file = json::parse(to_json(shown));
    file["label"] = labels[i];
    file["path"] = inputs[i].path.string();
    file["series"]["input_rows"] = r.series.size();
    if (i > 0) {
      file["comparison_to_first"] = comparison_to_first(inputs.front().results, r);
      file["difference_to_first"] = differences_to_first(inputs.front().results, r);
    }
    files.push_back(std::move(file));
  }
  json twins = json::array();
  for (const TwinInput& t : sources.twins) twins.push_back(twin_for_page(t, inputs));
  std::vector<std::string> kpi_names;
  for (const KpiInfo& i : kKpiInfo) kpi_names.emplace_back(i.name);
  json sweeps = json::array();
  for (const SweepInput& s : sources.sweeps) sweeps.push_back(json::parse(sweep_charts_json(s, kpi_names)));
  const json doc{{"schema", kReportDataSchema},
                 {"title", report_title(sources, options)},
                 {"kpis", kpis},
                 {"files", files},
                 {"twins", twins},
                 {"sweeps", sweeps}};
  return doc.dump();
}

}  // namespace slotrush
