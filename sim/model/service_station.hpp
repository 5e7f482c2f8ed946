// ServiceStation: c identical workers in front of one queue (FIFO or LIFO, optionally bounded):
// the G/G/c/K building block that turns demand into waiting, blocking and, under overload, the freeze.
// It samples each job's service time on arrival (so common random numbers give the same customer the
// same work under any policy) and keeps its own time-weighted and per-job statistics.
#pragma once
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "sim/engine/simulation.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/stats/tally.hpp"
#include "sim/stats/time_weighted.hpp"

namespace slotrush {

enum class QueueDiscipline { Fifo, Lifo };

struct StationConfig {
  int workers = 1;
  QueueDiscipline discipline = QueueDiscipline::Fifo;
  // Jobs allowed to wait (not counting those in service); nullopt means unbounded. A job that
  // arrives to a full queue is rejected. M/M/c/K has queue_limit = K - c.
  std::optional<std::size_t> queue_limit;
  // Server-side timeout: a job that has waited longer than this when a worker frees up is dropped
  // without being served (0 = never).
  SimTime max_queue_wait = 0;
};

// What happened to one job: times are SimTime ticks. `rejected` jobs found the queue full and
// `dropped` ones were discarded unserved at dequeue; for both, started == finished.
struct JobRecord {
  std::uint64_t tag = 0;
  SimTime arrived = 0;
  SimTime started = 0;
  SimTime finished = 0;
  bool rejected = false;
  bool dropped = false;
  SimTime wait() const { return started - arrived; }
  SimTime sojourn() const { return finished - arrived; }
};

// Called once per job when it completes or is rejected. Plain pointer + context: no allocation.
// `still_wanted`, if set, is asked when a queued job reaches a worker: false drops it unserved (a
// server that can tell its client has gone skips the work).
struct JobCallback {
  void (*fn)(void* ctx, const JobRecord& job) = nullptr;
  void* ctx = nullptr;
  bool (*still_wanted)(void* ctx, std::uint64_t tag) = nullptr;
  void operator()(const JobRecord& job) const {
    if (fn != nullptr) fn(ctx, job);
  }
};

// Statistics the station keeps; reset by reset_statistics() (warm-up deletion).
struct StationStatistics {
  TimeWeighted in_system;   // jobs waiting or in service
  TimeWeighted in_queue;    // jobs waiting
  TimeWeighted busy;        // busy workers
  Tally wait_seconds;       // per served job, measured at service start
  Tally sojourn_seconds;    // per completed job
  std::uint64_t arrivals = 0;
  std::uint64_t rejected = 0;
  std::uint64_t waited = 0;     // jobs that found every worker busy and queued
  std::uint64_t completed = 0;
  std::uint64_t dropped = 0;    // discarded at dequeue (server timeout or client gone)
  SimTime sojourn_ticks = 0;    // exact sum of completed jobs' sojourns, for Little's law
};

class ServiceStation {
 public:
  ServiceStation(Simulation& sim, StationConfig config, Distribution service_seconds,
                 RandomStream service_stream);
  ServiceStation(const ServiceStation&) = delete;
  ServiceStation& operator=(const ServiceStation&) = delete;

  // Offers a job whose service time is drawn from the station's distribution. Returns false if the
  // queue was full (the callback has then already been called with rejected = true).
  bool submit(std::uint64_t tag, JobCallback done);
  // Offers a job with a given service time (e.g. per request type).
  bool submit_with_service(std::uint64_t tag, SimTime service, JobCallback done);
  // The cheap path of an overloaded station: if a job offered now would find the queue full, counts
  // it as an arrival rejected and returns true without calling back (the caller answers it), so a
  // caller need not draw a service time for a job that will not be served.
  bool reject_if_full() {
    if (!would_reject()) return false;
    ++stats_.arrivals;
    ++stats_.rejected;
    return true;
  }

  // Awaitable form for processes: `JobRecord r = co_await station.serve();`. The awaiting process
  // must stay suspended until the job completes or is rejected.
  struct ServeAwaiter {
    ServiceStation& station;
    std::uint64_t tag;
    JobRecord record{};
    std::coroutine_handle<> waiter{};
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h);
    JobRecord await_resume() const noexcept { return record; }
  };
  ServeAwaiter serve(std::uint64_t tag = 0) { return ServeAwaiter{*this, tag}; }

  const StationConfig& config() const { return config_; }
  // Changes how many workers may be busy (a capacity drop or restore). Jobs in service finish;
  // queued jobs start as capacity allows.
  void set_capacity(int workers);
  int capacity() const { return capacity_; }
  int busy_workers() const { return busy_; }
  std::size_t queue_length() const { return queue_.size(); }
  const StationStatistics& statistics() const { return stats_; }
  void reset_statistics();

 private:
  struct Job {
    std::uint64_t tag;
    SimTime arrived;
    SimTime service;
    JobCallback done;
  };
  struct InService {
    Job job;
    SimTime started;
  };

  // A job offered now finds no free worker and a full queue: the one admission rule.
  bool would_reject() const {
    return !(busy_ < capacity_ && queue_.empty()) && config_.queue_limit && queue_.size() >= *config_.queue_limit;
  }
  void start(Job job);
  void start_queued();
  bool pop_next(Job& next);
  void on_complete(std::uint64_t worker);
  void record_levels();

  Simulation& sim_;
  StationConfig config_;
  Distribution service_;
  RandomStream stream_;
  std::deque<Job> queue_;
  std::vector<InService> workers_;
  std::vector<std::uint32_t> idle_workers_;
  int busy_ = 0;
  int capacity_ = 0;
  StationStatistics stats_;
};

}  // namespace slotrush
