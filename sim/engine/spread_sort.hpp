// SpreadSort: sorts distinct 64-bit keys that spread about evenly over their range (a calendar page's
// packed (time offset, position) keys: think times land anywhere in a page's window). One counting
// pass by the keys' top bits places each key near its final position, and an insertion sort
// finishes; where the keys are not spread (clusters), the insertion sort's work is bounded and
// std::sort takes over. The result is the sorted order, whatever the input: only the time differs.
// Why: std::sort on ~128 random keys mispredicts about every other comparison (~12% of the launch
// day's run, docs/BENCHMARKS.md).
#pragma once
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace slotrush {

class SpreadSort {
 public:
  // Sorts `keys` ascending. Reuses its own scratch space from call to call.
  void operator()(std::vector<std::uint64_t>& keys) {
    const std::size_t n = keys.size();
    if (n < 2) return;
    const auto [lo_it, hi_it] = std::minmax_element(keys.begin(), keys.end());
    const std::uint64_t lo = *lo_it, range = *hi_it - lo;
    // About two buckets a key: bucket = (key - lo) >> shift.
    const unsigned bucket_bits = static_cast<unsigned>(std::bit_width(n));
    const unsigned range_bits = static_cast<unsigned>(std::bit_width(range));
    const unsigned shift = range_bits > bucket_bits ? range_bits - bucket_bits : 0;
    const std::size_t buckets = static_cast<std::size_t>((range >> shift) + 1);
    counts_.assign(buckets + 1, 0);
    for (const std::uint64_t k : keys) ++counts_[static_cast<std::size_t>((k - lo) >> shift) + 1];
    for (std::size_t b = 1; b <= buckets; ++b) counts_[b] += counts_[b - 1];
    scratch_.resize(n);
    for (const std::uint64_t k : keys) scratch_[counts_[static_cast<std::size_t>((k - lo) >> shift)]++] = k;
    keys.swap(scratch_);
    // Every key is now in its bucket's place; within a bucket the order is the input's.
    std::size_t moves = 0;
    const std::size_t budget = 8 * n;
    for (std::size_t i = 1; i < n; ++i) {
      const std::uint64_t k = keys[i];
      std::size_t j = i;
      for (; j > 0 && k < keys[j - 1]; --j) keys[j] = keys[j - 1];
      keys[j] = k;
      moves += i - j;
      if (moves > budget) {  // clustered keys: not worth finishing by insertion
        std::sort(keys.begin(), keys.end());
        return;
      }
    }
  }

 private:
  std::vector<std::uint64_t> scratch_;
  std::vector<std::uint32_t> counts_;
};

}  // namespace slotrush
