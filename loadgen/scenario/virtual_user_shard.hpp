// VirtualUserShard: one thread's share of the scenario's virtual users (the people whose index is
// `index` modulo `count`), each device a small state machine over the thread's RequestSender:
// login, liveness photo per party member, slot list, book with a stable Idempotency-Key, confirm; or
// the lottery's entry in the window and, after the draw, the result and the confirmation. Client
// timeout, automatic retries (sim/domain RetryPolicy with backoff and jitter, RetryBudget,
// AdaptiveThrottle), 503 Retry-After, 429 waiting-room answers, think-time retries of the same step,
// giving up after the scenario's patience, and coming back on later days are the simulator's rules
// (docs/ARCHITECTURE.md, "Answers, retries and think time") on the scaled wall clock.
//
// Everything runs on the shard's executor; nothing blocks. Timers are one WakeQueue; a request in
// flight is one RequestSender callback. Create, start() and stop() it from its executor (post them).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "loadgen/request_sender.hpp"
#include "loadgen/scenario/population_plan.hpp"
#include "loadgen/scenario/scenario_counters.hpp"
#include "loadgen/scenario/scenario_requests.hpp"
#include "loadgen/scenario/virtual_user.hpp"
#include "loadgen/scenario/wake_queue.hpp"
#include "sim/domain/client_flow.hpp"
#include "sim/domain/retry_policy.hpp"

namespace slotrush::loadgen {

class VirtualUserShard {
 public:
  using Clock = std::chrono::steady_clock;

  // `plan` and `sender` must outlive the shard.
  VirtualUserShard(const PopulationPlan& plan, std::size_t index, std::size_t count,
                   const boost::asio::any_io_executor& executor, RequestSender& sender);
  VirtualUserShard(const VirtualUserShard&) = delete;
  VirtualUserShard& operator=(const VirtualUserShard&) = delete;

  // Plans the first day at `origin` (the run's wall start, shared by all shards) and runs until every
  // user is done, the plan's run end, or stop(); then `finished` is called once, on the executor,
  // after the last answer in flight came back. Call on the executor.
  void start(Clock::time_point origin, std::function<void()> finished);
  // Ends the run early: no new requests; finishes once the answers in flight are back.
  void stop();

  bool finished() const { return finished_; }
  // Valid once finished (or once the executor has stopped running).
  const ScenarioCounters& counters() const { return counters_; }
  std::size_t people() const { return persons_.size(); }
  std::size_t devices() const { return devices_.size(); }
  std::size_t in_flight() const { return in_flight_; }
  // Now, on the executor (a scan of the people, for the once-a-second metrics): people with a
  // device under way, and people holding a confirmed booking.
  struct LivePeople {
    std::uint64_t active = 0, booked = 0;  // people with a device under way; people booked
  };
  LivePeople live_people() const;  // kept as users change, so the per-second export is O(1)
  // Heap bytes of the user records and the pending wakes (capacity, not size).
  std::size_t memory_bytes() const;

 private:
  enum WakeKind : std::uint32_t { DayStart = 1, DeviceStart, Send, LostTimeout, ResultCheck, Background, BackgroundRetry, Deliver };

  std::uint32_t global_index(std::uint32_t person) const { return static_cast<std::uint32_t>(person * count_ + index_); }
  const PlannedPerson& planned(std::uint32_t person) const { return plan_.people()[global_index(person)]; }
  std::uint64_t registrant(std::uint32_t person) const { return plan_.registrant(global_index(person)); }
  std::int64_t wall_ns(Clock::time_point t) const { return (t - origin_).count(); }
  Clock::time_point wall_at(SimTime simulated) const { return origin_ + plan_.wall_of(simulated); }
  std::chrono::nanoseconds wall(SimTime duration) const { return plan_.wall_duration(duration); }
  SimTime sim_now() const { return plan_.simulated_of(Clock::now() - origin_); }
  int today() const { return static_cast<int>(sim_now() / kDay); }
  std::size_t row_index() const;  // of the series interval `now` falls in
  SeriesRow& row();
  // Attempts in flight (sent, lost included, and not yet answered or timed out) change by `delta`;
  // the series records the level at each interval's end.
  void change_in_flight(int delta);
  void end_flight(VirtualDevice& d);  // d's attempt in flight, if any, ended
  // An attempt that reached the server at `sent` ended at the phone now, as the simulator counts it:
  // the wall time since then in simulated units plus the network time `before` it (the way up).
  void record_latency(Clock::time_point sent, SimTime before, bool useful);
  void record_timeout();

