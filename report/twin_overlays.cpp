#include "report/twin_overlays.hpp"

#include <algorithm>
#include <cmath>

namespace slotrush {
namespace {

OverlayLine line_of(const Results& r, const std::string& column, std::pair<double, double> window, std::size_t n) {
  OverlayLine line;
  line.absent = series_column_absent(r, column);
  if (line.absent) return line;
  line.values = dense_series(r, column, window);
  line.values.resize(n, NAN);
  return line;
}

}  // namespace

bool OverlayLine::any_value() const {
  return std::any_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
}

TwinOverlays twin_overlays(const Results& simulated, const Results& measured, std::pair<double, double> window,
                           double interval_seconds, const std::vector<TwinSeriesRow>& correlations) {
  TwinOverlays out;
  out.interval_seconds = interval_seconds > 0 ? interval_seconds : 1.0;
  const auto n = static_cast<std::size_t>(
      std::max(0.0, std::ceil((window.second - window.first) / out.interval_seconds - 1e-9)));
  for (std::size_t i = 0; i < n; ++i) out.times.push_back(window.first + static_cast<double>(i) * out.interval_seconds);
  out.frozen_simulated = line_of(simulated, "frozen", window, n);
  out.frozen_measured = line_of(measured, "frozen", window, n);
  for (const std::string& column : twin_series_columns()) {
    OverlayColumn c;
    c.column = column;
    c.simulated = line_of(simulated, column, window, n);
    c.measured = line_of(measured, column, window, n);
    for (const TwinSeriesRow& s : correlations)
      if (s.column == column) c.correlation = s.correlation;
    out.columns.push_back(std::move(c));
  }
  return out;
}

}  // namespace slotrush
