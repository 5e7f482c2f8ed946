#include "mock/mock_metrics.hpp"

#include <prometheus/text_serializer.h>

namespace slotrush::mock {

namespace {

const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries buckets{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120};
  return buckets;
}

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

void MockMetrics::record_request(const std::string& route, unsigned code, std::chrono::nanoseconds duration) {
  prometheus::Counter* counter;
  prometheus::Histogram* histogram;
  {
    std::lock_guard lock(series_mutex_);
    auto [c, new_code] = request_series_.try_emplace({route, code}, nullptr);
    if (new_code) c->second = &requests_->Add({{"route", route}, {"code", std::to_string(code)}});
    auto [h, new_route] = duration_series_.try_emplace(route, nullptr);
    if (new_route) h->second = &duration_->Add({{"route", route}}, latency_buckets());
    counter = c->second;
    histogram = h->second;
  }
  counter->Increment();  // prometheus-cpp series are thread-safe
  histogram->Observe(seconds(duration));
}

void MockMetrics::record_queue_wait(const std::string& tier, std::chrono::nanoseconds wait) {
  queue_wait_->Add({{"tier", tier}}, latency_buckets()).Observe(seconds(wait));
}

void MockMetrics::record_shed(const std::string& tier, const std::string& reason) {
  shed_->Add({{"tier", tier}, {"reason", reason}}).Increment();
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
