// EventQueue: the pending-event set, a 4-ary min-heap keyed on (time, sequence number).
// The sequence number makes same-time events fire in the order they were scheduled, so runs are
// deterministic. Cancellation is lazy: a cancelled event stays in the heap with no action and is
// dropped when it reaches the top. Actions live in a slot pool; the heap moves only 24-byte keys.
#pragma once
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "sim/engine/event_action.hpp"
#include "sim/engine/sim_time.hpp"

namespace slotrush {

// Names one scheduled event so it can be cancelled. A default EventId names nothing.
struct EventId {
  std::uint32_t slot = 0;
  std::uint64_t seq = 0;  // 0: no event (real events start at 1)
  explicit operator bool() const { return seq != 0; }
};

class EventQueue {
 public:
  struct Fired {
    SimTime time;
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
    heap_.push_back(Entry{time, seq, slot});
    sift_up(heap_.size() - 1);
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
    return heap_.front().time;
  }

  // Removes and returns the earliest live event; call only when !empty().
  Fired pop() {
    drop_cancelled_top();
    const Entry top = heap_.front();
    Node& n = nodes_[top.slot];
    Fired fired{top.time, n.action};
    n.seq = 0;
    free_slots_.push_back(top.slot);
    remove_top();
    --live_;
    return fired;
  }

  // Bytes held by the queue's storage (capacity, not size), for the memory benchmark.
  std::size_t memory_bytes() const {
    return heap_.capacity() * sizeof(Entry) + nodes_.capacity() * sizeof(Node) +
           free_slots_.capacity() * sizeof(std::uint32_t);
  }

 private:
  struct Entry {
    SimTime time;
    std::uint64_t seq;
    std::uint32_t slot;
  };
  struct Node {
    EventAction action;
    std::uint64_t seq = 0;
  };
  static constexpr std::size_t kArity = 4;

  static bool before(const Entry& a, const Entry& b) {
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
  }

  void drop_cancelled_top() {
    while (nodes_[heap_.front().slot].action.fire == nullptr) {
      const std::uint32_t slot = heap_.front().slot;
      nodes_[slot].seq = 0;
      free_slots_.push_back(slot);
      remove_top();
    }
  }

  void remove_top() {
    const Entry last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    // Sift the last entry down from the root, moving the hole instead of swapping.
    std::size_t hole = 0;
    const std::size_t n = heap_.size();
    for (;;) {
      const std::size_t first = hole * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t end = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < end; ++c)
        if (before(heap_[c], heap_[best])) best = c;
      if (!before(heap_[best], last)) break;
      heap_[hole] = heap_[best];
      hole = best;
    }
    heap_[hole] = last;
  }

  void sift_up(std::size_t i) {
    const Entry e = heap_[i];
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  std::vector<Entry> heap_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> free_slots_;
  std::uint64_t last_seq_ = 0;
  std::size_t live_ = 0;
};

}  // namespace slotrush
