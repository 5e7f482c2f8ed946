// RunMeasurements: what one load thread measured, kept per thread without locks (as wrk does) and
// merged at the end: attempts by route and outcome, the latency spectrum from each request's intended
// start (coordinated-omission corrected, as wrk2) and from its actual send (service time), the
// Results schema's latencies (successes only; every attempt), requests dropped because they could
// not be sent on time, and the counts of the current series interval.
#pragma once
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loadgen/http_request.hpp"
#include "sim/results/attempt_latencies.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace slotrush::loadgen {

using Clock = std::chrono::steady_clock;

struct RouteTally {
  std::string route;
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  std::uint64_t sent = 0;     // attempts handed to a connection (connect errors included); not
                              // those that timed out waiting for one, nor dropped ones
  std::uint64_t dropped = 0;
  LatencyHistogram latency;  // ns from the intended start, answered attempts only

  std::uint64_t attempts() const;
};

// Counts since the last series tick; the engine hands them to the SeriesAccumulator each second.
struct IntervalTally {
  std::uint64_t attempts = 0;
  std::array<std::uint64_t, kOutcomeCount> outcomes{};
  std::uint64_t dropped = 0;
  AttemptLatencies latencies;  // from the intended start: successes; every attempt that ended

  void merge(const IntervalTally& other);
  void reset();
};

class RunMeasurements {
 public:
  // The index of `route`, added on first use. Routes are a small fixed set (low-cardinality labels).
  std::size_t route_index(std::string_view route);

  // One finished attempt: intended start, when it went on the wire, when it ended. The spectra
  // record answered attempts (success, 4xx, 5xx) only; the Results latencies record every attempt,
  // a success as useful (a timeout ends at its deadline, the intended start + the timeout).
  void record(std::size_t route, Outcome outcome, Clock::time_point intended, Clock::time_point sent,
              Clock::time_point ended);
  // An attempt handed to a connection now (the sent counter; record() still ends it).
  void record_sent(std::size_t route) { ++routes_[route].sent; }
  // A request that could not be sent on time (e.g. --max-in-flight reached); it was never sent.
  void record_dropped(std::size_t route);

  // What a load shard's file held (loadgen/load_shard_file.hpp): its routes and spectra as measured.
  static RunMeasurements restored(std::vector<RouteTally> routes, LatencyHistogram latency,
                                  LatencyHistogram service_time, AttemptLatencies result_latencies);

  // Exact: counts add, histograms merge (routes matched by name).
  void merge(const RunMeasurements& other);

  const std::vector<RouteTally>& routes() const { return routes_; }
  const LatencyHistogram& latency() const { return latency_; }
  const LatencyHistogram& service_time() const { return service_time_; }
  // The Results schema's view (docs/results-schema.md, "Measured runs"), from the intended start.
  const AttemptLatencies& result_latencies() const { return result_latencies_; }
  std::uint64_t attempts() const;
  std::uint64_t count(Outcome outcome) const;
  std::uint64_t dropped() const;

  IntervalTally& interval() { return interval_; }

  // Requests accepted and not finished (queued for a connection or on the wire), kept by the sender.
  std::uint64_t in_flight = 0;

 private:
  std::vector<RouteTally> routes_;
  LatencyHistogram latency_;       // ns from the intended start
  LatencyHistogram service_time_;  // ns from the actual send
  AttemptLatencies result_latencies_;
  IntervalTally interval_;
};

}  // namespace slotrush::loadgen
