// LadderQueue: the kernel's pending set, a ladder queue (Tang, Goh, Thng 2005) with power-of-two
// bucket widths. O(1) amortized push and pop; each key is written about twice over its life (into a
// bucket, then its slot into the sorted bottom), where the radix heap moved it ~7 times. Each event
// lives in one 40-byte record indexed by its slot from push to pop; the bucket links live apart, in
// a 4-byte-per-slot array, so a drain walks a compact list and then reads the records with their
// cache misses overlapping (and prefetches the next buckets' records), instead of chasing a list
// through records scattered over tens of MB one miss at a time.
//
//   bottom  : slots of keys with time < bottom_end_, sorted by (time, seq), popped from head_. A key pushed
//             below bottom_end_ (a zero delay, or one earlier than an event run_until peeked at) is
//             inserted in place, so no re-anchoring is ever needed.
//   rungs   : rungs_[0, depth_). Rung r spreads [cursor start, end) over buckets of width 2^shift;
//             a deeper rung covers exactly the bucket its parent was draining, so ranges go
//             bottom < rungs_[depth_-1] < ... < rungs_[0] < far. Buckets are singly linked lists
//             of slots threaded through next_.
//   far     : unsorted keys at or after rungs_[0].end. When every rung is spent, a new top rung is
//             sized from a histogram of far's distances to its minimum: enough buckets and width to
//             take most of far, so each rebuild's scan is paid for by the keys it moves.
// A drained bucket with more than kSplit distinct-time keys becomes a finer rung instead of being
// sorted, so clustered times stay cheap. Requires: time >= 0. A record's slot is the queue's own: taken
// by push, given back by pop, and reused last in, first out.
#pragma once
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/engine/bucket_shape.hpp"
#include "sim/engine/pending_set.hpp"

namespace slotrush {

class LadderQueue {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(const PendingKey& k) {
    assert(k.time >= 0);
    const auto t = static_cast<std::uint64_t>(k.time);
    ++size_;
    // A record freed by the last pop is reused first (it is in cache). next_ and records_ have the
    // same length; next_'s is a shift away, records_' a division by 40.
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(next_.size());
      grow_to(slot);
    }
    records_[slot] = Record{t, k.seq, k.action};
    if (t < bottom_end_) return insert_bottom(slot);
    for (std::size_t r = depth_; r-- > 0;) {
      Rung& rung = rungs_[r];
      if (t < rung.end) return rung.add(slot, next_[slot], static_cast<std::size_t>((t - rung.base) >> rung.shift));
    }
    far_.push_back(FarKey{t, slot});
  }

  PendingKey top() {
    if (head_ == bottom_.size()) refill();
    const std::uint32_t slot = bottom_[head_];
    const Record& r = records_[slot];
    return PendingKey{static_cast<SimTime>(r.time), r.seq, r.action};
  }

  void pop() {
    if (head_ == bottom_.size()) refill();
    pop_top();
  }
  // pop() for a caller that has just called top(): the bottom is not spent, so no refill check.
  void pop_top() {
    assert(head_ < bottom_.size());
    free_.push_back(bottom_[head_++]);
    --size_;
  }

  // Called with the actions of the next non-empty bucket whenever a bucket is drained into the
  // bottom: their records were prefetched one drain earlier, so reading them is cheap, and the
  // model gets a bucket's worth of events of lead time to prefetch what they will touch.
  void set_lookahead(LookaheadHint hint) { lookahead_ = hint; }

  std::size_t memory_bytes() const {
    std::size_t bytes = (bottom_.capacity() + free_.capacity()) * sizeof(std::uint32_t) +
                        records_.capacity() * sizeof(Record) +
                        next_.capacity() * sizeof(std::uint32_t) + far_.capacity() * sizeof(FarKey) + rungs_.capacity() * sizeof(Rung);
    for (const Rung& r : rungs_)
      bytes += r.heads.capacity() * sizeof(std::uint32_t) + r.occupied.capacity() * sizeof(std::uint64_t);
    return bytes;
  }

 private:
  static constexpr std::uint32_t kNil = 0xffff'ffff;
  static constexpr std::size_t kSplit = 48;         // larger drained buckets become a finer rung
  static constexpr std::size_t kMaxDepth = 24;      // a guard; each rung is at least 2x finer
  static constexpr unsigned kMinBucketBits = 6;     // a rung has 64..2^kMaxBucketBits buckets
  static constexpr unsigned kMaxBucketBits = 18;
  static constexpr unsigned kPrefetchBuckets = 2;  // non-empty buckets fetched ahead of the drain
  static constexpr unsigned kPrefetchChain = 32;   // at most this many records of each
  // Up to this many records (640 KiB) the records stay in this core's L2 cache, and walking the next
  // buckets' lists to prefetch them costs more than it saves (~36 instructions per event on the hold
  // model at 10,000 pending events); past it, or when the model asked for the lookahead, it is done.
  static constexpr std::size_t kCachedRecords = std::size_t{1} << 14;

