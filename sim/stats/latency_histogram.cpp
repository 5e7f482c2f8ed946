#include "sim/stats/latency_histogram.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

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

LatencyHistogram LatencyHistogram::from_buckets(const std::vector<Bucket>& buckets, double sum,
                                                std::uint64_t min, std::uint64_t max) {
    LatencyHistogram h;
    for (const Bucket& b : buckets) {
        const std::size_t idx = index_of(b.lower);
        if (lower_of(idx) != b.lower || b.count == 0)
            throw std::invalid_argument("histogram bucket " + std::to_string(b.lower) + " x " + std::to_string(b.count) +
                                        ": not a bucket's lower bound with a count > 0");
        if (idx >= h.counts_.size()) h.grow(idx);
        h.counts_[idx] += b.count;
        h.total_ += b.count;
    }
    if (h.total_ > 0) {
        if (min > max || index_of(min) > index_of(max) || !(sum >= 0))
            throw std::invalid_argument("histogram: min " + std::to_string(min) + ", max " + std::to_string(max) +
                                        " and sum do not fit its buckets");
        h.min_ = min;
        h.max_ = max;
        h.sum_ = sum;
    }
    return h;
}

void LatencyHistogram::reset() noexcept {
    std::fill(counts_.begin(), counts_.end(), std::uint64_t{0});
    total_ = 0;
    sum_ = 0.0;
    min_ = std::numeric_limits<std::uint64_t>::max();
    max_ = 0;
}

}  // namespace slotrush
