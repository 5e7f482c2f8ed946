// RunTally: what one replication of the appointment model counts while it runs (attempts and how
// they ended, server busy time, latencies, bookings) and how those become the Results schema: one
// series row per interval and the request-level KPIs. The world reports to it; it knows no people.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/results/attempt_latencies.hpp"
#include "sim/results/run_result.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// The counters of the series interval being filled.
struct IntervalCounters {
  SeriesRow row;
  std::uint32_t server_timeouts = 0;  // timeouts of attempts the server had (not network losses)
  AttemptLatencies latency;           // once per attempt that ended, merged per interval
  bool touched = false;               // anything happened (an idle interval writes no row)
};

// The world's state at the end of an interval, which the series records beside the counts.
struct IntervalState {
  std::uint32_t queue_depth = 0;  // requests queued at every tier
  std::uint32_t waiting_room = 0;
  std::int64_t slots_left = 0;
};

struct RunTally {
  // Whole-run counts, incremented by the world as things happen.
  std::uint64_t attempts = 0, retries = 0, offered = 0, useful = 0, timeouts = 0, rejected = 0, throttled = 0;
  std::int64_t in_flight = 0;
  SimTime busy_ns = 0, wasted_ns = 0;  // server time spent, and spent for clients that had gone
  long booked_slots = 0;
  std::vector<double> sold_out_seconds;  // per day that sold out: seconds from release
  std::vector<double> win_probability;   // per lottery draw: an entrant's chance outside the reserve
  IntervalCounters interval;

  void mark() { interval.touched = true; }

  // Closes the interval of width `width` that ends at `end`: writes its row unless nothing happened
  // and nothing is pending, counts frozen and active time, and starts the next interval.
  void close_interval(SimTime end, SimTime width, const IntervalState& state);
  SimTime last_closed() const { return last_closed_; }

  // The series and the request-level KPIs (slots, request rates, goodput, latency, freeze, wasted
  // work, sold-out time, lottery odds) into r; the caller adds those about people.
  void finish(RunResult& r, SimTime width, double slots_offered);

 private:
  AttemptLatencies latency_;
  std::vector<SeriesRow> series_;
  std::int64_t last_slots_left_ = 0;
  SimTime last_closed_ = 0;
  double freeze_seconds_ = 0, active_seconds_ = 0, peak_goodput_ = 0;
};

}  // namespace slotrush
