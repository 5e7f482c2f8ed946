#include "loadgen/metrics_exporter.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <stdexcept>

#include <prometheus/text_serializer.h>

#include "sim/stats/latency_buckets.hpp"

namespace slotrush::loadgen {
namespace {

// The buckets of the mock's slotrush_http_request_duration_seconds, so the client's and the server's
// histograms line up on one dashboard.
const prometheus::Histogram::BucketBoundaries& latency_buckets() { return latency_bucket_bounds_seconds(); }

constexpr std::array<const char*, 4> kOutcomeLabelNames{"ok", "rejected", "timeout", "error"};

std::size_t outcome_label(std::size_t outcome) {
  switch (static_cast<Outcome>(outcome)) {
    case Outcome::success:
    case Outcome::http_4xx: return 0;
    case Outcome::http_5xx: return 1;
    case Outcome::timeout: return 2;
    case Outcome::connect_error:
    case Outcome::reset:
    case Outcome::protocol_error: return 3;
  }
  return 3;
}

}  // namespace

std::string checked_metrics_address(const std::string& text) {
  const auto colon = text.rfind(':');
  unsigned port = 0;
  bool ok = colon != std::string::npos && colon > 0 && colon + 1 < text.size();
  if (ok) {
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, port);
    ok = ec == std::errc{} && end == last && port <= 65535;
  }
  if (!ok)
    throw std::invalid_argument("--metrics: found '" + text +
                                "'; allowed: HOST:PORT with a port 0..65535, e.g. 127.0.0.1:9465 (0: a free port)");
  return text;
}

struct LoadMetricsExporter::RouteSeries {
  prometheus::Counter* sent = nullptr;
  prometheus::Counter* dropped = nullptr;
  std::array<prometheus::Counter*, kOutcomeLabels> outcomes{};
  prometheus::Histogram* duration = nullptr;
  // What was published so far from this thread's RouteTally.
  std::uint64_t sent_published = 0, dropped_published = 0;
  std::array<std::uint64_t, kOutcomeCount> outcomes_published{};
  std::vector<std::uint64_t> buckets_published;  // per bucket (not cumulative), +Inf last
  double sum_published_ns = 0;
  std::uint64_t count_published = 0;
};

struct LoadMetricsExporter::ThreadState {
  std::vector<RouteSeries> routes;  // indexed like the thread's RunMeasurements::routes()
  std::vector<double> bucket_increments;  // scratch, reused every publish
  std::vector<std::uint64_t> buckets_now;  // scratch
  std::uint64_t active = 0, booked = 0, abandoned = 0;
  std::vector<std::pair<std::string, std::pair<prometheus::Counter*, std::uint64_t>>> retries;
};

LoadMetricsExporter::LoadMetricsExporter(std::size_t threads, const std::string& bind)
    : registry_(std::make_shared<prometheus::Registry>()) {
  using namespace prometheus;
  sent_ = &BuildCounter().Name("slotrush_load_requests_sent_total")
               .Help("Requests handed to a connection (the offered load), retries included").Register(*registry_);
  requests_ = &BuildCounter().Name("slotrush_load_requests_total")
                   .Help("Requests finished, by outcome: ok (an answer, not 5xx), rejected (5xx), timeout, error")
                   .Register(*registry_);
  dropped_ = &BuildCounter().Name("slotrush_load_requests_dropped_total")
                  .Help("Requests due but never sent because --max-in-flight were pending").Register(*registry_);
  duration_ = &BuildHistogram().Name("slotrush_load_request_duration_seconds")
                   .Help("Latency of answered requests from their intended start (coordinated omission corrected)")
                   .Register(*registry_);
  retries_ = &BuildCounter().Name("slotrush_load_retries_total")
                  .Help("Automatic retries of the scenario's virtual users (not think-time retries)").Register(*registry_);
  users_active_ = &BuildGauge().Name("slotrush_load_users_active")
                       .Help("Virtual users (people) with a device under way").Register(*registry_).Add({});
  users_booked_ = &BuildCounter().Name("slotrush_load_users_booked_total")
                       .Help("Virtual users who hold a confirmed booking").Register(*registry_).Add({});
  users_abandoned_ = &BuildCounter().Name("slotrush_load_users_abandoned_total")
                          .Help("Times a virtual user gave up for the day").Register(*registry_).Add({});
  for (std::size_t i = 0; i < threads; ++i) threads_.push_back(std::make_unique<ThreadState>());
  if (bind.empty()) return;
  try {
    exposer_ = std::make_unique<Exposer>(checked_metrics_address(bind));
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error("--metrics: cannot listen on " + bind + ": " + e.what());
  }
  exposer_->RegisterCollectable(registry_);
}

