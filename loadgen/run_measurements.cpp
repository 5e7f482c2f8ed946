#include "loadgen/run_measurements.hpp"

namespace slotrush::loadgen {
namespace {

std::uint64_t nanoseconds(Clock::duration d) {
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  return ns > 0 ? static_cast<std::uint64_t>(ns) : 0;
}

bool answered(Outcome o) {
  return o == Outcome::success || o == Outcome::http_4xx || o == Outcome::http_5xx;
}

}  // namespace

std::uint64_t RouteTally::attempts() const {
  std::uint64_t n = 0;
  for (auto c : outcomes) n += c;
  return n;
}

void IntervalTally::merge(const IntervalTally& other) {
  attempts += other.attempts;
  for (int i = 0; i < kOutcomeCount; ++i) outcomes[i] += other.outcomes[i];
  dropped += other.dropped;
  latencies.merge(other.latencies);
}

void IntervalTally::reset() {
  attempts = 0;
  outcomes.fill(0);
  dropped = 0;
  latencies.reset();
}

std::size_t RunMeasurements::route_index(std::string_view route) {
  for (std::size_t i = 0; i < routes_.size(); ++i)
    if (routes_[i].route == route) return i;
  routes_.push_back(RouteTally{std::string(route), {}, 0, 0, {}});
  return routes_.size() - 1;
}

void RunMeasurements::record(std::size_t route, Outcome outcome, Clock::time_point intended,
                             Clock::time_point sent, Clock::time_point ended) {
  RouteTally& tally = routes_[route];
  const auto o = static_cast<std::size_t>(outcome);
  ++tally.outcomes[o];
  ++interval_.attempts;
  ++interval_.outcomes[o];
  const std::uint64_t corrected = nanoseconds(ended - intended);
  const bool success = outcome == Outcome::success;
  result_latencies_.ended(static_cast<SimTime>(corrected), success);
  interval_.latencies.ended(static_cast<SimTime>(corrected), success);
  if (!answered(outcome)) return;
  tally.latency.record(corrected);
  latency_.record(corrected);
  service_time_.record(nanoseconds(ended - sent));
}

void RunMeasurements::record_dropped(std::size_t route) {
  ++routes_[route].dropped;
  ++interval_.dropped;
}

RunMeasurements RunMeasurements::restored(std::vector<RouteTally> routes, LatencyHistogram latency,
                                          LatencyHistogram service_time, AttemptLatencies result_latencies) {
  RunMeasurements m;
  m.routes_ = std::move(routes);
  m.latency_ = std::move(latency);
  m.service_time_ = std::move(service_time);
  m.result_latencies_ = std::move(result_latencies);
  return m;
}

void RunMeasurements::merge(const RunMeasurements& other) {
  for (const RouteTally& theirs : other.routes_) {
    RouteTally& mine = routes_[route_index(theirs.route)];
    for (int i = 0; i < kOutcomeCount; ++i) mine.outcomes[i] += theirs.outcomes[i];
    mine.sent += theirs.sent;
    mine.dropped += theirs.dropped;
    mine.latency.merge(theirs.latency);
  }
  latency_.merge(other.latency_);
  service_time_.merge(other.service_time_);
  result_latencies_.merge(other.result_latencies_);
  interval_.merge(other.interval_);
  in_flight += other.in_flight;
}

std::uint64_t RunMeasurements::attempts() const {
  std::uint64_t n = 0;
  for (const RouteTally& r : routes_) n += r.attempts();
  return n;
}

std::uint64_t RunMeasurements::count(Outcome outcome) const {
  std::uint64_t n = 0;
  for (const RouteTally& r : routes_) n += r.outcomes[static_cast<std::size_t>(outcome)];
  return n;
}

std::uint64_t RunMeasurements::dropped() const {
  std::uint64_t n = 0;
  for (const RouteTally& r : routes_) n += r.dropped;
  return n;
}

}  // namespace slotrush::loadgen
