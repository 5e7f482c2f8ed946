// LatencyHistogram: HdrHistogram-style log-linear histogram of uint64 values (e.g. ns).
// Values < 256 are exact; above, each octave has 128 equal buckets, so any reported
// percentile is within 1/256 relative error. Counts grow lazily, never past kMaxCounters.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace slotrush {

class LatencyHistogram {
public:
    static constexpr unsigned kSubBucketBits = 7;                      // 128 per octave
    static constexpr std::size_t kHalf = std::size_t{1} << kSubBucketBits;  // 128
    static constexpr std::size_t kMaxCounters = (64 - kSubBucketBits + 1) * kHalf;  // 7424

    // Hot path: inline; allocates only the first time a new octave is reached.
    void record(std::uint64_t value, std::uint64_t count = 1) {
        if (count == 0) return;
        const std::size_t idx = index_of(value);
        if (idx >= counts_.size()) grow(idx);
        counts_[idx] += count;
        total_ += count;
        sum_ += static_cast<double>(value) * static_cast<double>(count);
        min_ = std::min(min_, value);
        max_ = std::max(max_, value);
    }

    [[nodiscard]] std::uint64_t count() const noexcept { return total_; }
    [[nodiscard]] std::uint64_t min() const noexcept { return total_ == 0 ? 0 : min_; }
    [[nodiscard]] std::uint64_t max() const noexcept { return max_; }
    // Exact mean of the recorded values (not bucket-quantised); 0 when empty.
    [[nodiscard]] double mean() const noexcept {
        return total_ == 0 ? 0.0 : sum_ / static_cast<double>(total_);
    }

    // Nearest-rank percentile, p in [0, 100]: the midpoint of the bucket holding the
    // ceil(p/100 * n)-th smallest value, clamped to [min, max]. p=0 -> min, p=100 -> max.
    // Returns 0 for an empty histogram.
    [[nodiscard]] std::uint64_t value_at_percentile(double p) const;

    // Exact: afterwards *this is as if it had recorded other's values too.
    void merge(const LatencyHistogram& other);

    // The histogram whose non-empty buckets (lower bound, count), sum, min and max are these, as
    // for_each_bucket, sum(), min() and max() gave them: for files that merge exactly later.
    // std::invalid_argument when a lower bound is no bucket's, or the parts disagree.
    struct Bucket {
        std::uint64_t lower = 0;
        std::uint64_t count = 0;
    };
    [[nodiscard]] static LatencyHistogram from_buckets(const std::vector<Bucket>& buckets, double sum,
                                                       std::uint64_t min, std::uint64_t max);
    // Exact sum of the recorded values (what mean() divides).
    [[nodiscard]] double sum() const noexcept { return sum_; }
    // Clears all counts; keeps the allocated buckets so record() stays allocation-free.
    void reset() noexcept;

    // Calls f(lower_inclusive, upper_exclusive, count) for each non-empty bucket in
    // ascending order. The topmost bucket's upper bound saturates at UINT64_MAX.
    template <class F>
    void for_each_bucket(F f) const {
        for (std::size_t i = 0; i < counts_.size(); ++i) {
            if (counts_[i] != 0) f(lower_of(i), upper_of(i), counts_[i]);
        }
    }

    [[nodiscard]] std::size_t memory_bytes() const noexcept {
        return sizeof(*this) + counts_.capacity() * sizeof(std::uint64_t);
    }

    // Bucket geometry, public for tests and exporters.
    [[nodiscard]] static constexpr std::size_t index_of(std::uint64_t value) noexcept {
        const unsigned octave =
            63u - static_cast<unsigned>(std::countl_zero(value | 0xFFu)) - kSubBucketBits;
        return octave * kHalf + static_cast<std::size_t>(value >> octave);
    }
    [[nodiscard]] static constexpr std::uint64_t lower_of(std::size_t index) noexcept {
        const unsigned octave = shift_of(index);
        return static_cast<std::uint64_t>(index - octave * kHalf) << octave;
    }
    [[nodiscard]] static constexpr std::uint64_t upper_of(std::size_t index) noexcept {
        const std::uint64_t lower = lower_of(index);
        const std::uint64_t width = std::uint64_t{1} << shift_of(index);
        const std::uint64_t room = std::numeric_limits<std::uint64_t>::max() - lower;
        return width > room ? std::numeric_limits<std::uint64_t>::max() : lower + width;
    }

private:
    static constexpr unsigned shift_of(std::size_t index) noexcept {
        return index < 2 * kHalf ? 0u : static_cast<unsigned>(index / kHalf - 1);
    }

    void grow(std::size_t index);  // cold path: extend counts_ to cover `index`

    std::vector<std::uint64_t> counts_;
    std::uint64_t total_ = 0;
    double sum_ = 0.0;
    std::uint64_t min_ = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t max_ = 0;
};

}  // namespace slotrush
