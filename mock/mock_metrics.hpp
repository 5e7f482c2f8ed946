// MockMetrics: every Prometheus metric of `slotrush serve`, declared once here (docs/metrics.md lists
// them). Counters and histograms are updated on the request path; gauges that mirror state (queue
// depth, busy workers, slots open, waiting room) are read at scrape time through a Collectable, so
// the hot path never updates them. Names carry the slotrush_ prefix and base units; labels are
// bounded: route (the API's fixed paths, or "unknown"), code, tier, port, strategy, reason.
#pragma once
#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace slotrush::mock {

// Why a tier refused a request (the `reason` label of slotrush_requests_shed_total).
enum class ShedReason { QueueFull, ServerTimeout, ClientGone };

class MockMetrics {
 public:
  // `state` is called at each scrape for the state gauges (it locks what it reads).
  explicit MockMetrics(std::function<std::vector<prometheus::MetricFamily>()> state);

  // The series one route updates, resolved once when the routes are built (prometheus-cpp's
  // Family::Add builds a label map and a throwaway histogram on every call): its request counters
  // by status code (each looked up the first time the code appears), its duration histogram, and
  // its tier's queue-wait histogram and shed counters (absent for a route that takes no worker).
  // Thread-safe.
  class RouteSeries {
   public:
    void record_request(unsigned code, std::chrono::nanoseconds duration);
    void record_queue_wait(std::chrono::nanoseconds wait);
    void record_shed(ShedReason reason);

   private:
    friend class MockMetrics;
    static constexpr unsigned kFirstCode = 100, kCodes = 500;  // 100..599
    MockMetrics* owner_ = nullptr;
    std::string route_;
    prometheus::Histogram* duration_ = nullptr;
    prometheus::Histogram* queue_wait_ = nullptr;
    std::array<prometheus::Counter*, 3> shed_{};
    std::array<std::atomic<prometheus::Counter*>, kCodes> by_code_{};
  };
  // Call while the routes are set up; `tier` is the route's tier, or empty for none.
  RouteSeries& route_series(const std::string& route, const std::string& tier);

  prometheus::Gauge& in_flight() { return *in_flight_; }
  void record_room_turned_away();

  // Everything to expose: the registry and the scrape-time state.
  std::vector<std::weak_ptr<prometheus::Collectable>> collectables() const;
  // The text exposition format, for tests and for a scrape without an HTTP listener.
  std::string scrape() const;

 private:
  class StateCollector;
  prometheus::Counter& request_counter(const std::string& route, unsigned code);

  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<StateCollector> state_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* duration_;
  prometheus::Family<prometheus::Histogram>* queue_wait_;
  prometheus::Family<prometheus::Counter>* shed_;
  prometheus::Counter* room_turned_away_;
  prometheus::Gauge* in_flight_;
  std::vector<std::unique_ptr<RouteSeries>> route_series_;
};

// Helpers for the state callback: one gauge or counter family with one label.
prometheus::MetricFamily gauge_family(std::string name, std::string help, std::string label,
                                      const std::vector<std::pair<std::string, double>>& values);
prometheus::MetricFamily counter_family(std::string name, std::string help, std::string label,
                                        const std::vector<std::pair<std::string, double>>& values);

}  // namespace slotrush::mock
