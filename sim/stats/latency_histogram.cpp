#include "sim/stats/latency_histogram.hpp"

#include <cmath>

namespace slotrush {

void LatencyHistogram::grow(std::size_t index) {
    // Extend to the end of index's octave; capacity never exceeds kMaxCounters.
    const std::size_t needed = std::min(kMaxCounters, (index / kHalf + 1) * kHalf);
    if (needed > counts_.capacity()) {
        counts_.reserve(std::min(kMaxCounters, std::max(needed, 2 * counts_.capacity())));
    }
    counts_.resize(needed, 0);
}

std::uint64_t LatencyHistogram::value_at_percentile(double p) const {
    if (total_ == 0) return 0;
    if (!(p > 0.0)) return min_;  // also catches NaN
    if (p >= 100.0) return max_;
    const double rank_d = std::ceil(p / 100.0 * static_cast<double>(total_));
    const std::uint64_t rank = std::clamp<std::uint64_t>(
        static_cast<std::uint64_t>(rank_d), std::uint64_t{1}, total_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) {
            const std::uint64_t lower = lower_of(i);
            const std::uint64_t mid = lower + (upper_of(i) - lower) / 2;
            return std::clamp(mid, min_, max_);
        }
    }
    return max_;  // unreachable when counts are consistent
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    if (other.total_ == 0) return;
    if (other.counts_.size() > counts_.size()) grow(other.counts_.size() - 1);
    for (std::size_t i = 0; i < other.counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    sum_ += other.sum_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() noexcept {
    std::fill(counts_.begin(), counts_.end(), std::uint64_t{0});
    total_ = 0;
    sum_ = 0.0;
    min_ = std::numeric_limits<std::uint64_t>::max();
    max_ = 0;
}

}  // namespace slotrush
