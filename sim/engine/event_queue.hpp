// EventQueue: the pending-event set. Events fire in (time, scheduling order), so runs are
// deterministic. Cancellation is lazy: a cancelled event keeps its key with no action and is dropped
// when it reaches the front. Actions live in a slot pool; the ordering structure (PendingSet, see
// pending_set.hpp) moves only 24-byte keys. The kernel uses the radix heap; the 4-ary heap is kept
// as the reference the tests and benchmarks compare it with.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/event_action.hpp"
#include "sim/engine/pending_set.hpp"
#include "sim/engine/sim_time.hpp"

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
      slot = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
    }
    const std::uint64_t seq = ++last_seq_;
    nodes_[slot] = Node{action, seq};
    keys_.push(PendingKey{time, seq, slot});
    ++live_;
    return EventId{slot, seq};
  }

  // Returns true if the event was still pending and is now cancelled.
  bool cancel(EventId id) {
    if (!id || id.slot >= nodes_.size()) return false;
    Node& n = nodes_[id.slot];
    if (n.seq != id.seq || n.action.fire == nullptr) return false;
    n.action.fire = nullptr;
    --live_;
    return true;
  }

  bool is_pending(EventId id) const {
    return id && id.slot < nodes_.size() && nodes_[id.slot].seq == id.seq &&
           nodes_[id.slot].action.fire != nullptr;
  }

  // Live (not cancelled) events.
  std::size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  // Time of the earliest live event; call only when !empty().
  SimTime next_time() {
    drop_cancelled_top();
    return keys_.top().time;
  }

  // Removes and returns the earliest live event; call only when !empty().
  Fired pop() {
    drop_cancelled_top();
    const PendingKey top = keys_.top();
    Node& n = nodes_[top.slot];
    Fired fired{top.time, n.action};
    n.seq = 0;
    free_slots_.push_back(top.slot);
    keys_.pop();
    --live_;
    return fired;
  }

  // Pops the earliest live event into `out` if there is one due at or before `until`.
  bool pop_until(SimTime until, Fired& out) {
    if (live_ == 0) return false;
    drop_cancelled_top();
    const PendingKey top = keys_.top();
    if (top.time > until) return false;
    Node& n = nodes_[top.slot];
    out = Fired{top.time, n.action};
    n.seq = 0;
    free_slots_.push_back(top.slot);
    keys_.pop();
    --live_;
    return true;
  }

  // Bytes held by the queue's storage (capacity, not size), for the memory benchmark.
  std::size_t memory_bytes() const {
    return keys_.memory_bytes() + nodes_.capacity() * sizeof(Node) +
           free_slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  struct Node {
    EventAction action;
    std::uint64_t seq = 0;
  };

  void drop_cancelled_top() {
    while (nodes_[keys_.top().slot].action.fire == nullptr) {
      const std::uint32_t slot = keys_.top().slot;
      nodes_[slot].seq = 0;
      free_slots_.push_back(slot);
      keys_.pop();
    }
  }

  PendingSet keys_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t last_seq_ = 0;
  std::size_t live_ = 0;
};

using EventQueue = BasicEventQueue<RadixHeap>;
using HeapEventQueue = BasicEventQueue<FourAryHeap>;

}  // namespace slotrush
