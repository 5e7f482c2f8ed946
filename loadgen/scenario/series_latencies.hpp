// SeriesLatencies: one thread's client-observed latencies per series interval (AttemptLatencies, in
// simulated units), kept small: the interval being filled as histograms, finished intervals as their
// non-empty buckets only. Threads' copies merge exactly; the merged one fills the series' latency
// columns, so a percentile is taken over every thread's answers of the interval, not averaged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/results/attempt_latencies.hpp"
#include "sim/results/run_result.hpp"

namespace slotrush::loadgen {

class SeriesLatencies {
 public:
  // The latencies of series interval `interval` (the index of its row); intervals come in time order,
  // as a thread's clock runs (an earlier one still merges correctly, at the cost of a flush).
  AttemptLatencies& at(std::size_t interval);

  void merge(const SeriesLatencies& other);
  // Sets latency_p50, latency_p99 and attempt_latency_p99 of rows[i] for every interval i with a
  // latency (rows beyond the end are left out); the other rows keep theirs.
  void fill(std::vector<SeriesRow>& rows) const;
  std::size_t memory_bytes() const;

  struct Bucket {
    std::uint32_t interval;
    bool useful;             // of AttemptLatencies::useful_us, else of attempts_us
    std::uint64_t middle_us;  // the bucket's midpoint: recorded again, it lands in the same bucket
    std::uint64_t count;
  };
  // Every non-empty bucket, the interval being filled included: what a load shard's file keeps.
  std::vector<Bucket> buckets() const;
  // Puts back one bucket of buckets() (the copy read from a shard's file then fills and merges alike).
  void add(const Bucket& bucket) { finished_.push_back(bucket); }

 private:
  static void append(std::vector<Bucket>& out, std::size_t interval, const AttemptLatencies& latencies);
  void flush();

  std::vector<Bucket> finished_;
  AttemptLatencies current_;
  std::size_t current_interval_ = std::numeric_limits<std::size_t>::max();
};

}  // namespace slotrush::loadgen