  struct Record {
    std::uint64_t time;
    std::uint64_t seq;
    EventAction action;
  };
  struct FarKey {
    std::uint64_t time;
    std::uint32_t slot;
  };
  struct Rung {
    std::uint64_t base = 0;  // time of bucket 0's start, a multiple of 2^shift
    std::uint64_t end = 0;   // keys below end belong here (or deeper), the rest to the parent
    unsigned shift = 0;
    std::size_t cursor = 0;  // buckets before it are drained
    std::size_t buckets = 0;
    std::vector<std::uint32_t> heads;     // valid where `occupied` has the bit; kNil elsewhere
    std::vector<std::uint64_t> occupied;  // bitmap of non-empty buckets

    void add(std::uint32_t slot, std::uint32_t& next, std::size_t b) {
      assert(b >= cursor && b < buckets);
      next = heads[b];
      heads[b] = slot;
      occupied[b >> 6] |= std::uint64_t{1} << (b & 63);
    }
    // First non-empty bucket at or after cursor, or `buckets` if none.
    std::size_t next_occupied() const {
      std::size_t w = cursor >> 6;
      if (w >= occupied.size()) return buckets;
      std::uint64_t word = occupied[w] & (~std::uint64_t{0} << (cursor & 63));
      while (word == 0) {
        if (++w == occupied.size()) return buckets;
        word = occupied[w];
      }
      return (w << 6) + static_cast<std::size_t>(std::countr_zero(word));
    }
    void reset(std::uint64_t new_base, std::uint64_t new_end, unsigned new_shift, std::size_t n) {
      base = new_base;
      end = new_end;
      shift = new_shift;
      cursor = 0;
      buckets = n;
      if (heads.size() < n) heads.resize(n, kNil);  // drained buckets are kNil already
      occupied.assign((n + 63) >> 6, 0);
    }
  };

  // Out of line: the slots only grow while the pending set reaches a new peak, and keeping the
  // resizes out of push() spares it the registers they need (push() is ~20% of the hold model).
  [[gnu::noinline]] void grow_to(std::uint32_t slot) {  // slot == next_.size()
    records_.resize(std::size_t{slot} + 1);
    next_.resize(records_.size());
  }

  // bottom_[head_, end) stays sorted; a new key usually lands at or near the end.
  bool before(std::uint32_t a, std::uint32_t b) const {
    const Record& x = records_[a];
    const Record& y = records_[b];
    return x.time < y.time || (x.time == y.time && x.seq < y.seq);
  }

