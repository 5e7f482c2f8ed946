#include "loadgen/series_accumulator.hpp"

#include <algorithm>

namespace slotrush::loadgen {
namespace {

std::uint32_t narrow(std::uint64_t n) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(n, UINT32_MAX));
}

}  // namespace

SeriesAccumulator::SeriesAccumulator(std::size_t threads, RowHook hook, bool keep_seconds)
    : threads_(threads), hook_(std::move(hook)), keep_seconds_(keep_seconds) {}

void SeriesAccumulator::add(std::size_t second, const IntervalTally& tally, std::uint64_t in_flight) {
  std::lock_guard lock(mutex_);
  Pending& p = pending_[second];
  p.tally.merge(tally);
  p.in_flight += in_flight;
  if (++p.reports < threads_) return;
  rows_.push_back(make_row(second, p));
  pending_.erase(second);
}

SeriesRow SeriesAccumulator::make_row(std::size_t second, const Pending& p) {
  if (keep_seconds_) seconds_.push_back(SecondTally{second, p.tally, p.in_flight});
  SeriesRow row;
  row.time_seconds = static_cast<double>(second);
  auto outcome = [&](Outcome o) { return p.tally.outcomes[static_cast<std::size_t>(o)]; };
  row.offered = narrow(p.tally.attempts);
  row.goodput = narrow(outcome(Outcome::success));
  row.timeouts = narrow(outcome(Outcome::timeout));
  row.rejected = narrow(outcome(Outcome::http_5xx));
  row.in_flight = narrow(p.in_flight);
  p.tally.latencies.fill_row(row);
  if (hook_) hook_(row);
  return row;
}

std::vector<SeriesRow> SeriesAccumulator::finish() {
  std::lock_guard lock(mutex_);
  for (const auto& [second, p] : pending_) rows_.push_back(make_row(second, p));
  pending_.clear();
  std::sort(rows_.begin(), rows_.end(),
            [](const SeriesRow& a, const SeriesRow& b) { return a.time_seconds < b.time_seconds; });
  return rows_;
}

std::vector<SecondTally> SeriesAccumulator::finish_seconds() {
  std::lock_guard lock(mutex_);
  std::sort(seconds_.begin(), seconds_.end(), [](const SecondTally& a, const SecondTally& b) { return a.second < b.second; });
  return seconds_;
}

}  // namespace slotrush::loadgen
