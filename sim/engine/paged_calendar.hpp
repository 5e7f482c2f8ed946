// PagedCalendar: the pending set for large event counts (AdaptivePendingSet switches to it past
// 2^17), a calendar queue whose buckets ("pages") hold whole events by value in chunks of 16 and
// are sorted only when the clock reaches them.
//
// Why pages of whole events: at the launch day's size (~600,000 pending events) a pending set whose
// buckets are linked lists of records indexed elsewhere pays a cache miss per event on the record and
// another per link it follows. Here a push appends 40 bytes to the tail chunk of one of a few
// thousand pages, and a page is read chunk by chunk (prefetched a line per pop while the page before
// it fires), so per event the memory traffic is one tail write and a sequential read; what the model
// touches is named kLookahead events ahead by the lookahead hint.
//
//   front  : the page the clock is in, sorted into `front_` and popped from head_.
//            Keys pushed below front_end_ after it was sorted (zero delays, or times earlier than an
//            event run_until peeked at) go to a small heap, `late_`; the earlier of the two fires.
//   levels : levels_[0, depth_). Level r spreads [base, end) over pages of width 2^shift; a deeper
//            level covers exactly the page its parent was taking, so ranges go front < levels_[depth_-1]
//            < ... < levels_[0] < far. A key is appended to the page of the deepest level it fits.
//   far    : keys at or after levels_[0].end, unsorted. When every level is spent, a new top level is
//            sized from a histogram of far's distances to its minimum (bucket_shape.hpp): about
//            kKeysPerPage keys a page, wide enough to take >= 15/16 of far, so each rebuild's scan is
//            paid for by the keys it moves.
// A page of more than kSplit keys with distinct times is not sorted: in a top level it means the level
// was sized for other keys (an early outlier stretched its pages, or the set has grown), so the
// whole level goes back to far to be re-sized, once; elsewhere the page becomes a finer level. So
// clustered times (a day's starts at one release instant) stay cheap and the late heap small.
// Same-time keys always share a page and are kept in scheduling order by every move (appends, far,
// splits, and the ladder's hand-over in firing order), so sorting a page by (time, position) fires
// same-time events in scheduling order. Requires time >= 0.
#pragma once
#include <algorithm>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "sim/engine/bucket_shape.hpp"
#include "sim/engine/pending_set.hpp"
#include "sim/engine/spread_sort.hpp"
#include "sim/memory/huge_page_allocator.hpp"

namespace slotrush {

class PagedCalendar {
 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  void push(const PendingKey& k) {
    assert(k.time >= 0);
    const auto t = static_cast<std::uint64_t>(k.time);
    ++size_;
    if (t < front_end_) return late_.push(k);
    for (std::size_t r = depth_; r-- > 0;) {
      Level& level = levels_[r];
      if (t < level.end) return append(level.pages[static_cast<std::size_t>((t - level.base) >> level.shift)], k);
    }
    far_.push_back(k);
  }

  const PendingKey& top() { return front(); }

  void pop() {
    front();
    --size_;
    if (from_late_) return late_.pop();
    ++head_;
    prefetch_step();
    if (lookahead_ && head_ + kLookahead < front_.size()) hint(head_ + kLookahead);
  }

  // The hint is called with the action of the event kLookahead places behind the front one of the
  // sorted page (and with the first kLookahead of each page when it is sorted), so the model gets
  // that many events of lead time to prefetch what they will touch.
  void set_lookahead(LookaheadHint hint) { lookahead_ = hint; }

  std::size_t memory_bytes() const {
    std::size_t bytes = (front_.capacity() + far_.capacity()) * sizeof(PendingKey) + late_.memory_bytes() +
                        order_.capacity() * sizeof(std::uint64_t) + chunks_.capacity() * sizeof(Chunk) +
                        (chunk_next_.capacity() + free_chunks_.capacity() + chunks_taken_.capacity()) *
                            sizeof(std::uint32_t);
    for (const Level& l : levels_) bytes += l.pages.capacity() * sizeof(Page);
    return bytes;
  }

