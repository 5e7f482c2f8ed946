#include "report/idle_intervals.hpp"

#include <cmath>

namespace slotrush {
namespace {

SeriesRow idle_row(double time_seconds, std::int64_t slots_left) {
  SeriesRow row;  // counts and levels zero, latency NaN
  row.time_seconds = time_seconds;
  row.slots_left = slots_left;
  return row;
}

}  // namespace

std::vector<SeriesRow> with_idle_intervals(const std::vector<SeriesRow>& rows, double interval_seconds) {
  std::vector<SeriesRow> out;
  out.reserve(rows.size());
  for (const SeriesRow& row : rows) {
    if (!out.empty() && interval_seconds > 0) {
      const SeriesRow& before = out.back();
      // Missing intervals between the two rows; half an interval of slack absorbs rounding of time_s.
      const double missing = std::floor((row.time_seconds - before.time_seconds) / interval_seconds - 0.5);
      if (missing >= 1) {
        const double first_idle = before.time_seconds + interval_seconds;
        const double last_idle = row.time_seconds - interval_seconds;
        const std::int64_t slots = before.slots_left;
        out.push_back(idle_row(first_idle, slots));
        if (missing >= 2) out.push_back(idle_row(last_idle, slots));
      }
    }
    out.push_back(row);
  }
  return out;
}

}  // namespace slotrush
