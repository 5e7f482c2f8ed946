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

namespace slotrush {
namespace {

using nlohmann::json;

// Which way a KPI is better, so the page can colour a significant difference: "higher", "lower",
// or "either" where a change is neither good nor bad in itself (how many came, how fast slots went).
std::string_view better_direction(Kpi kpi) {
  switch (kpi) {
    case Kpi::SlotsBooked: case Kpi::PeopleBooked: case Kpi::BookingProbability:
    case Kpi::DailyWinProbability: case Kpi::Goodput: case Kpi::PeakGoodput:
    case Kpi::RequestSuccessRate: case Kpi::FairnessJain:
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

// Each KPI of `file` against the first file: the paired difference (runs paired by index, as
// `slotrush compare` does) with its interval, or the bare difference of the means when the files
// have different run counts.
json differences_to_first(const Results& first, const Results& file) {
  json out = json::object();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const auto kpi = static_cast<Kpi>(k);
    const std::string name(info(kpi).name);
    if (const auto d = paired_difference(first[kpi], file[kpi])) {
      const bool finite = std::isfinite(d->half_width);
      out[name] = {{"mean", number(d->mean)},
                   {"half_width", number(d->half_width)},
                   {"ci95", json::array({number(d->lower()), number(d->upper())})},
                   {"n", d->n},
                   {"paired", true},
                   {"significant", finite && (d->lower() > 0 || d->upper() < 0)}};
    } else if (first[kpi].interval && file[kpi].interval) {
      out[name] = {{"mean", number(file[kpi].interval->mean - first[kpi].interval->mean)},
                   {"half_width", nullptr},
                   {"ci95", json::array({nullptr, nullptr})},
                   {"n", 0},
                   {"paired", false},
                   {"significant", false}};
    } else {
      out[name] = nullptr;
    }
  }
  return out;
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

std::string report_data_json(const std::vector<ReportInput>& inputs, const ReportOptions& options) {
  if (inputs.empty()) throw std::invalid_argument("report_data_json: no inputs");
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
    if (i > 0) file["difference_to_first"] = differences_to_first(inputs.front().results, r);
    files.push_back(std::move(file));
  }
  const json doc{{"schema", kReportDataSchema},
                 {"title", report_title(inputs, options)},
                 {"kpis", kpis},
                 {"files", files}};
  return doc.dump();
}

}  // namespace slotrush
