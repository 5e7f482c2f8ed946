// EventQueue: the pending-event set. Events fire in (time, scheduling order), so runs are
// deterministic. The ordering structure (PendingSet, see pending_set.hpp and ladder_queue.hpp) holds
// whole events, actions included. Each pending event also owns a slot holding its seq, which is all
// cancellation and EventId staleness need: cancelling marks the slot and the event is dropped lazily
// when it reaches the front; while nothing is cancelled, popping never reads the slot.
// The kernel uses the ladder queue; the radix and 4-ary heaps are kept as the references the tests
// and benchmarks compare it with.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/adaptive_pending_set.hpp"
#include "sim/engine/event_action.hpp"
#include "sim/engine/ladder_queue.hpp"
#include "sim/engine/paged_calendar.hpp"
#include "sim/engine/pending_set.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/memory/huge_page_allocator.hpp"

namespace slotrush {

// Names one scheduled event so it can be cancelled. A default EventId names nothing.
struct EventId {
  std::uint32_t slot = 0;
  std::uint64_t seq = 0;  // 0: no event (real events start at 1)
  explicit operator bool() const { return seq != 0; }
};

template <class PendingSet>
class BasicEventQueue {
 public:
  struct Fired {
    SimTime time = 0;
    EventAction action;
  };

  EventId push(SimTime time, EventAction action) {
    std::uint32_t slot;
    if (!free_slots_.empty()) {
      slot = free_slots_.back();
      free_slots_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    const std::uint64_t seq = ++last_seq_;
    slots_[slot] = seq;
    keys_.push(PendingKey{time, seq, action, slot});
    ++live_;
    return EventId{slot, seq};
  }

  // Returns true if the event was still pending and is now cancelled.
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    slots_[id.slot] = id.seq | kCancelled;
    ++cancelled_;
    --live_;
    return true;
  }

  bool is_pending(EventId id) const { return id && id.slot < slots_.size() && slots_[id.slot] == id.seq; }

  // Live (not cancelled) events.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  // Time of the earliest live event; call only when !empty().
  SimTime next_time() {
    return with_keys([this](auto& keys) { return live_top(keys).time; });
  }

  // Removes and returns the earliest live event; call only when !empty().
  Fired pop() {
    return with_keys([this](auto& keys) {
      const PendingKey top = live_top(keys);
      release(keys, top.slot);
      return Fired{top.time, top.action};
    });
  }

  // Pops the earliest live event into `out` if there is one due at or before `until`.
  bool pop_until(SimTime until, Fired& out) {
    if (live_ == 0) return false;
    return with_keys([&](auto& keys) {
      const PendingKey top = live_top(keys);
      if (top.time > until) return false;
      release(keys, top.slot);
      out = Fired{top.time, top.action};
      return true;
    });
  }

  // Passes the hint to the pending set if it gives one (the ladder queue does); else ignored.
  void set_lookahead(LookaheadHint hint) {
    if constexpr (requires { keys_.set_lookahead(hint); }) keys_.set_lookahead(hint);
  }

  // Bytes held by the queue's storage (capacity, not size), for the memory benchmark.
  std::size_t memory_bytes() const {
    return keys_.memory_bytes() + slots_.capacity() * sizeof(std::uint64_t) +
           free_slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  static constexpr std::uint64_t kCancelled = std::uint64_t{1} << 63;

  // Calls f with the structure holding the keys: a set that is one of several (AdaptivePendingSet)
  // is asked once per pop which one, so the pop itself runs on the concrete structure.
  template <class F>
  decltype(auto) with_keys(F&& f) {
    if constexpr (requires { keys_.visit(f); }) return keys_.visit(f);
    else return f(keys_);
  }

  template <class Keys>
  PendingKey live_top(Keys& keys) {
    PendingKey top = keys.top();
    if (cancelled_ == 0) [[likely]] return top;
    while (slots_[top.slot] != top.seq) {  // cancelled: drop it
      slots_[top.slot] = 0;
      free_slots_.push_back(top.slot);
      keys.pop();
      --cancelled_;
      top = keys.top();
    }
    return top;
  }

  // Pops the front key (a live event being fired) and frees its slot.
  template <class Keys>
  void release(Keys& keys, std::uint32_t slot) {
    if constexpr (requires { keys.slot_after_top(); }) {
      // The next event's slot word is written when it fires; with many pending events it is cold.
      const std::uint32_t next = keys.slot_after_top();
      if (next < slots_.size()) __builtin_prefetch(&slots_[next], 1);
    }
    slots_[slot] = 0;
    free_slots_.push_back(slot);
    if constexpr (requires { keys.pop_top(); }) keys.pop_top();  // live_top() was just called
    else keys.pop();
    --live_;
  }

  PendingSet keys_;
  // Per slot: the seq of the event holding it, with the kCancelled bit; 0 when free.
  std::vector<std::uint64_t, HugePageAllocator<std::uint64_t>> slots_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t last_seq_ = 0;
  std::size_t live_ = 0;
  std::size_t cancelled_ = 0;  // cancelled events still in keys_
};

using EventQueue = BasicEventQueue<AdaptivePendingSet>;
using LadderEventQueue = BasicEventQueue<LadderQueue>;
using PagedEventQueue = BasicEventQueue<PagedCalendar>;
using RadixEventQueue = BasicEventQueue<RadixHeap>;
using HeapEventQueue = BasicEventQueue<FourAryHeap>;

}  // namespace slotrush