  void insert_bottom(std::uint32_t k) {
    if (head_ == bottom_.size()) {
      bottom_.clear();
      head_ = 0;
    } else if (head_ >= 64 && head_ * 2 >= bottom_.size()) {
      bottom_.erase(bottom_.begin(), bottom_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    bottom_.push_back(k);
    std::size_t i = bottom_.size() - 1;
    while (i > head_ && before(k, bottom_[i - 1])) {
      bottom_[i] = bottom_[i - 1];
      --i;
    }
    bottom_[i] = k;
  }

  // Called with the bottom spent and size_ > 0: moves the next non-empty bucket into the bottom.
  void refill() {
    assert(size_ > 0);
    bottom_.clear();
    head_ = 0;
    for (;;) {
      if (depth_ == 0) build_top_rung();
      Rung& rung = rungs_[depth_ - 1];
      const std::size_t b = rung.next_occupied();
      if (b == rung.buckets) {
        bottom_end_ = rung.end;
        --depth_;
        continue;
      }
      rung.occupied[b >> 6] &= ~(std::uint64_t{1} << (b & 63));
      rung.cursor = b + 1;
      if (lookahead_ || records_.size() > kCachedRecords) prefetch_ahead(rung);
      // The bucket's end, clipped to the rung's (the last bucket of a finer rung may overhang it;
      // computed so it cannot wrap near 2^64).
      const std::uint64_t start = rung.base + (std::uint64_t{b} << rung.shift);
      const std::uint64_t width = std::uint64_t{1} << rung.shift;
      bottom_end_ = rung.end - start > width ? start + width : rung.end;
      // Walk the bucket's list first (next_ is compact, so mostly cached), then read the records:
      // their cache misses are independent of each other and overlap instead of queueing.
      for (std::uint32_t s = std::exchange(rung.heads[b], kNil); s != kNil; s = next_[s]) bottom_.push_back(s);
      if (bottom_.size() > kSplit && depth_ < kMaxDepth) {
        std::uint64_t lo = ~std::uint64_t{0}, hi = 0;
        for (const std::uint32_t s : bottom_) {
          const std::uint64_t t = records_[s].time;
          lo = std::min(lo, t);
          hi = std::max(hi, t);
        }
        if (lo != hi) {
          split_bottom(lo, bottom_end_);
          continue;
        }
      }
      sort_bottom();
      return;
    }
  }

  // With many pending events the records are out of cache. While this bucket drains, fetch the
  // records of the next non-empty buckets (both lines: a 40-byte record may straddle two) so they
  // are there when those buckets drain.
  void prefetch_ahead(const Rung& rung) const {
    std::size_t w = rung.cursor >> 6;
    if (w >= rung.occupied.size()) return;
    std::uint64_t word = rung.occupied[w] & (~std::uint64_t{0} << (rung.cursor & 63));
    for (unsigned n = 0; n < kPrefetchBuckets; ++n) {
      while (word == 0) {
        if (++w == rung.occupied.size() || w > (rung.cursor >> 6) + 1) return;
        word = rung.occupied[w];
      }
      const std::size_t b = (w << 6) + static_cast<std::size_t>(std::countr_zero(word));
      word &= word - 1;
      unsigned chain = 0;
      for (std::uint32_t s = rung.heads[b]; s != kNil && chain < kPrefetchChain; s = next_[s], ++chain) {
        const Record* r = &records_[s];
        if (n == 0 && lookahead_) {
          lookahead_.fn(lookahead_.ctx, r->action);  // fetched by the previous drain
        } else {
          __builtin_prefetch(r);
          __builtin_prefetch(reinterpret_cast<const char*>(r) + sizeof(Record) - 1);
        }
      }
    }
  }

  void sort_bottom() {
    const auto before = [this](std::uint32_t a, std::uint32_t b) { return this->before(a, b); };
    if (bottom_.size() > 16) return std::sort(bottom_.begin(), bottom_.end(), before);
    insertion_sort(bottom_, before);
  }

  // Spreads the keys just drained into bottom_ (all in [lo, end)) over a new, finer rung with
  // about two buckets per key.
  void split_bottom(std::uint64_t lo, std::uint64_t end) {
    const unsigned bits = std::clamp<unsigned>(static_cast<unsigned>(std::bit_width(bottom_.size())) + 1,
                                               kMinBucketBits, kMaxBucketBits);
    const BucketShape shape = shape_for_split(lo, end, bits);
    const std::uint64_t base = shape.base;
    const unsigned shift = shape.shift;
    Rung& rung = push_rung();
    rung.reset(base, end, shift, std::max<std::size_t>(std::bit_ceil(shape.buckets()), 64));
    for (const std::uint32_t s : bottom_)
      rung.add(s, next_[s], static_cast<std::size_t>((records_[s].time - base) >> shift));
    bottom_.clear();
    bottom_end_ = base;
  }

  // Turns (the nearer part of) far_ into rungs_[0], with 8..16 buckets per far key and the narrowest
  // power-of-two width that takes >= 15/16 of far_ (fewer keys left in far means fewer rebuild scans
  // and a predictable push branch). So many buckets leave most of them empty or with one key when
  // drained: more buckets to step over (a bitmap scan, cheap) but a drain rarely has keys to sort,
  // and the branches on the bucket's length and order stop being coin flips. On the hold model
  // 2..4 buckets per key did fewer instructions and ran 6% slower (docs/BENCHMARKS.md).
  void build_top_rung() {
    assert(!far_.empty());
    const unsigned bits = std::clamp<unsigned>(static_cast<unsigned>(std::bit_width(far_.size())) + 3,
                                               kMinBucketBits, kMaxBucketBits);
    const BucketShape shape = shape_for_overflow(far_, [](const FarKey& k) { return k.time; }, bits);
    const std::uint64_t base = shape.base, end = shape.end;
    const unsigned shift = shape.shift;
    Rung& rung = push_rung();
    rung.reset(base, end, shift, std::size_t{1} << bits);
    std::size_t kept = 0;
    for (const FarKey& k : far_) {
      if (k.time < end) rung.add(k.slot, next_[k.slot], static_cast<std::size_t>((k.time - base) >> shift));
      else far_[kept++] = k;
    }
    far_.resize(kept);
    bottom_end_ = base;
  }

  Rung& push_rung() {
    if (depth_ == rungs_.size()) rungs_.emplace_back();
    return rungs_[depth_++];
  }

  std::vector<std::uint32_t> bottom_;  // slots
  std::size_t head_ = 0;
  std::uint64_t bottom_end_ = 0;  // every key outside the bottom has time >= bottom_end_
  std::vector<Rung> rungs_;
  std::size_t depth_ = 0;  // rungs_[0, depth_) are in use
  std::vector<FarKey> far_;
  std::vector<Record> records_;       // by slot
  std::vector<std::uint32_t> free_;  // slots of popped records, reused last in, first out
  std::vector<std::uint32_t> next_;  // by slot: the next slot in its rung bucket's list
  std::size_t size_ = 0;
  LookaheadHint lookahead_;
};

}  // namespace slotrush
