#include "sim/results/twin_comparison.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "sim/stats/confidence_interval.hpp"

namespace slotrush {
namespace {

std::optional<double> value_of(const Results& r, Kpi k) {
  const KpiEstimate& e = r[k];
  if (!e.interval || !std::isfinite(e.interval->mean)) return std::nullopt;
  return e.interval->mean;
}

// Below this absolute difference two values agree whatever their ratio (see the header).
double floor_of(Kpi k, double interval_seconds) {
  switch (k) {
    case Kpi::SoldOutSeconds:
    case Kpi::FreezeSeconds: return interval_seconds;
    case Kpi::LatencyMean:
    case Kpi::LatencyP50:
    case Kpi::LatencyP99:
    case Kpi::AttemptLatencyP99: return 0.01;
    case Kpi::PeopleBooked:
    case Kpi::PeopleTrying:
    case Kpi::SlotsBooked: return 1.0;
    case Kpi::Goodput:
    case Kpi::PeakGoodput:
    case Kpi::OfferedLoad: return 0.5;
    default: return 0.01;  // ratios
  }
}

std::string number(double v) { return fmt::format("{:.4g}", v); }

TwinKpiRow compare_kpi(Kpi k, const Results& simulated, const Results& measured, double tolerance,
                       double confidence) {
  TwinKpiRow row;
  row.kpi = k;
  row.simulated_mean = value_of(simulated, k);
  row.measured = value_of(measured, k);
  if (simulated[k].interval) row.prediction = prediction_interval(*simulated[k].interval, confidence);
  if (!row.simulated_mean && !row.measured) {
    row.verdict = "neither side has a value";
    return row;
  }
  row.compared = true;
  if (!row.simulated_mean || !row.measured) {
    row.verdict = row.simulated_mean ? "the live run has no value" : "the simulation has no value";
    return row;
  }
  const double sim = *row.simulated_mean, live = *row.measured;
  const double diff = live - sim;
  if (sim != 0) row.relative_difference = diff / std::abs(sim);
  if (row.prediction && live >= row.prediction->first && live <= row.prediction->second) {
    row.agrees = true;
    row.verdict = "inside the prediction interval";
  } else if (std::abs(diff) <= tolerance * std::abs(sim)) {
    row.agrees = true;
    row.verdict = fmt::format("within {:g}%", tolerance * 100);
  } else if (std::abs(diff) <= floor_of(k, simulated.series_interval_seconds)) {
    row.agrees = true;
    row.verdict = "difference below " + number(floor_of(k, simulated.series_interval_seconds)) + " " +
                  std::string(info(k).unit);
  } else {
    row.verdict = fmt::format("{} by {:.3g} {}", diff > 0 ? "measured higher" : "measured lower", std::abs(diff),
                              info(k).unit);
  }
  return row;
}

// The cell of `c` (a kSeriesColumns name) in a row; NaN for a name that is no column.
double column_value(const SeriesRow& r, const std::string& c) {
  const auto it = std::find(kSeriesColumns.begin(), kSeriesColumns.end(), c);
  if (it == kSeriesColumns.end()) return NAN;
  return series_row_values(r)[static_cast<std::size_t>(it - kSeriesColumns.begin())];
}

std::optional<double> pearson(const std::vector<double>& x, const std::vector<double>& y, std::size_t& n) {
  double sx = 0, sy = 0;
  n = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      sx += x[i];
      sy += y[i];
      ++n;
    }
  if (n < 3) return std::nullopt;
  const double mx = sx / double(n), my = sy / double(n);
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isfinite(x[i]) && std::isfinite(y[i])) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (sxx <= 0 || syy <= 0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

const std::vector<Kpi>& twin_kpis() {
  static const std::vector<Kpi> kpis{Kpi::PeopleTrying,       Kpi::PeopleBooked,        Kpi::SlotsBooked,
                                     Kpi::SoldOutSeconds,     Kpi::Goodput,             Kpi::PeakGoodput,
                                     Kpi::OfferedLoad,        Kpi::RequestSuccessRate,  Kpi::RequestTimeoutRate,
                                     Kpi::RequestRejectRate,  Kpi::RetryAmplification,  Kpi::FreezeSeconds,
                                     Kpi::LatencyP50,         Kpi::LatencyP99,          Kpi::AttemptLatencyP99,
                                     Kpi::BookingProbability,
                                     Kpi::FairnessJain};
  return kpis;
}

const std::vector<std::string>& twin_series_columns() {
  static const std::vector<std::string> columns{"goodput",  "offered",   "timeouts",      "rejected",     "in_flight",
                                                "bookings", "slots_left", "latency_p50_s", "latency_p99_s", "attempt_latency_p99_s"};
  return columns;
}

std::optional<std::pair<double, double>> prediction_interval(const ConfidenceInterval& ci, double confidence) {
  if (ci.n < 2 || !std::isfinite(ci.half_width)) return std::nullopt;
  const double df = static_cast<double>(ci.n - 1);
  const double widen = confidence == ci.confidence ? 1.0
                                                   : student_t_quantile(0.5 + confidence / 2, df) /
                                                         student_t_quantile(0.5 + ci.confidence / 2, df);
  const double half = ci.half_width * widen * std::sqrt(static_cast<double>(ci.n) + 1.0);
  return std::make_pair(ci.mean - half, ci.mean + half);
}

std::vector<double> dense_series(const Results& r, const std::string& column, std::pair<double, double> window) {
  const double w = r.series_interval_seconds > 0 ? r.series_interval_seconds : 1.0;
  const auto n = static_cast<std::size_t>(std::max(0.0, std::ceil((window.second - window.first) / w - 1e-9)));
  const bool level = column == "slots_left";
  const bool latency = column.find("latency") != std::string::npos;
  std::vector<double> out(n, latency || level ? NAN : 0.0);
  double carried = NAN;
  std::size_t next = 0;  // the first interval not yet filled by a carried level
  for (const SeriesRow& row : r.series) {
    const double k = std::floor((row.time_seconds - window.first) / w + 1e-9);
    const double v = column_value(row, column);
    if (k < 0) {
      carried = v;
      continue;
    }
    const auto i = static_cast<std::size_t>(k);
    if (i >= n) break;
    if (level)
      for (; next < i; ++next) out[next] = carried;
    out[i] = v;
    carried = v;
    next = i + 1;
  }
  if (level)
    for (; next < n; ++next) out[next] = carried;
  return out;
}

TwinComparison compare_twin(const Results& simulated, const Results& measured, double tolerance,
                            std::pair<double, double> window) {
  TwinComparison out;
  // "Every compared KPI agrees" is one claim about m KPIs: each interval is widened (Bonferroni) so that
  // a live run of the model itself fails it with probability at most 5%, not 1 - 0.95^m.
  std::size_t m = 0;
  for (Kpi k : twin_kpis()) m += value_of(simulated, k) && value_of(measured, k);
  out.prediction_confidence = 1.0 - (1.0 - kTwinFamilyConfidence) / static_cast<double>(std::max<std::size_t>(m, 1));
  for (Kpi k : twin_kpis()) {
    out.kpis.push_back(compare_kpi(k, simulated, measured, tolerance, out.prediction_confidence));
    if (out.kpis.back().compared && !out.kpis.back().agrees) out.agrees = false;
  }
  for (const std::string& c : twin_series_columns()) {
    TwinSeriesRow row;
    row.column = c;
    // A column either side does not measure has no correlation: its zeros are not a measurement.
    if (!series_column_absent(simulated, c) && !series_column_absent(measured, c))
      row.correlation = pearson(dense_series(simulated, c, window), dense_series(measured, c, window), row.intervals);
    out.series.push_back(row);
  }
  return out;
}

namespace {
nlohmann::json optional_number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

std::string twin_json(const TwinComparison& c, const TwinDescription& d) {
  using nlohmann::json;
  json kpis = json::array();
  for (const TwinKpiRow& r : c.kpis) {
    json row{{"kpi", std::string(info(r.kpi).name)},
             {"unit", std::string(info(r.kpi).unit)},
             {"simulated_mean", optional_number(r.simulated_mean)},
             {"prediction_interval", nullptr},
             {"measured", optional_number(r.measured)},
             {"relative_difference", optional_number(r.relative_difference)},
             {"compared", r.compared},
             {"agrees", r.agrees},
             {"verdict", r.verdict}};
    if (r.prediction) row["prediction_interval"] = {r.prediction->first, r.prediction->second};
    kpis.push_back(std::move(row));
  }
  json series = json::array();
  for (const TwinSeriesRow& r : c.series)
    series.push_back({{"column", r.column}, {"correlation", optional_number(r.correlation)}, {"intervals", r.intervals}});
  const json doc{{"schema", kTwinSchema},
                 {"scenario", {{"name", d.scenario_name}, {"file", d.scenario_file}, {"seed", d.seed}}},
                 {"population_scale", d.population_scale},
                 {"time_scale", d.time_scale},
                 {"window_s", {d.window_seconds.first, d.window_seconds.second}},
                 {"replications", d.replications},
                 {"tolerance", d.tolerance},
                 {"series_interval_s", d.series_interval_seconds},
                 {"prediction_confidence", c.prediction_confidence},
                 {"simulated", d.simulated},
                 {"measured", d.measured},
                 {"agrees", c.agrees},
                 {"kpis", kpis},
                 {"series", series},
                 {"clock",
                  {{"kept_up", d.clock_kept_up}, {"lag_p99_s", d.clock_lag_p99_seconds}, {"max_lag_s", d.clock_lag_max_seconds}}}};
  return doc.dump(1);
}

}  // namespace slotrush
