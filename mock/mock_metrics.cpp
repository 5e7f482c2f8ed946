#include "mock/mock_metrics.hpp"

#include <prometheus/text_serializer.h>

#include "sim/stats/latency_buckets.hpp"

namespace slotrush::mock {

namespace {

const prometheus::Histogram::BucketBoundaries& latency_buckets() { return latency_bucket_bounds_seconds(); }

double seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

prometheus::MetricFamily family(std::string name, std::string help, prometheus::MetricType type,
                                std::string label, const std::vector<std::pair<std::string, double>>& values) {
  prometheus::MetricFamily f{std::move(name), std::move(help), type, {}};
  for (const auto& [label_value, value] : values) {
    prometheus::ClientMetric m;
    if (!label.empty()) m.label.push_back({label, label_value});
    if (type == prometheus::MetricType::Counter)
      m.counter.value = value;
    else
      m.gauge.value = value;
    f.metric.push_back(std::move(m));
  }
  return f;
}

}  // namespace

prometheus::MetricFamily gauge_family(std::string name, std::string help, std::string label,
                                      const std::vector<std::pair<std::string, double>>& values) {
  return family(std::move(name), std::move(help), prometheus::MetricType::Gauge, std::move(label), values);
}

prometheus::MetricFamily counter_family(std::string name, std::string help, std::string label,
                                        const std::vector<std::pair<std::string, double>>& values) {
  return family(std::move(name), std::move(help), prometheus::MetricType::Counter, std::move(label), values);
}

class MockMetrics::StateCollector : public prometheus::Collectable {
 public:
  explicit StateCollector(std::function<std::vector<prometheus::MetricFamily>()> state)
      : state_(std::move(state)) {}
  std::vector<prometheus::MetricFamily> Collect() const override { return state_(); }

 private:
  std::function<std::vector<prometheus::MetricFamily>()> state_;
};

MockMetrics::MockMetrics(std::function<std::vector<prometheus::MetricFamily>()> state)
    : registry_(std::make_shared<prometheus::Registry>()),
      state_(std::make_shared<StateCollector>(std::move(state))) {
  using namespace prometheus;
  requests_ = &BuildCounter().Name("slotrush_http_requests_total")
                   .Help("HTTP requests answered, by route and status code").Register(*registry_);
  duration_ = &BuildHistogram().Name("slotrush_http_request_duration_seconds")
                   .Help("Time from a complete request to its response, queueing and service included")
                   .Register(*registry_);
  queue_wait_ = &BuildHistogram().Name("slotrush_queue_wait_seconds")
                     .Help("Wall time a request waited for a worker of its tier").Register(*registry_);
  shed_ = &BuildCounter().Name("slotrush_requests_shed_total")
               .Help("Requests refused by a tier: queue_full (503 at once) or server_timeout (dropped)")
               .Register(*registry_);
  room_turned_away_ = &BuildCounter().Name("slotrush_waiting_room_turned_away_total")
                           .Help("Requests answered 429 because the waiting room held the client")
                           .Register(*registry_).Add({});
  in_flight_ = &BuildGauge().Name("slotrush_http_requests_in_flight")
                    .Help("Requests received and not yet answered").Register(*registry_).Add({});
}

MockMetrics::RouteSeries& MockMetrics::route_series(const std::string& route, const std::string& tier) {
  auto series = std::make_unique<RouteSeries>();
  series->owner_ = this;
  series->route_ = route;
  series->duration_ = &duration_->Add({{"route", route}}, latency_buckets());
  if (!tier.empty()) {
    series->queue_wait_ = &queue_wait_->Add({{"tier", tier}}, latency_buckets());
    series->shed_ = {&shed_->Add({{"tier", tier}, {"reason", "queue_full"}}),
                     &shed_->Add({{"tier", tier}, {"reason", "server_timeout"}}),
                     &shed_->Add({{"tier", tier}, {"reason", "client_gone"}})};
  }
  route_series_.push_back(std::move(series));
  return *route_series_.back();
}

prometheus::Counter& MockMetrics::request_counter(const std::string& route, unsigned code) {
  return requests_->Add({{"route", route}, {"code", std::to_string(code)}});  // same labels: same series
}

void MockMetrics::RouteSeries::record_request(unsigned code, std::chrono::nanoseconds duration) {
  prometheus::Counter* counter = nullptr;
  if (code >= kFirstCode && code < kFirstCode + kCodes) {
    std::atomic<prometheus::Counter*>& slot = by_code_[code - kFirstCode];
    counter = slot.load(std::memory_order_acquire);
    if (!counter) {  // two threads may both look it up: Family::Add gives both the same series
      counter = &owner_->request_counter(route_, code);
      slot.store(counter, std::memory_order_release);
    }
  } else {
    counter = &owner_->request_counter(route_, code);
  }
  counter->Increment();  // prometheus-cpp series are thread-safe
  duration_->Observe(seconds(duration));
}

void MockMetrics::RouteSeries::record_queue_wait(std::chrono::nanoseconds wait) {
  if (queue_wait_) queue_wait_->Observe(seconds(wait));
}

void MockMetrics::RouteSeries::record_shed(ShedReason reason) {
  if (prometheus::Counter* c = shed_[static_cast<std::size_t>(reason)]) c->Increment();
}

void MockMetrics::record_room_turned_away() { room_turned_away_->Increment(); }

std::vector<std::weak_ptr<prometheus::Collectable>> MockMetrics::collectables() const {
  return {registry_, state_};
}

std::string MockMetrics::scrape() const {
  std::vector<prometheus::MetricFamily> all = registry_->Collect();
  for (auto& f : state_->Collect()) all.push_back(std::move(f));
  return prometheus::TextSerializer().Serialize(all);
}

}  // namespace slotrush::mock
