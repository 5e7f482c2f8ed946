#include "sim/results/attempt_latencies.hpp"

#include <cmath>

namespace slotrush {
namespace {

double seconds_at(const LatencyHistogram& h, double percentile) {
  return h.count() == 0 ? NAN : static_cast<double>(h.value_at_percentile(percentile)) * 1e-6;
}

}  // namespace

void AttemptLatencies::merge(const AttemptLatencies& other) {
  useful_us.merge(other.useful_us);
  attempts_us.merge(other.attempts_us);
}

void AttemptLatencies::reset() {
  useful_us.reset();
  attempts_us.reset();
}

void AttemptLatencies::fill_row(SeriesRow& row) const {
  row.latency_p50 = seconds_at(useful_us, 50);
  row.latency_p99 = seconds_at(useful_us, 99);
  row.attempt_latency_p99 = seconds_at(attempts_us, 99);
}

void AttemptLatencies::fill_kpis(RunResult& r) const {
  if (useful_us.count() > 0) r[Kpi::LatencyMean] = useful_us.mean() * 1e-6;
  r[Kpi::LatencyP50] = seconds_at(useful_us, 50);
  r[Kpi::LatencyP99] = seconds_at(useful_us, 99);
  r[Kpi::AttemptLatencyP99] = seconds_at(attempts_us, 99);
}

}  // namespace slotrush
