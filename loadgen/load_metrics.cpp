#include "loadgen/load_metrics.hpp"

#include <cmath>

namespace slotrush::loadgen {
namespace {

double seconds(std::uint64_t ns) { return static_cast<double>(ns) * 1e-9; }
double ratio(std::uint64_t part, std::uint64_t whole) {  // of nothing: undefined
  return whole == 0 ? std::nan("") : static_cast<double>(part) / static_cast<double>(whole);
}
double per_second(std::uint64_t n, const LoadRun& run) {
  const double s = elapsed_seconds(run);
  return s > 0 ? static_cast<double>(n) / s : 0.0;
}

// A percentile of no samples is undefined (NaN), never 0: `p99<2s` must not pass when nothing answered.
template <int Hundredths>  // percentile * 100, as an integer template argument
double latency_at(const LoadRun& r) {
  const auto& h = r.totals.latency();
  return h.count() == 0 ? std::nan("") : seconds(h.value_at_percentile(Hundredths / 100.0));
}
template <int Hundredths>
double service_at(const LoadRun& r) {
  const auto& h = r.totals.service_time();
  return h.count() == 0 ? std::nan("") : seconds(h.value_at_percentile(Hundredths / 100.0));
}

}  // namespace

double elapsed_seconds(const LoadRun& run) {
  return std::chrono::duration<double>(run.elapsed).count();
}

std::uint64_t answered(const RunMeasurements& m) {
  return m.count(Outcome::success) + m.count(Outcome::http_4xx) + m.count(Outcome::http_5xx);
}

const std::vector<LoadMetric>& load_metrics() {
  static const std::vector<LoadMetric> table{
      {"p50", MetricKind::latency, "median latency from the intended start (answered requests)", latency_at<5000>},
      {"p90", MetricKind::latency, "90th percentile latency from the intended start", latency_at<9000>},
      {"p99", MetricKind::latency, "99th percentile latency from the intended start", latency_at<9900>},
      {"p99.9", MetricKind::latency, "99.9th percentile latency from the intended start", latency_at<9990>},
      {"p99.99", MetricKind::latency, "99.99th percentile latency from the intended start", latency_at<9999>},
      {"max", MetricKind::latency, "largest latency from the intended start", latency_at<10000>},
      {"mean", MetricKind::latency, "mean latency from the intended start",
       [](const LoadRun& r) { return r.totals.latency().mean() * 1e-9; }},
      {"service_p50", MetricKind::latency, "median service time (from the actual send)", service_at<5000>},
      {"service_p90", MetricKind::latency, "90th percentile service time", service_at<9000>},
      {"service_p99", MetricKind::latency, "99th percentile service time", service_at<9900>},
      {"service_p99.9", MetricKind::latency, "99.9th percentile service time", service_at<9990>},
      {"service_p99.99", MetricKind::latency, "99.99th percentile service time", service_at<9999>},
      {"service_max", MetricKind::latency, "largest service time", service_at<10000>},
      {"errors", MetricKind::ratio, "attempts that did not succeed (4xx, 5xx, timeout, connect error, reset) / attempts",
       [](const LoadRun& r) {
         return ratio(r.totals.attempts() - r.totals.count(Outcome::success), r.totals.attempts());
       }},
      {"timeouts", MetricKind::ratio, "attempts that timed out / attempts",
       [](const LoadRun& r) { return ratio(r.totals.count(Outcome::timeout), r.totals.attempts()); }},
      {"http_5xx", MetricKind::ratio, "attempts answered 5xx / attempts",
       [](const LoadRun& r) { return ratio(r.totals.count(Outcome::http_5xx), r.totals.attempts()); }},
      {"dropped", MetricKind::ratio, "requests dropped (never sent: --max-in-flight reached) / requests due",
       [](const LoadRun& r) { return ratio(r.totals.dropped(), r.totals.attempts() + r.totals.dropped()); }},
      {"rate", MetricKind::rate, "answered requests per second (any HTTP status) over the run",
       [](const LoadRun& r) { return per_second(answered(r.totals), r); }},
      {"sent_rate", MetricKind::rate, "attempts per second over the run",
       [](const LoadRun& r) { return per_second(r.totals.attempts(), r); }},
      {"success_rate", MetricKind::rate, "successful (2xx/3xx) responses per second",
       [](const LoadRun& r) { return per_second(r.totals.count(Outcome::success), r); }},
      {"requests", MetricKind::count, "attempts made",
       [](const LoadRun& r) { return static_cast<double>(r.totals.attempts()); }},
  };
  return table;
}

const LoadMetric* find_load_metric(std::string_view name) {
  for (const LoadMetric& m : load_metrics())
    if (m.name == name) return &m;
  return nullptr;
}

std::string load_metric_names() {
  std::string out;
  for (const LoadMetric& m : load_metrics()) {
    if (!out.empty()) out += ", ";
    out += m.name;
  }
  return out;
}

}  // namespace slotrush::loadgen
