// The named figures of a measured run, one table for the report, the thresholds and the docs
// (docs/loadgen.md lists the same names): latency percentiles in both views, error and timeout
// ratios, dropped requests, rates. Ratios are fractions (0.01 = 1%), latencies seconds.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/load_engine.hpp"

namespace slotrush::loadgen {

enum class MetricKind { latency, ratio, rate, count };

struct LoadMetric {
  std::string_view name;
  MetricKind kind;
  std::string_view meaning;
  double (*value)(const LoadRun&);
};

const std::vector<LoadMetric>& load_metrics();
const LoadMetric* find_load_metric(std::string_view name);
std::string load_metric_names();  // "p50, p90, ..." for error messages

// Figures the report and the metrics share.
double elapsed_seconds(const LoadRun& run);
std::uint64_t answered(const RunMeasurements& m);  // success + 4xx + 5xx

}  // namespace slotrush::loadgen
