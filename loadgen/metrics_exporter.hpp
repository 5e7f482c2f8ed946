// LoadMetricsExporter: the Prometheus metrics of `slotrush load --metrics HOST:PORT`, declared once
// here (docs/metrics.md, "slotrush load", lists them). The request path never touches prometheus-cpp:
// each load thread publishes what changed in its own RunMeasurements (and, in the scenario mode, its
// virtual users' figures) once a second through LoadEngine's tick hook, and once more when it stops.
// So a scrape lags the run by at most a second (the drain after the deadline is published when each
// thread stops), and a scrape after the run equals the report. Series are resolved once per (thread,
// route) on the route's first publish; labels are bounded: route (the run's fixed routes) and outcome.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "loadgen/load_engine.hpp"

namespace slotrush::loadgen {

// One load thread's virtual users, as running totals (the scenario mode fills it on that thread).
struct VirtualUserFigures {
  std::uint64_t active = 0;     // people with a device under way now (a level, not a total)
  std::uint64_t booked = 0;     // people holding a confirmed booking
  std::uint64_t abandoned = 0;  // times a person gave up for the day (patience, or leave_after_days)
  std::vector<std::pair<std::string, std::uint64_t>> retries;  // automatic retries by route
};

// "HOST:PORT" for --metrics, checked: std::invalid_argument names what is wrong and what is allowed.
std::string checked_metrics_address(const std::string& text);

class LoadMetricsExporter {
 public:
  // `threads`: the engine's load threads. A non-empty `bind` ("HOST:PORT", port 0 picks a free one)
  // serves /metrics there until destruction; std::runtime_error if it cannot listen.
  LoadMetricsExporter(std::size_t threads, const std::string& bind);
  ~LoadMetricsExporter();
  LoadMetricsExporter(const LoadMetricsExporter&) = delete;
  LoadMetricsExporter& operator=(const LoadMetricsExporter&) = delete;

  // The port /metrics listens on, if it does.
  std::optional<int> port() const;
  // Adds the tick hook that publishes each thread's measurements (call before engine.run).
  void attach(LoadEngine& engine);
  // On load thread `thread` only (or after it stopped): adds what changed since its last publish.
  void publish(std::size_t thread, const RunMeasurements& measurements);
  void publish_users(std::size_t thread, const VirtualUserFigures& users);
  // The text exposition format, as a scrape of /metrics returns it.
  std::string scrape() const;

 private:
  // The contract's outcome label: ok (an answer, not 5xx), rejected (5xx), timeout, error.
  static constexpr std::size_t kOutcomeLabels = 4;
  struct RouteSeries;
  struct ThreadState;

  RouteSeries make_route_series(const std::string& route);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* sent_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Counter>* dropped_;
  prometheus::Family<prometheus::Histogram>* duration_;
  prometheus::Family<prometheus::Counter>* retries_;
  prometheus::Gauge* users_active_;
  prometheus::Counter* users_booked_;
  prometheus::Counter* users_abandoned_;
  std::vector<std::unique_ptr<ThreadState>> threads_;  // one per load thread, used only by it
  std::unique_ptr<prometheus::Exposer> exposer_;       // last: stops serving before the rest goes
};

}  // namespace slotrush::loadgen
