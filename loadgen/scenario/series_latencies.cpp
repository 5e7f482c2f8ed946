#include "loadgen/scenario/series_latencies.hpp"

#include <algorithm>

namespace slotrush::loadgen {

AttemptLatencies& SeriesLatencies::at(std::size_t interval) {
  if (interval != current_interval_) {
    flush();
    current_interval_ = interval;
  }
  return current_;
}

void SeriesLatencies::append(std::vector<Bucket>& out, std::size_t interval, const AttemptLatencies& latencies) {
  const auto add = [&](const LatencyHistogram& h, bool useful) {
    h.for_each_bucket([&](std::uint64_t lower, std::uint64_t upper, std::uint64_t count) {
      out.push_back({static_cast<std::uint32_t>(interval), useful, lower + (upper - lower) / 2, count});
    });
  };
  add(latencies.useful_us, true);
  add(latencies.attempts_us, false);
}

void SeriesLatencies::flush() {
  if (current_.empty()) return;
  append(finished_, current_interval_, current_);
  current_.reset();
}

void SeriesLatencies::merge(const SeriesLatencies& other) {
  finished_.insert(finished_.end(), other.finished_.begin(), other.finished_.end());
  if (!other.current_.empty()) append(finished_, other.current_interval_, other.current_);
}

std::vector<SeriesLatencies::Bucket> SeriesLatencies::buckets() const {
  std::vector<Bucket> all = finished_;
  if (!current_.empty()) append(all, current_interval_, current_);
  return all;
}

void SeriesLatencies::fill(std::vector<SeriesRow>& rows) const {
  std::vector<Bucket> all = buckets();
  std::stable_sort(all.begin(), all.end(), [](const Bucket& a, const Bucket& b) { return a.interval < b.interval; });
  AttemptLatencies interval;
  for (std::size_t i = 0; i < all.size();) {
    const std::uint32_t k = all[i].interval;
    interval.reset();
    for (; i < all.size() && all[i].interval == k; ++i)
      (all[i].useful ? interval.useful_us : interval.attempts_us).record(all[i].middle_us, all[i].count);
    if (k < rows.size()) interval.fill_row(rows[k]);
  }
}

std::size_t SeriesLatencies::memory_bytes() const {
  return finished_.capacity() * sizeof(Bucket) + current_.useful_us.memory_bytes() + current_.attempts_us.memory_bytes();
}

}  // namespace slotrush::loadgen
