// The orderings the EventQueue can keep its pending events in; all pop in (time, seq) order.
//  - LadderQueue (ladder_queue.hpp): the kernel's, O(1) amortized.
//  - FourAryHeap: the textbook choice, O(log n), any key order.
//  - RadixHeap: a monotone integer priority queue (Ahuja et al. 1990): keys never go below the last
//    key popped, which is exactly the DES clock's rule. O(1) push; each key moves down at most 64
//    buckets over its life, and in practice a few. Same-time keys leave in scheduling order.
// Each holds the whole event, action included, so firing one needs no second lookup.
#pragma once
#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/event_action.hpp"
#include "sim/engine/sim_time.hpp"

namespace slotrush {

struct PendingKey {
  SimTime time;
  std::uint64_t seq;   // scheduling order; unique
  EventAction action;
};
static_assert(sizeof(PendingKey) == 40, "an event is its time, its seq and its action");

inline bool fires_before(const PendingKey& a, const PendingKey& b) {
  return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

class FourAryHeap {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const PendingKey& top() const { return heap_.front(); }
  void push(const PendingKey& k) {
    heap_.push_back(k);
    std::size_t i = heap_.size() - 1;
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!fires_before(k, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = k;
  }
  void pop() {
    const PendingKey last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    std::size_t hole = 0;
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = std::min(first + kArity, n);
      for (std::size_t c = first + 1; c < end; ++c)
        if (fires_before(heap_[c], heap_[best])) best = c;
      if (!fires_before(heap_[best], last)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
  }
  std::size_t memory_bytes() const { return heap_.capacity() * sizeof(PendingKey); }

 private:
  static constexpr std::size_t kArity = 4;
  std::vector<PendingKey> heap_;
};

class RadixHeap {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(const PendingKey& k) {
    assert(k.time >= 0);
    if (static_cast<std::uint64_t>(k.time) < last_) reanchor(static_cast<std::uint64_t>(k.time));
    place(k);
    ++size_;
  }
  PendingKey top() {
    refill_front();
    return buckets_[0][head_];
  }
  void pop() {
    refill_front();
    if (++head_ == buckets_[0].size()) {
      buckets_[0].clear();
      head_ = 0;
    }
    --size_;
  }
  std::size_t memory_bytes() const {
    std::size_t bytes = 0;
    for (const auto& b : buckets_) bytes += b.capacity() * sizeof(PendingKey);
    return bytes;
  }

 private:
  static std::size_t bucket_of(std::uint64_t key, std::uint64_t last) {
    return key == last ? 0 : static_cast<std::size_t>(64 - std::countl_zero(key ^ last));
  }
  void place(const PendingKey& k) {
    const std::size_t b = bucket_of(static_cast<std::uint64_t>(k.time), last_);
    buckets_[b].push_back(k);
    if (b > 0) nonempty_ |= std::uint64_t{1} << (b - 1);
  }
  // Bucket 0 holds the keys equal to last_, in seq order, from head_ on. When it runs out, the
  // lowest non-empty bucket's minimum becomes last_ and that bucket is spread over lower buckets.
  void refill_front() {
    if (head_ < buckets_[0].size()) return;
    assert(nonempty_ != 0);
    buckets_[0].clear();
    head_ = 0;
    const std::size_t b = static_cast<std::size_t>(std::countr_zero(nonempty_)) + 1;
    std::vector<PendingKey>& from = buckets_[b];
    std::uint64_t lowest = static_cast<std::uint64_t>(from.front().time);
    for (const PendingKey& k : from) lowest = std::min(lowest, static_cast<std::uint64_t>(k.time));
    last_ = lowest;
    nonempty_ &= ~(std::uint64_t{1} << (b - 1));
    for (const PendingKey& k : from) place(k);
    from.clear();
    auto& front = buckets_[0];
    if (front.size() > 1)
      std::sort(front.begin(), front.end(), [](auto& x, auto& y) { return x.seq < y.seq; });
  }
  // A key below last_ is legal when the clock stopped short of the next event (run_until peeked at
  // it): rebuild around the new minimum. O(n), at most once per such pause.
  void reanchor(std::uint64_t new_last) {
    std::vector<PendingKey> all;
    all.reserve(size_);
    for (std::size_t i = head_; i < buckets_[0].size(); ++i) all.push_back(buckets_[0][i]);
    for (std::size_t b = 1; b < buckets_.size(); ++b)
      all.insert(all.end(), buckets_[b].begin(), buckets_[b].end());
    for (auto& b : buckets_) b.clear();
    head_ = 0;
    nonempty_ = 0;
    last_ = new_last;
    std::sort(all.begin(), all.end(), fires_before);  // keeps same-time keys in seq order
    for (const PendingKey& k : all) place(k);
  }

  std::array<std::vector<PendingKey>, 65> buckets_;
  std::size_t head_ = 0;
  std::uint64_t last_ = 0;
  std::uint64_t nonempty_ = 0;  // bit b-1 set: bucket b (1..64) may be non-empty
  std::size_t size_ = 0;
};

}  // namespace slotrush
