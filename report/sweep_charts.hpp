// SweepCharts: a sweep (report/sweep_input.hpp) as the page draws it: every KPI against each varied
// field, one line per combination of the other fields' values, each point with its interval band;
// the group KPIs (booking_probability, mean_days_waited by party size and by device class) as one
// line per group, in one chart per combination of the other fields' values (small multiples). An
// estimate the sweep lacks is null (a gap), and a chart with no value at all is marked absent.
#pragma once
#include <string>

#include "report/sweep_input.hpp"

namespace slotrush {

// The sweep's entry in the report data (docs/report.md, "sweeps"), as JSON text.
std::string sweep_charts_json(const SweepInput& sweep, const std::vector<std::string>& kpi_names);

}  // namespace slotrush