 private:
  static constexpr std::uint32_t kNil = 0xffff'ffff;
  static constexpr std::size_t kChunkKeys = 16;
  static constexpr std::size_t kKeysPerPage = 128;  // a new level's pages hold about this many
  static unsigned page_bits(std::size_t keys) {
    return std::clamp<unsigned>(static_cast<unsigned>(std::bit_width(keys / kKeysPerPage)), kMinPageBits, kMaxPageBits);
  }
  static constexpr std::size_t kSplit = 1024;      // larger pages become a finer level
  static constexpr std::size_t kMaxDepth = 24;     // a guard; each level is at least 2x finer
  static constexpr unsigned kMinPageBits = 4;      // a level has 16..2^kMaxPageBits pages
  static constexpr unsigned kMaxPageBits = 16;
  static constexpr std::size_t kLookahead = 16;    // events of lead time the hint gives
  static constexpr std::size_t kPrefetchScan = 8;  // pages looked at for the next non-empty one

  struct Chunk {
    PendingKey keys[kChunkKeys];
  };
  struct Page {
    std::uint32_t head = kNil, tail = kNil;  // chunks, linked head to tail; all full but the tail
    std::uint32_t size = 0;
  };
  struct Level {
    std::uint64_t base = 0;  // page 0's start, a multiple of 2^shift
    std::uint64_t end = 0;   // keys below end belong here (or deeper), the rest to the parent
    unsigned shift = 0;
    std::size_t cursor = 0;  // pages before it are taken
    std::size_t count = 0;
    bool rebuilt = false;    // made by dissolve_top_level(): crowded pages are split, not dissolved again
    std::vector<Page> pages;

    void reset(const BucketShape& shape, std::size_t n) {
      base = shape.base;
      end = shape.end;
      shift = shape.shift;
      cursor = 0;
      count = n;
      rebuilt = false;
      pages.assign(n, Page{});
    }
  };

  void append(Page& page, const PendingKey& k) {
    const std::size_t at = page.size % kChunkKeys;
    if (at == 0) {
      const std::uint32_t c = new_chunk();
      if (page.tail == kNil) page.head = c;
      else chunk_next_[page.tail] = c;
      page.tail = c;
    }
    chunks_[page.tail].keys[at] = k;
    ++page.size;
  }

  std::uint32_t new_chunk() {
    std::uint32_t c;
    if (!free_chunks_.empty()) {
      c = free_chunks_.back();
      free_chunks_.pop_back();
    } else {
      c = static_cast<std::uint32_t>(chunks_.size());
      chunks_.emplace_back();
      chunk_next_.emplace_back();
    }
    chunk_next_[c] = kNil;
    return c;
  }

  // Reads the page taken from its level: lists its chunks in chunks_taken_ and writes its sort keys
  // to order_, (time offset from `start` << bits | position) where offset and position pack into
  // 64 bits (a page's times differ by less than its width), else positions. Returns whether packed;
  // lo and hi get the page's earliest and latest times.
  bool scan(const Page& page, std::uint64_t start, std::uint64_t end, std::uint64_t& lo, std::uint64_t& hi) {
    const std::size_t n = page.size;
    chunks_taken_.clear();
    order_.resize(n);
    position_bits_ = static_cast<unsigned>(std::bit_width(n));
    const bool packed = std::bit_width(end - start) + position_bits_ <= 64;
    lo = ~std::uint64_t{0};
    hi = 0;
    std::size_t i = 0;
    for (std::uint32_t c = page.head; c != kNil; c = chunk_next_[c]) {
      chunks_taken_.push_back(c);
      const Chunk& chunk = chunks_[c];
      for (std::size_t j = 0; j < kChunkKeys && i < n; ++j, ++i) {
        const auto t = static_cast<std::uint64_t>(chunk.keys[j].time);
        lo = std::min(lo, t);
        hi = std::max(hi, t);
        order_[i] = packed ? ((t - start) << position_bits_) | i : i;
      }
    }
    return packed;
  }
  const PendingKey& taken(std::size_t position) const {
    return chunks_[chunks_taken_[position / kChunkKeys]].keys[position % kChunkKeys];
  }
  void free_taken() { free_chunks_.insert(free_chunks_.end(), chunks_taken_.begin(), chunks_taken_.end()); }

