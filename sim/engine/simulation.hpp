// Simulation: the discrete-event kernel. It owns the virtual clock and the pending-event set,
// fires events in (time, scheduling order), and hosts coroutine processes (see process.hpp).
// It knows nothing of appointments, queues or statistics: models are built on top of it.
#pragma once
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>

#include "sim/engine/event_action.hpp"
#include "sim/engine/event_queue.hpp"
#include "sim/engine/process.hpp"
#include "sim/engine/sim_time.hpp"

namespace slotrush {

class Simulation {
 public:
  Simulation() = default;
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;
  ~Simulation();  // destroys processes still suspended

  SimTime now() const { return now_; }

  // Schedules `action` to fire `delay` ticks from now (delay >= 0).
  EventId schedule(SimTime delay, EventAction action) {
    if (delay < 0) throw_negative_delay();
    return events_.push(now_ + delay, action);
  }
  // Schedules `action` at absolute time `at` (at >= now()).
  EventId schedule_at(SimTime at, EventAction action) {
    if (at < now_) throw_past_time();
    return events_.push(at, action);
  }
  // Cancels a pending event; false if it already fired or was cancelled.
  bool cancel(EventId id) { return events_.cancel(id); }
  bool is_pending(EventId id) const { return events_.is_pending(id); }

  // Starts a process: its body begins running at now(), after events already due now.
  void spawn(Process process);

  // Runs until no event is left or stop() is called. Rethrows an exception escaping a process.
  void run();
  // Runs every event with time <= until, then sets the clock to `until` (if it was not stopped).
  void run_until(SimTime until);
  // Makes run()/run_until() return after the current event.
  void stop() { stopped_ = true; }

  // Lets a model prefetch the state of events about to fire (see LookaheadHint); a hint only,
  // results do not depend on it. The default is none.
  // With many processes and no hint of the model's, the kernel sets its own: it prefetches the frames
  // of the coroutines about to resume (10,000 frames of a process-style model outgrow the L2 cache;
  // a few frames stay cached, and the hint would cost more than it saves).
  void set_lookahead(LookaheadHint hint) {
    model_hint_ = true;
    events_.set_lookahead(hint);
  }

  std::size_t pending_events() const { return events_.size(); }
  std::uint64_t fired_events() const { return fired_; }
  std::size_t live_processes() const { return live_processes_; }
  std::size_t event_queue_bytes() const { return events_.memory_bytes(); }

  // Awaitables for process bodies: `co_await sim.delay(5 * kSecond);`, `co_await sim.until(t);`.
  struct DelayAwaiter {
    Simulation& sim;
    SimTime at;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { sim.schedule_at(at, EventAction::resume(h)); }
    void await_resume() const noexcept {}
  };
  DelayAwaiter delay(SimTime d) { return DelayAwaiter{*this, now_ + (d > 0 ? d : 0)}; }
  DelayAwaiter until(SimTime t) { return DelayAwaiter{*this, t > now_ ? t : now_}; }

 private:
  friend struct Process::promise_type;
  void process_finished(Process::promise_type& p);
  void process_failed(std::exception_ptr e);
  static void prefetch_frame(void* ctx, const EventAction& upcoming);
  [[noreturn]] static void throw_negative_delay();
  [[noreturn]] static void throw_past_time();

  EventQueue events_;
  SimTime now_ = 0;
  std::uint64_t fired_ = 0;
  bool stopped_ = false;
  std::exception_ptr failure_;
  Process::promise_type* live_head_ = nullptr;  // intrusive list of suspended processes
  std::size_t live_processes_ = 0;
  static constexpr std::size_t kFrameHintProcesses = 2048;
  bool model_hint_ = false;     // the model set a lookahead hint (set_lookahead)
  bool frame_hint_ = false;     // the kernel set its frame-prefetching hint
};

}  // namespace slotrush
