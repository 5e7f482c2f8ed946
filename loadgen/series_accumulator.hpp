// SeriesAccumulator: the per-second time series of a load run in the Results schema's SeriesRow,
// merged from every load thread. Each thread hands in its interval counts once per second (one lock
// per thread per second, never per request); a second is turned into a row once all threads have
// reported it, so only the seconds in between hold a histogram. Columns a generic run cannot measure
// (bookings, queue depth at the server, waiting room, slots left) stay 0 unless the row hook sets them.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <vector>

#include "loadgen/run_measurements.hpp"
#include "sim/results/run_result.hpp"

namespace slotrush::loadgen {

// One second of a run as every thread reported it, merged: what a load shard keeps so that a merge
// can add seconds exactly (loadgen/load_shard_file.hpp) and make the rows again.
struct SecondTally {
  std::size_t second = 0;
  IntervalTally tally;
  std::uint64_t in_flight = 0;
};

class SeriesAccumulator {
 public:
  // Called with each finished row (under the accumulator's lock), e.g. for scenario KPIs' columns.
  using RowHook = std::function<void(SeriesRow&)>;

  // With `keep_seconds`, finish_seconds() gives the merged tallies behind the rows too.
  explicit SeriesAccumulator(std::size_t threads, RowHook hook = {}, bool keep_seconds = false);

  // Thread `thread`'s counts for interval `second` (0 = the first second of the run), and its
  // requests in flight at the interval's end.
  void add(std::size_t second, const IntervalTally& tally, std::uint64_t in_flight);

  // Every row so far, in time order, rows still missing a thread's report included. Call after
  // the threads have stopped.
  std::vector<SeriesRow> finish();
  // After finish(), with keep_seconds: the tallies of the rows, in time order.
  std::vector<SecondTally> finish_seconds();

 private:
  struct Pending {
    IntervalTally tally;
    std::uint64_t in_flight = 0;
    std::size_t reports = 0;
  };
  SeriesRow make_row(std::size_t second, const Pending& pending);

  std::mutex mutex_;
  std::size_t threads_;
  RowHook hook_;
  std::map<std::size_t, Pending> pending_;
  std::vector<SeriesRow> rows_;
  bool keep_seconds_;
  std::vector<SecondTally> seconds_;
};

}  // namespace slotrush::loadgen
