// EventQueue: the pending-event set. Events fire in (time, scheduling order), so runs are
// deterministic. The ordering structure (PendingSet, see pending_set.hpp and ladder_queue.hpp) holds
// whole events, actions included, and nothing else is kept per event. Because events fire in
// increasing (time, seq), an EventId (its event's time and seq) is stale once it is not after the
// last event fired; cancelling records the event in a small table, and the event is dropped when it
// reaches the front. While nothing waits to be dropped, a pop reads nothing but the pending set.
// Requires: no push earlier than the last event popped (Simulation refuses times in the past).
// The kernel uses the adaptive set (ladder, then paged calendar); the radix and 4-ary heaps are kept
// as the references the tests and benchmarks compare it with.
#pragma once
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "sim/engine/adaptive_pending_set.hpp"
#include "sim/engine/event_action.hpp"
#include "sim/engine/ladder_queue.hpp"
#include "sim/engine/paged_calendar.hpp"
#include "sim/engine/pending_set.hpp"
#include "sim/engine/sim_time.hpp"

namespace slotrush {

// Names one scheduled event so it can be cancelled. A default EventId names nothing.
struct EventId {
  SimTime time = 0;
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
    assert(time >= last_time_);
    const std::uint64_t seq = ++last_seq_;
    keys_.push(PendingKey{time, seq, action});
    ++live_;
    return EventId{time, seq};
  }

  // Returns true if the event was still pending and is now cancelled.
  bool cancel(EventId id) {
    if (!is_pending(id)) return false;
    if (cancelled_.size() >= prune_at_) prune();
    cancelled_.emplace(id.seq, id.time);
    ++to_drop_;
    --live_;
    return true;
  }

  bool is_pending(EventId id) const {
    return id && id.seq <= last_seq_ && !fired(id.time, id.seq) && !cancelled_.contains(id.seq);
  }

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
      release(keys, top);
      return Fired{top.time, top.action};
    });
  }

  // Pops the earliest live event into `out` if there is one due at or before `until`.
  bool pop_until(SimTime until, Fired& out) {
    if (live_ == 0) return false;
    return with_keys([&](auto& keys) {
      const PendingKey top = live_top(keys);
      if (top.time > until) return false;
      release(keys, top);
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
    return keys_.memory_bytes() + cancelled_.bucket_count() * sizeof(void*) + cancelled_.size() * 32;
  }

 private:
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
    if (to_drop_ == 0) [[likely]] return top;
    while (to_drop_ != 0 && cancelled_.contains(top.seq)) {  // cancelled: drop it (its entry stays until past)
      keys.pop();
      --to_drop_;
      top = keys.top();
    }
    return top;
  }

  bool fired(SimTime time, std::uint64_t seq) const {
    return time < last_time_ || (time == last_time_ && seq <= last_fired_seq_);
  }
  // Forgets the cancelled events that are past (dropped, and before the last event fired): an entry
  // is kept until then, as a dropped event's time may be ahead of the clock (run_until peeked at it).
  void prune() {
    std::erase_if(cancelled_, [this](const auto& entry) { return fired(entry.second, entry.first); });
    prune_at_ = std::max<std::size_t>(64, 2 * cancelled_.size());
  }

  // Pops the front key (a live event being fired): it is the last fired from now on.
  template <class Keys>
  void release(Keys& keys, const PendingKey& top) {
    last_time_ = top.time;
    last_fired_seq_ = top.seq;
    if constexpr (requires { keys.pop_top(); }) keys.pop_top();  // live_top() was just called
    else keys.pop();
    --live_;
  }

  PendingSet keys_;
  std::unordered_map<std::uint64_t, SimTime> cancelled_;  // seq -> time of cancelled events not yet past
  std::size_t to_drop_ = 0;                                // cancelled events still in keys_
  std::size_t prune_at_ = 64;
  std::uint64_t last_seq_ = 0;
  SimTime last_time_ = -1;            // the last fired event's time and seq
  std::uint64_t last_fired_seq_ = 0;
  std::size_t live_ = 0;
};

using EventQueue = BasicEventQueue<AdaptivePendingSet>;
using LadderEventQueue = BasicEventQueue<LadderQueue>;
using PagedEventQueue = BasicEventQueue<PagedCalendar>;
using RadixEventQueue = BasicEventQueue<RadixHeap>;
using HeapEventQueue = BasicEventQueue<FourAryHeap>;

}  // namespace slotrush
