// CapacityEmulator: the scenario's service model (server.tiers, server.requests, capacity_events)
// in wall-clock time. A request takes one of its tier's c workers for a service time drawn from its
// request type's distribution, waiting with asynchronous timers (never a thread sleep): in FIFO or
// LIFO order, refused at once when queue_limit requests already wait, dropped when it has waited
// longer than server_timeout. Simulated durations pass as simulated / time scale, so the server
// freezes the way the simulator's ServiceStation does. A zero service time holds no timer at all.
// Given the request's ClientPresence, a request that has to wait asks it to watch the client: work
// finished for a client that had gone is counted as abandoned, and a tier with drop_abandoned drops
// a queued request as soon as its client goes, without serving it.
// Thread-safe: each tier's state sits behind its own mutex, held only for bookkeeping.
#pragma once
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include "mock/client_presence.hpp"
#include "sim/time/scaled_clock.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::mock {

enum class ServiceOutcome {
  Served,
  QueueFull,   // queue_limit reached: refused at once
  TimedOut,    // waited longer than server_timeout: dropped
  ClientGone,  // drop_abandoned: its client went while it waited; dropped unserved
};

struct ServiceResult {
  ServiceOutcome outcome;
  std::chrono::nanoseconds queue_wait{0};  // wall time spent waiting for a worker
};

// One tier's state at a moment (for metrics and tests).
struct TierLoad {
  std::string name;
  int workers = 0;   // now, after capacity events
  int busy = 0;
  std::size_t queued = 0;
  std::uint64_t served = 0;
  std::uint64_t queue_full = 0;  // refused: queue_limit reached
  std::uint64_t timed_out = 0;   // dropped: waited longer than server_timeout
  std::uint64_t dropped_client_gone = 0;   // dropped unserved: the client went while it waited
  std::uint64_t abandoned_queued = 0;      // finished (served or dropped); client gone while it waited
  std::uint64_t abandoned_in_service = 0;  // served; the client went during its service
  std::chrono::nanoseconds work{0};            // wall service time completed, every request
  std::chrono::nanoseconds abandoned_work{0};  // of which for clients that had gone by its end
};

class CapacityEmulator {
 public:
  // `rng` seeds one service-time stream per tier. The clock must outlive the emulator.
  CapacityEmulator(const ServerSpec& server, const ScaledClock& clock, const RandomStream& rng);

  // Holds a worker of the request type's tier for one sampled service time (run on the calling
  // coroutine's executor). Returns at once with QueueFull when the queue is full. `client` (may be
  // null) is the request's connection as its session sees it; it must be touched only on the
  // calling coroutine's executor and outlive the call.
  boost::asio::awaitable<ServiceResult> serve(RequestType type, ClientPresence* client = nullptr);

  std::vector<TierLoad> loads() const;
  // Lets go of the waiters still queued, once the threads serving them have stopped: their timers
  // must go before the io_context that owns the timer service (MockServer's destructor).
  void release_waiters();
  std::size_t tier_of(RequestType type) const { return tier_of_[static_cast<std::size_t>(type)]; }
  const std::string& tier_name(RequestType type) const { return tiers_[tier_of(type)]->spec.name; }

 private:
  struct Waiter {
    explicit Waiter(const boost::asio::any_io_executor& ex) : timer(ex) {}
    boost::asio::steady_timer timer;  // waits for a worker; cancelled (on its executor) to grant one
    bool granted = false;             // guarded by the tier's mutex
    bool abandoned = false;           // timed out; skipped when its turn comes
  };
  struct Tier {
    Tier(TierSpec s, RandomStream r) : spec(std::move(s)), rng(r) {}
    TierSpec spec;
    RandomStream rng;
    mutable std::mutex mutex;
    int busy = 0;
    std::size_t queued = 0;  // live waiters in `queue`
    std::deque<std::shared_ptr<Waiter>> queue;
    std::uint64_t served = 0, queue_full = 0, timed_out = 0;
    std::uint64_t dropped_client_gone = 0, abandoned_queued = 0, abandoned_in_service = 0;
    std::chrono::nanoseconds work{0}, abandoned_work{0};
  };

  int capacity(const Tier& tier, SimTime now) const;
  // Grants free workers to waiters in queue order; the caller holds tier.mutex. Runs on every
  // arrival that queues and every completion (so the end of a capacity event takes effect then).
  void dispatch(Tier& tier, SimTime now);
  // A served request's end: frees its worker and counts its work (abandoned: the client had gone).
  void finish(Tier& tier, std::chrono::nanoseconds work, bool abandoned, bool gone_while_queued);

  const ScaledClock& clock_;
  std::vector<CapacityEvent> events_;
  std::array<Distribution, kRequestTypeCount> service_;
  std::array<std::size_t, kRequestTypeCount> tier_of_{};
  std::vector<std::unique_ptr<Tier>> tiers_;
};

}  // namespace slotrush::mock
