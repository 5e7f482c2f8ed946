// TwinOverlays: a twin's series drawn as predicted-vs-measured overlays, one chart per column with
// two lines, one per clock, both on the simulated clock over the twin's window, one value per series
// interval. The simulated line is the simulated half's replication 0 (the only series a results file
// keeps). Each side's frozen intervals come from its `frozen` column (sim/results/freeze_rule.hpp);
// a side whose file lacks a column has no line there, and says so, never a line of zeros.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/results/results.hpp"
#include "sim/results/twin_comparison.hpp"

namespace slotrush {

// One side of one column: its values per interval (NaN where an interval has none, e.g. no useful
// answer to take a latency of), or absent when the file lacks the column.
struct OverlayLine {
  bool absent = false;
  std::vector<double> values;
  bool any_value() const;
};

struct OverlayColumn {
  std::string column;
  OverlayLine simulated, measured;
  std::optional<double> correlation;  // from twin.json, where it has one
};

struct TwinOverlays {
  std::vector<double> times;  // start of each interval, simulated seconds since day 0's midnight
  double interval_seconds = 1.0;
  OverlayLine frozen_simulated, frozen_measured;  // 1 where the interval is frozen, 0 where not
  std::vector<OverlayColumn> columns;             // twin_series_columns(), in their order
};

// Over [window) in steps of interval_seconds; `correlations` as twin.json has them.
TwinOverlays twin_overlays(const Results& simulated, const Results& measured, std::pair<double, double> window,
                           double interval_seconds, const std::vector<TwinSeriesRow>& correlations);

}  // namespace slotrush
