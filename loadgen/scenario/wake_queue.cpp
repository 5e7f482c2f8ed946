#include "loadgen/scenario/wake_queue.hpp"

#include <algorithm>
#include <utility>

namespace slotrush::loadgen {
namespace {
std::int64_t ns_of(WakeQueue::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}
}  // namespace

WakeQueue::WakeQueue(const boost::asio::any_io_executor& executor, Fire fire)
    : timer_(executor), fire_(std::move(fire)) {}

void WakeQueue::at(Clock::time_point due, std::uint32_t target, std::uint32_t tag) {
  heap_.push_back({ns_of(due), target, tag});
  std::push_heap(heap_.begin(), heap_.end(), Later{});
  if (!firing_ && heap_.front().due_ns < armed_for_) arm();
}

void WakeQueue::clear() {
  heap_.clear();
  heap_.shrink_to_fit();
  armed_for_ = INT64_MAX;
  ++generation_;
  timer_.cancel();
}

void WakeQueue::arm() {
  if (heap_.empty()) {
    armed_for_ = INT64_MAX;
    return;
  }
  armed_for_ = heap_.front().due_ns;
  const std::uint64_t generation = ++generation_;
  timer_.expires_at(Clock::time_point(std::chrono::nanoseconds(armed_for_)));  // cancels an older wait
  timer_.async_wait([this, generation](const boost::system::error_code& ec) {
    if (!ec) on_timer(generation);
  });
}

void WakeQueue::on_timer(std::uint64_t generation) {
  if (generation != generation_) return;  // a newer wait is pending
  armed_for_ = INT64_MAX;
  firing_ = true;
  const std::int64_t now = ns_of(Clock::now());
  while (!heap_.empty() && heap_.front().due_ns <= now) {
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    const Entry e = heap_.back();
    heap_.pop_back();
    fire_(e.target, e.tag, Clock::time_point(std::chrono::nanoseconds(e.due_ns)));
  }
  firing_ = false;
  arm();
}

}  // namespace slotrush::loadgen
