// RunPairing: the one rule for which differences between two runs mean anything, used by
// `slotrush compare` and `slotrush report` alike. Runs of different population scales or of different
// simulated windows are not comparable: no difference between them is printed, the reason is given in
// words instead. Comparable runs are paired (differenced replication by replication, common random
// numbers) only when both are simulated with the same seed and the same replication count; otherwise
// their difference is unpaired.
#pragma once
#include <optional>
#include <string>

#include "sim/results/results.hpp"

namespace slotrush {

// Same population scale and the same window (both the whole horizon, or the same [start, end)).
bool comparable(const Results& a, const Results& b);

// Comparable, and both simulated with the same seed and the same number of replications.
bool paired(const Results& a, const Results& b);

// Why a and b are not comparable, e.g. "they ran different shares of the people (0.02 and 0.004)";
// empty when they are comparable.
std::string why_not_comparable(const Results& a, const Results& b);

struct KpiDifference {
  ConfidenceInterval interval;  // of b - a; half_width infinite where there is no interval
  bool paired = false;
};

// b - a for one KPI. Paired runs: the paired difference by replication (paired_difference()).
// Comparable, unpaired runs: the difference of the means, with half-width hypot(a's, b's) when both
// have one (a conservative Welch interval), else infinite. Absent when the runs are not comparable or
// either lacks a value.
std::optional<KpiDifference> kpi_difference(const Results& a, const Results& b, Kpi kpi);

}  // namespace slotrush
