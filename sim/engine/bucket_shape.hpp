// BucketShape: how a ladder rung (ladder_queue.hpp) or a paged-calendar level (paged_calendar.hpp)
// spreads a range of times over buckets of width 2^shift from `base`, and the two rules both use to
// choose it: for the unsorted overflow list, and for a crowded bucket split into a finer level.
#pragma once
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace slotrush {

struct BucketShape {
  std::uint64_t base = 0;  // bucket 0's start, a multiple of 2^shift
  std::uint64_t end = 0;   // the range covered is [base, end)
  unsigned shift = 0;
  std::size_t buckets() const { return static_cast<std::size_t>((end - 1 - base) >> shift) + 1; }
};

// For the overflow list's times: 2^bits buckets from the earliest time (rounded down), of the narrowest
// power-of-two width that takes >= 15/16 of them (the rest stay in the list for a later rebuild, so one
// outlier cannot stretch the buckets). time_of(key) gives a key's time as an unsigned count.
template <class Keys, class TimeOf>
BucketShape shape_for_overflow(const Keys& keys, TimeOf time_of, unsigned bits) {
  std::uint64_t lo = time_of(*keys.begin());
  for (const auto& k : keys) lo = std::min(lo, time_of(k));
  std::size_t histogram[65] = {};  // by bit width of (time - lo)
  for (const auto& k : keys) ++histogram[std::bit_width(time_of(k) - lo)];
  const std::size_t n = keys.size();
  const std::size_t want = n - n / 16;
  std::size_t taken = 0;
  for (unsigned w = 0; w <= bits; ++w) taken += histogram[w];
  unsigned shift = 0;
  while (taken < want && bits + shift < 63) taken += histogram[bits + ++shift];
  const std::uint64_t base = lo & ~((std::uint64_t{1} << shift) - 1);
  return BucketShape{base, base + (std::uint64_t{1} << (bits + shift)), shift};
}

// For a crowded bucket's keys, all in [lo, end): the narrowest power-of-two width at which at most
// 2^bits buckets from lo (rounded down to the width) reach end.
inline BucketShape shape_for_split(std::uint64_t lo, std::uint64_t end, unsigned bits) {
  unsigned shift = 0;
  std::uint64_t base = lo;
  while (((end - 1 - base) >> shift) >= (std::uint64_t{1} << bits)) {
    ++shift;
    base = lo & ~((std::uint64_t{1} << shift) - 1);
  }
  return BucketShape{base, end, shift};
}

// Sorts a short vector in place (what a bucket of a few keys needs; std::sort for long ones).
template <class T, class Less>
void insertion_sort(std::vector<T>& v, Less less) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    const T k = v[i];
    std::size_t j = i;
    for (; j > 0 && less(k, v[j - 1]); --j) v[j] = v[j - 1];
    v[j] = k;
  }
}

}  // namespace slotrush
