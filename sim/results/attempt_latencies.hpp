// AttemptLatencies: the client-observed latencies of attempts as the Results schema defines them, for
// simulated and measured runs alike: useful answers only (latency_mean / p50 / p99), and every attempt
// that ended, a client timeout counted at the timeout (attempt_latency_p99). Microsecond histograms.
#pragma once
#include <cstdint>

#include "sim/results/run_result.hpp"
#include "sim/stats/latency_histogram.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

struct AttemptLatencies {
  LatencyHistogram useful_us;    // answers other than a 503 that reached the client before its timeout
  LatencyHistogram attempts_us;  // every attempt that ended: answers (503s included) and timeouts

  // An attempt ended `latency` after it was sent: with a useful answer, or not (a 503, a broken
  // connection).
  void ended(SimTime latency, bool useful) {
    const std::uint64_t us = microseconds(latency);
    attempts_us.record(us);
    if (useful) useful_us.record(us);
  }
  // The client gave up on an attempt (no answer, or lost): counted at its timeout.
  void timed_out(SimTime timeout) { ended(timeout, false); }

  bool empty() const { return attempts_us.count() == 0; }
  void merge(const AttemptLatencies& other);
  void reset();  // keeps the histograms' buckets allocated

  // latency_p50, latency_p99 and attempt_latency_p99 of a series row (NaN where nothing was recorded).
  void fill_row(SeriesRow& row) const;
  // The KPIs latency_mean, latency_p50, latency_p99 and attempt_latency_p99 (NaN where none).
  void fill_kpis(RunResult& result) const;

 private:
  static std::uint64_t microseconds(SimTime t) { return t > 0 ? static_cast<std::uint64_t>(t / kMicrosecond) : 0; }
};

}  // namespace slotrush