LoadMetricsExporter::~LoadMetricsExporter() = default;

std::optional<int> LoadMetricsExporter::port() const {
  if (!exposer_) return std::nullopt;
  const auto ports = exposer_->GetListeningPorts();
  if (ports.empty()) return std::nullopt;
  return ports.front();
}

void LoadMetricsExporter::attach(LoadEngine& engine) {
  engine.add_tick_hook([this](LoadThread& t) { publish(t.index, t.measurements); });
}

LoadMetricsExporter::RouteSeries LoadMetricsExporter::make_route_series(const std::string& route) {
  RouteSeries s;
  s.sent = &sent_->Add({{"route", route}});
  s.dropped = &dropped_->Add({{"route", route}});
  for (std::size_t o = 0; o < kOutcomeLabels; ++o)
    s.outcomes[o] = &requests_->Add({{"route", route}, {"outcome", kOutcomeLabelNames[o]}});
  s.duration = &duration_->Add({{"route", route}}, latency_buckets());
  s.buckets_published.assign(latency_buckets().size() + 1, 0);
  retries_->Add({{"route", route}});  // 0 until a retry: "no retries" reads as 0, not as no data
  return s;
}

void LoadMetricsExporter::publish(std::size_t thread, const RunMeasurements& m) {
  ThreadState& state = *threads_.at(thread);
  const auto& bounds = latency_buckets();
  for (std::size_t r = 0; r < m.routes().size(); ++r) {
    const RouteTally& tally = m.routes()[r];
    if (r == state.routes.size()) state.routes.push_back(make_route_series(tally.route));
    RouteSeries& s = state.routes[r];
    if (tally.sent > s.sent_published) s.sent->Increment(static_cast<double>(tally.sent - s.sent_published));
    s.sent_published = tally.sent;
    if (tally.dropped > s.dropped_published)
      s.dropped->Increment(static_cast<double>(tally.dropped - s.dropped_published));
    s.dropped_published = tally.dropped;
    for (std::size_t o = 0; o < kOutcomeCount; ++o) {
      const std::uint64_t delta = tally.outcomes[o] - s.outcomes_published[o];
      if (delta > 0) s.outcomes[outcome_label(o)]->Increment(static_cast<double>(delta));
      s.outcomes_published[o] = tally.outcomes[o];
    }
    // The histogram: HDR buckets (1/256 relative width) sorted into the Prometheus buckets by their
    // lower edge; only the change since the last publish is observed.
    const LatencyHistogram& h = tally.latency;
    const double sum_ns = h.mean() * static_cast<double>(h.count());
    if (h.count() == s.count_published) continue;
    state.buckets_now.assign(bounds.size() + 1, 0);
    h.for_each_bucket([&](std::uint64_t lower, std::uint64_t, std::uint64_t count) {
      const double seconds = static_cast<double>(lower) / 1e9;
      std::size_t b = 0;
      while (b < bounds.size() && seconds > bounds[b]) ++b;
      state.buckets_now[b] += count;
    });
    state.bucket_increments.assign(bounds.size() + 1, 0.0);
    for (std::size_t b = 0; b <= bounds.size(); ++b)
      state.bucket_increments[b] = static_cast<double>(state.buckets_now[b] - s.buckets_published[b]);
    s.duration->ObserveMultiple(state.bucket_increments, (sum_ns - s.sum_published_ns) / 1e9);
    s.buckets_published = state.buckets_now;
    s.sum_published_ns = sum_ns;
    s.count_published = h.count();
  }
}

void LoadMetricsExporter::publish_users(std::size_t thread, const VirtualUserFigures& users) {
  ThreadState& state = *threads_.at(thread);
  users_active_->Increment(static_cast<double>(users.active) - static_cast<double>(state.active));
  state.active = users.active;
  if (users.booked > state.booked) users_booked_->Increment(static_cast<double>(users.booked - state.booked));
  state.booked = std::max(state.booked, users.booked);
  if (users.abandoned > state.abandoned)
    users_abandoned_->Increment(static_cast<double>(users.abandoned - state.abandoned));
  state.abandoned = std::max(state.abandoned, users.abandoned);
  for (const auto& [route, total] : users.retries) {
    auto it = state.retries.begin();
    while (it != state.retries.end() && it->first != route) ++it;
    if (it == state.retries.end()) {
      state.retries.push_back({route, {&retries_->Add({{"route", route}}), 0}});
      it = std::prev(state.retries.end());
    }
    auto& [counter, published] = it->second;
    if (total > published) counter->Increment(static_cast<double>(total - published));
    published = std::max(published, total);
  }
}

std::string LoadMetricsExporter::scrape() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace slotrush::loadgen
