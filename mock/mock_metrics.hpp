// MockMetrics: every Prometheus metric of `slotrush serve`, declared once here (docs/metrics.md lists
// them). Counters and histograms are updated on the request path; gauges that mirror state (queue
// depth, busy workers, slots open, waiting room) are read at scrape time through a Collectable, so
// the hot path never updates them. Names carry the slotrush_ prefix and base units; labels are
// bounded: route (the API's fixed paths, or "unknown"), code, tier, port, strategy, reason.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace slotrush::mock {

class MockMetrics {
 public:
  // `state` is called at each scrape for the state gauges (it locks what it reads).
  explicit MockMetrics(std::function<std::vector<prometheus::MetricFamily>()> state);

  void record_request(const std::string& route, unsigned code, std::chrono::nanoseconds duration);
  prometheus::Gauge& in_flight() { return *in_flight_; }
  void record_queue_wait(const std::string& tier, std::chrono::nanoseconds wait);
  void record_shed(const std::string& tier, const std::string& reason);
  void record_room_turned_away();

  // Everything to expose: the registry and the scrape-time state.
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables() const;
  // The text exposition format, for tests and for a scrape without an HTTP listener.
  std::string scrape() const;

 private:
  class StateCollector;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<StateCollector> state_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* duration_;
  prometheus::Family<prometheus::Histogram>* queue_wait_;
  prometheus::Family<prometheus::Counter>* shed_;
  prometheus::Counter* room_turned_away_;
  prometheus::Gauge* in_flight_;
  // Series of the request path, looked up in their families once per (route, code) rather than
  // per request (Family::Add builds a label map and a histogram each call). Labels are bounded.
  std::mutex series_mutex_;
  std::map<std::pair<std::string, unsigned>, prometheus::Counter*> request_series_;
  std::map<std::string, prometheus::Histogram*> duration_series_;
};

// Helpers for the state callback: one gauge or counter family with one label.
prometheus::MetricFamily gauge_family(std::string name, std::string help, std::string label,
                                      const std::vector<std::pair<std::string, double>>& values);
prometheus::MetricFamily counter_family(std::string name, std::string help, std::string label,
                                        const std::vector<std::pair<std::string, double>>& values);

}  // namespace slotrush::mock
