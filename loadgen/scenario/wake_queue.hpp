// WakeQueue: the timers of one thread's virtual users: a binary min-heap of (due time, target, tag)
// behind a single asio steady_timer, so a sleeping user costs one 16-byte entry and no handler
// allocation, and a hundred thousand of them cost one timer. Fire is called on the executor for each
// entry once its time has come, in due-time order. Not thread-safe: use it on its executor only.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

namespace slotrush::loadgen {

class WakeQueue {
 public:
  using Clock = std::chrono::steady_clock;
  using Fire = std::function<void(std::uint32_t target, std::uint32_t tag, Clock::time_point due)>;

  WakeQueue(const boost::asio::any_io_executor& executor, Fire fire);

  // Fires (target, tag) at `due` (at once, on the next turn of the executor, if it is past).
  void at(Clock::time_point due, std::uint32_t target, std::uint32_t tag);
  // Drops every pending entry and stops the timer.
  void clear();
  std::size_t size() const { return heap_.size(); }
  std::size_t capacity_bytes() const { return heap_.capacity() * sizeof(Entry); }

 private:
  struct Entry {
    std::int64_t due_ns;  // steady clock, since its epoch
    std::uint32_t target;
    std::uint32_t tag;
  };
  static_assert(sizeof(Entry) == 16);
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const { return a.due_ns > b.due_ns; }
  };

  void arm();
  void on_timer(std::uint64_t generation);

  boost::asio::steady_timer timer_;
  Fire fire_;
  std::vector<Entry> heap_;
  std::int64_t armed_for_ = INT64_MAX;  // the due time the timer waits for; INT64_MAX: idle
  std::uint64_t generation_ = 0;        // a newer wait makes older completions stale
  bool firing_ = false;
};

}  // namespace slotrush::loadgen