  void on_wake(std::uint32_t target, std::uint32_t tag, Clock::time_point due);
  void on_day_start(int day);
  void begin_flow(std::uint32_t device, ClientFlow flow);
  void schedule_send(std::uint32_t device, Clock::time_point at);
  void send_now(std::uint32_t device, Clock::time_point intended);
  void on_result(std::uint32_t device, std::uint32_t seq, Clock::time_point sent, const HttpResult& result);
  // Records an ended attempt's latency by its answer (none for a waiting-room answer).
  void record_attempt_end(const StepAnswer& answer, Clock::time_point sent, SimTime before);
  // The answer reaches the phone now: its latency is recorded (`sent`: when the request reached the
  // server) and the phone acts on it.
  void deliver(std::uint32_t device, Clock::time_point sent, const StepAnswer& answer);
  void handle(std::uint32_t device, const StepAnswer& answer);
  void advance(std::uint32_t device, const StepAnswer& answer);
  void after_failure(std::uint32_t device, bool retryable, double retry_after_wall_s);
  void settle_booking(std::uint32_t person, int slots);
  void stop_device(std::uint32_t device);
  void send_background();
  void send_background_attempt(std::uint32_t slot);
  void on_background_result(RequestType type, std::uint32_t slot, Clock::time_point sent, const HttpResult& result);
  void note_useful();
  void check_finished();
  void finish();
  void collect_groups();

  template <class F>
  auto with_rng(VirtualDevice& d, F&& f) {
    RandomStream rng(d.rng);
    auto result = f(rng);
    d.rng = rng.state();
    return result;
  }

  const PopulationPlan& plan_;
  const Scenario& s_;
  std::size_t index_, count_;
  boost::asio::any_io_executor executor_;
  RequestSender& sender_;
  WakeQueue wakes_;
  boost::asio::steady_timer run_end_;
  ClientRules rules_;  // what a phone does after an answer: sim/domain, the simulator's own
  std::optional<RetryBudget> budget_;
  std::optional<AdaptiveThrottle> throttle_;
  std::vector<VirtualPerson> persons_;
  LivePeople live_;
  std::vector<VirtualDevice> devices_;
  ScenarioCounters counters_;
  Clock::time_point origin_{};
  std::function<void()> finished_callback_;
  // An answer on its way back to the phone, half the round trip after the server gave it.
  struct AnswerInTransit {
    std::uint32_t seq;        // the device's generation when it was answered
    Clock::time_point sent;   // when the request reached the server
    StepAnswer answer;
  };
  std::unordered_map<std::uint32_t, AnswerInTransit> answers_in_transit_;  // by device; one at most
  std::size_t in_flight_ = 0;           // requests handed to the sender whose callback is pending
  std::uint32_t attempts_in_flight_ = 0;  // the series' in_flight level
  std::int64_t series_base_ = 0;  // index of the run start's series interval since day 0
  bool started_ = false, stopping_ = false, finished_ = false, check_posted_ = false;
  // Background sessions (shard 0 only): one login, then one request per arrival.
  RandomStream background_rng_;
  SimTime background_due_ = 0;  // the simulated instant of the background arrival last scheduled
  std::string background_token_;
  bool background_login_in_flight_ = false;
  // One background request and its automatic retries (the simulator's background clients retry by
  // the same RetryPolicy): attempts so far and the last delay, in slots reused once it ends.
  struct BackgroundRequest {
    SimTime previous_delay = 0;
    std::uint16_t attempts = 0;
    bool retry = false;
  };
  std::vector<BackgroundRequest> background_requests_;
  std::vector<std::uint32_t> free_background_;
};

}  // namespace slotrush::loadgen
