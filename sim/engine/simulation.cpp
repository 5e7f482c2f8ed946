#include "sim/engine/simulation.hpp"

#include <cassert>
#include <cstdlib>
#include <new>
#include <stdexcept>
#include <vector>

namespace slotrush {

namespace {
// Per-thread free lists of coroutine frames by 64-byte size class (frames up to 4 KiB). Each
// Simulation runs on one thread, so no locking; replications on other threads have their own lists.
constexpr std::size_t kClassBytes = 64;
constexpr std::size_t kClasses = 64;
struct FramePool {
  std::vector<void*> free[kClasses];
  ~FramePool() {
    for (auto& list : free)
      for (void* p : list) ::operator delete(p);
  }
};
thread_local FramePool frame_pool;
std::size_t size_class(std::size_t size) { return (size + kClassBytes - 1) / kClassBytes; }
}  // namespace

void* Process::promise_type::operator new(std::size_t size) {
  const std::size_t c = size_class(size);
  if (c < kClasses && !frame_pool.free[c].empty()) {
    void* p = frame_pool.free[c].back();
    frame_pool.free[c].pop_back();
    return p;
  }
  return ::operator new(c < kClasses ? c * kClassBytes : size);
}

void Process::promise_type::operator delete(void* p, std::size_t size) noexcept {
  const std::size_t c = size_class(size);
  if (c < kClasses) {
    try {
      frame_pool.free[c].push_back(p);
      return;
    } catch (...) {
    }
  }
  ::operator delete(p);
}

void Process::promise_type::FinalAwaiter::await_suspend(
    std::coroutine_handle<promise_type> h) noexcept {
  promise_type& p = h.promise();
  if (p.sim != nullptr) p.sim->process_finished(p);
  h.destroy();
}

void Process::promise_type::unhandled_exception() noexcept {
  if (sim != nullptr) sim->process_failed(std::current_exception());
}

Simulation::~Simulation() {
  while (live_head_ != nullptr) {
    Process::promise_type* p = live_head_;
    live_head_ = p->next;
    p->sim = nullptr;
    std::coroutine_handle<Process::promise_type>::from_promise(*p).destroy();
  }
}

void Simulation::throw_negative_delay() {
  throw std::invalid_argument("Simulation::schedule: negative delay");
}

void Simulation::throw_past_time() {
  throw std::invalid_argument("Simulation::schedule_at: time is in the past");
}

void Simulation::spawn(Process process) {
  auto h = process.release();
  if (!h) throw std::invalid_argument("Simulation::spawn: empty process");
  Process::promise_type& p = h.promise();
  p.sim = this;
  p.prev = nullptr;
  p.next = live_head_;
  if (live_head_ != nullptr) live_head_->prev = &p;
  live_head_ = &p;
  ++live_processes_;
  if (!model_hint_ && !frame_hint_ && live_processes_ > kFrameHintProcesses) {
    frame_hint_ = true;
    events_.set_lookahead(LookaheadHint{&prefetch_frame, nullptr});
  }
  events_.push(now_, EventAction::resume(h));
}

void Simulation::prefetch_frame(void*, const EventAction& upcoming) {
  if (!upcoming.resumes_coroutine()) return;
  __builtin_prefetch(upcoming.target, 1);
  __builtin_prefetch(static_cast<const char*>(upcoming.target) + 64, 1);
}

void Simulation::process_finished(Process::promise_type& p) {
  if (p.prev != nullptr) p.prev->next = p.next;
  else live_head_ = p.next;
  if (p.next != nullptr) p.next->prev = p.prev;
  --live_processes_;
}

void Simulation::process_failed(std::exception_ptr e) {
  if (!failure_) failure_ = e;
  stopped_ = true;
}

void Simulation::run() { run_until(kSimTimeMax); }

void Simulation::run_until(SimTime until) {
  stopped_ = false;
  EventQueue::Fired e;
  while (!stopped_ && events_.pop_until(until, e)) {
    now_ = e.time;
    ++fired_;
    e.action();
  }
  if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
  if (!stopped_ && until != kSimTimeMax && now_ < until) now_ = until;
}

}  // namespace slotrush
