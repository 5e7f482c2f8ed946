// Threshold: a pass/fail condition on a measured run for CI, k6-style: `p99<2s`, `errors<1%`,
// `rate>100`. The metric must be one of load_metrics() (an unknown name is an error, never a silent
// pass); the value's form follows the metric's kind: a duration with unit for latencies, a percent
// or fraction for ratios, a number (optionally "/s") for rates, a whole number for counts.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/load_metrics.hpp"

namespace slotrush::loadgen {

// Exit status of a run in which at least one threshold failed (docs/loadgen.md).
inline constexpr int kExitThresholdFailed = 3;

struct Threshold {
  enum class Op { less, less_equal, greater, greater_equal };
  std::string text;  // as given
  const LoadMetric* metric = nullptr;
  Op op = Op::less;
  double limit = 0;  // in the metric's base unit (seconds, fraction, 1/s, count)
};

struct ThresholdVerdict {
  const Threshold* threshold;
  double measured;  // in the metric's base unit; NaN when undefined (a percentile of no answers)
  bool passed;      // false when the measure is undefined: nothing measured proves nothing
};

// The measured value as the threshold was written: "1.2 s", "100%", "95.5/s", "120", or why there is
// none ("undefined: nothing was answered").
std::string format_measured(const ThresholdVerdict& verdict);

// Throws std::invalid_argument naming what is wrong and what is allowed.
Threshold parse_threshold(std::string_view text);

std::vector<ThresholdVerdict> evaluate(const std::vector<Threshold>& thresholds, const LoadRun& run);

}  // namespace slotrush::loadgen