  // The earliest key: the sorted page's front or the late heap's top, whichever fires first
  // (moving to the next page when both are spent). Sets from_late_.
  const PendingKey& front() {
    assert(size_ > 0);
    if (head_ == front_.size() && late_.empty()) next_page();
    if (!late_.empty()) [[unlikely]] {
      const PendingKey& l = late_.top();
      if (head_ == front_.size() || fires_before(l, front_[head_])) {
        from_late_ = true;
        return l;
      }
    }
    from_late_ = false;
    return front_[head_];
  }

  void hint(std::size_t i) const { lookahead_.fn(lookahead_.ctx, front_[i].action); }

  // Called with the sorted page and the late heap spent (and keys left): makes the next non-empty
  // page the front, splitting crowded pages into finer levels on the way.
  void next_page() {
    for (;;) {
      if (depth_ == 0) new_top_level();
      Level& level = levels_[depth_ - 1];
      while (level.cursor < level.count && level.pages[level.cursor].size == 0) ++level.cursor;
      if (level.cursor == level.count) {
        front_end_ = level.end;  // this level's range is behind the clock now
        --depth_;
        continue;
      }
      const std::size_t p = level.cursor++;
      const std::uint64_t start = level.base + (std::uint64_t{p} << level.shift);
      const std::uint64_t width = std::uint64_t{1} << level.shift;
      const std::uint64_t end = level.end - start > width ? start + width : level.end;  // cannot wrap
      const Page page = std::exchange(level.pages[p], Page{});
      front_end_ = end;
      aim_prefetch(level);
      std::uint64_t lo, hi;
      const bool packed = scan(page, start, end, lo, hi);
      if (page.size > kSplit && lo != hi) {
        if (depth_ == 1 && !level.rebuilt) {  // the top level is too coarse for today's keys
          dissolve_top_level(start);
          continue;
        }
        if (depth_ < kMaxDepth) {
          split_taken(lo, end);
          continue;
        }
      }
      sort_front(packed);
      free_taken();
      if (lookahead_)
        for (std::size_t i = 0; i < std::min(kLookahead, front_.size()); ++i) hint(i);
      return;
    }
  }

  // The pages ahead were written long ago and are out of cache: while this page fires, fetch the
  // next non-empty one, a cache line per event popped (a page's keys take 3/4 of a line each), so
  // the fetches do not queue up behind one another or behind the model's.
  void aim_prefetch(const Level& level) {
    prefetch_chunk_ = kNil;
    prefetch_offset_ = 0;
    const std::size_t stop = std::min(level.count, level.cursor + kPrefetchScan);
    for (std::size_t p = level.cursor; p < stop; ++p)
      if (level.pages[p].size != 0) {
        prefetch_chunk_ = level.pages[p].head;
        return;
      }
  }
  void prefetch_step() {
    if (prefetch_chunk_ == kNil) return;
    __builtin_prefetch(reinterpret_cast<const char*>(&chunks_[prefetch_chunk_]) + prefetch_offset_);
    prefetch_offset_ += 64;
    if (prefetch_offset_ >= sizeof(Chunk)) {
      prefetch_offset_ = 0;
      prefetch_chunk_ = chunk_next_[prefetch_chunk_];
    }
  }

  // Sorts the page just scanned into front_, by (time, position).
  void sort_front(bool packed) {
    const std::size_t n = order_.size();
    std::uint64_t mask = ~std::uint64_t{0};
    if (packed) {
      mask = (std::uint64_t{1} << position_bits_) - 1;
      if (n <= 16) insertion_sort(order_, std::less<>{});
      else spread_sort_(order_);
    } else {  // wide pages near the end of the clock's range
      std::sort(order_.begin(), order_.end(), [this](std::uint64_t a, std::uint64_t b) {
        const SimTime ta = taken(a).time, tb = taken(b).time;
        return ta < tb || (ta == tb && a < b);
      });
    }
    head_ = 0;
    front_.resize(n);
    for (std::size_t i = 0; i < n; ++i) front_[i] = taken(static_cast<std::size_t>(order_[i] & mask));
  }

