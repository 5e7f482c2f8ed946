// Results series omit idle intervals (docs/results-schema.md: no counts, empty queues, slots_left
// unchanged). A chart that joins the rows it has would draw a ramp across such a gap; this puts the
// idle interval after a row and the one before the next row back, so lines drop to zero and rise.
#pragma once
#include <vector>

#include "sim/results/run_result.hpp"

namespace slotrush {

// The rows in order, with an idle row inserted at the start of each run of missing intervals and at
// the start of its last interval (one row when the gap is a single interval). Idle rows have zero
// counts and levels, no latency, and the previous row's slots_left. Rows are kept as they are.
std::vector<SeriesRow> with_idle_intervals(const std::vector<SeriesRow>& rows, double interval_seconds);

}  // namespace slotrush