  // Spreads the crowded page just scanned (all in [lo, end), not all at one time) over a new, finer
  // level with about kKeysPerPage keys a page.
  void split_taken(std::uint64_t lo, std::uint64_t end) {
    const std::size_t n = order_.size();
    const BucketShape shape = shape_for_split(lo, end, page_bits(n));
    const std::uint64_t base = shape.base;
    const unsigned shift = shape.shift;
    Level& level = push_level();
    level.reset(shape, shape.buckets());
    for (std::size_t i = 0; i < n; ++i) {
      const PendingKey k = taken(i);  // a copy: appending may grow chunks_
      append(level.pages[static_cast<std::size_t>((static_cast<std::uint64_t>(k.time) - base) >> shift)], k);
    }
    free_taken();
    front_end_ = base;
  }

  // Called with a crowded page just scanned from the top level (and nothing deeper), starting at
  // `start`: the level was sized for keys it no longer holds (typically an early outlier stretched
  // its pages, or the pending set grew many times over since), so splitting each page would move
  // every key twice. Returns all its keys to far_ (which a new top level is then sized on) instead.
  // Same-time keys always share a page, so they stay in scheduling order.
  void dissolve_top_level(std::uint64_t start) {
    Level& level = levels_[0];
    for (std::size_t i = 0; i < order_.size(); ++i) far_.push_back(taken(i));
    free_taken();
    for (std::size_t p = level.cursor; p < level.count; ++p) {
      Page& page = level.pages[p];
      std::size_t left = page.size;
      for (std::uint32_t c = page.head; c != kNil; c = chunk_next_[c]) {
        const std::size_t n = std::min(left, kChunkKeys);
        far_.insert(far_.end(), chunks_[c].keys, chunks_[c].keys + n);
        left -= n;
        free_chunks_.push_back(c);
      }
      page = Page{};
    }
    depth_ = 0;
    front_end_ = start;
    rebuilding_ = true;
  }

  // Turns (the nearer part of) far_ into levels_[0]: about kKeysPerPage keys a page, and the
  // narrowest power-of-two width that takes >= 15/16 of far_.
  void new_top_level() {
    assert(!far_.empty());
    const unsigned bits = page_bits(far_.size());
    const BucketShape shape =
        shape_for_overflow(far_, [](const PendingKey& k) { return static_cast<std::uint64_t>(k.time); }, bits);
    const std::uint64_t base = shape.base;
    const unsigned shift = shape.shift;
    Level& level = push_level();
    level.reset(shape, std::size_t{1} << bits);
    level.rebuilt = std::exchange(rebuilding_, false);
    std::size_t kept = 0;
    for (const PendingKey& k : far_) {
      const auto t = static_cast<std::uint64_t>(k.time);
      if (t < level.end) append(level.pages[static_cast<std::size_t>((t - base) >> shift)], k);
      else far_[kept++] = k;
    }
    far_.resize(kept);
    front_end_ = base;
  }

  Level& push_level() {
    if (depth_ == levels_.size()) levels_.emplace_back();
    return levels_[depth_++];
  }

  std::vector<PendingKey> front_;     // the current page's keys in firing order; front_[head_, end) to fire
  std::size_t head_ = 0;
  std::vector<std::uint32_t> chunks_taken_;  // the chunks of the page being taken, in order
  SpreadSort spread_sort_;                   // sorts order_ (packed keys spread over a page's width)
  std::vector<std::uint64_t> order_;         // its sort keys (see scan)
  unsigned position_bits_ = 0;
  bool from_late_ = false;            // front() returned late_'s top
  FourAryHeap late_;                  // keys pushed below front_end_ after the page was sorted
  std::uint64_t front_end_ = 0;       // every key outside front_ and late_ has time >= front_end_
  std::vector<Level> levels_;
  bool rebuilding_ = false;           // the next top level is made by dissolve_top_level()
  std::size_t depth_ = 0;             // levels_[0, depth_) are in use
  std::vector<Chunk, HugePageAllocator<Chunk>> chunks_;
  std::uint32_t prefetch_chunk_ = kNil;  // the next page's chunk being fetched, and where in it
  std::size_t prefetch_offset_ = 0;
  std::vector<std::uint32_t> chunk_next_;  // by chunk: the next chunk of its page, or kNil
  std::vector<std::uint32_t> free_chunks_;
  std::vector<PendingKey> far_;
  std::size_t size_ = 0;
  LookaheadHint lookahead_;
};

}  // namespace slotrush
