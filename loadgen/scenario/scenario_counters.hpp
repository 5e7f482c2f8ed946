// ScenarioCounters: what one thread's virtual users did, in the simulator's terms (people trying,
// booked, abandoned; attempts, useful answers, retries, timeouts; slots booked; time until sold out as
// the clients saw it; outcomes by party size and device class; a client-side time series). Kept per
// thread without locks and merged at the end; fill_run_result turns them into the Results schema's
// KPIs (sim/results/run_result.hpp) so a measured run compares field by field with `slotrush sim`.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "loadgen/scenario/series_latencies.hpp"
#include "sim/results/attempt_latencies.hpp"
#include "sim/results/run_result.hpp"
#include "sim/stats/latency_histogram.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::loadgen {

struct ScenarioCounters {
  // People (registrants) and their devices.
  std::uint64_t people_planned = 0;    // in the plan
  std::uint64_t people_started = 0;    // tried at least once ("users started")
  std::uint64_t people_booked = 0;     // ended with a confirmed booking
  std::uint64_t people_abandoned = 0;  // not booked: their last flow ran out of patience, or they left
  std::uint64_t people_left = 0;       // of those: stopped for good after leave_after_days
  std::uint64_t people_active_at_end = 0;  // a device still under way when the run ended
  // Not booked, not under way, not abandoned: done for the day ("no slots", a lost draw, an entry
  // waiting for the draw), to come back on a later day.
  std::uint64_t people_waiting_at_end = 0;
  std::uint64_t devices_started = 0;   // device flows begun (a device counts once per day)
  std::uint64_t patience_expired = 0;  // device flows that gave up after give_up_after
  std::uint64_t give_ups = 0;          // times a person gave up for the day (patience, or left for good)
  double days_waited_sum = 0;          // over those booked: days from their first day to booking

  // Attempts, as the simulator counts them.
  std::uint64_t attempts = 0;          // requests sent, plus those lost or throttled
  std::uint64_t retries = 0;           // of which automatic retries
  // Automatic retries sent, by step (RequestType); unlike `retries`, those the waiting room then
  // answered 429 stay counted (they are published live to Prometheus, which cannot take them back).
  std::array<std::uint64_t, kRequestTypeCount> retries_sent_by_step{};
  std::uint64_t useful = 0;            // answered with a domain answer (OK, no slots, refused, ...)
  std::uint64_t rejected = 0;          // 503 / 5xx / connection errors
  std::uint64_t timeouts = 0;          // no answer within the client timeout (lost ones included)
  std::uint64_t lost = 0;              // emulated network losses (device class `loss`)
  std::uint64_t throttled = 0;         // refused locally by adaptive throttling (never sent)
  std::uint64_t budget_refused = 0;    // retries the retry budget did not allow
  std::uint64_t room_waits = 0;        // 429 waiting-room answers (not counted as attempts' failures)
  std::uint64_t unauthorized = 0;      // 401: logged in again
  std::uint64_t broken = 0;            // answers the flow cannot use (other 4xx/5xx): device stopped
  std::uint64_t background = 0;        // background sessions sent

  // Bookings.
  std::uint64_t slots_booked = 0;          // slots in confirmed bookings
  std::uint64_t lottery_entries = 0;
  std::uint64_t lottery_won = 0;
  std::uint64_t lottery_lost = 0;
  std::map<int, double> sold_out_seconds;  // day -> first "no slots" after the release, seconds

  // Outcomes by group, keyed (dimension, label) as in RunResult::groups.
  std::map<std::pair<std::string, std::string>, GroupOutcome> groups;

  // How late the virtual users' timers fired (wall microseconds after their due time): a time scale
  // the host cannot keep up with shows here (ScenarioModeRun reports it in simulated time).
  LatencyHistogram wake_lag_us;
  // Client-observed latencies in simulated seconds: the loopback exchange x time_scale + the device
  // class's emulated round trip (as the simulator counts from the send to the answer's arrival).
  AttemptLatencies latencies;         // the whole run
  SeriesLatencies series_latencies;   // per series interval (the index of its row)

  // Client-side series, one row per scenario series interval from the run's start (simulated time):
  // offered, goodput, timeouts, rejected, retries, bookings, and in_flight (attempts sent and not yet
  // answered or timed out, at the interval's end); the latency columns come from series_latencies
  // (fill_run_result). The server-side columns stay 0.
  std::vector<SeriesRow> series;
  // Per series row: of its timeouts, those of requests lost in the emulated network, which the
  // freeze rule leaves out as the simulator's does (the server never had them).
  std::vector<std::uint32_t> lost_by_row;
  double series_interval_seconds = 1.0;

  void merge(const ScenarioCounters& other);
  // Attempts per confirmed booking (retry amplification as a person pays it); NaN if none.
  double attempts_per_booking() const;
};

// Fills the scenario KPIs of `result` from merged counters: people trying / booked, booking
// probability, mean days waited, slots booked, time until sold out, goodput, offered load, peak
// goodput, success / timeout / reject rates, retry amplification, freeze time, latencies (simulated
// seconds), outcome groups, Jain fairness, and the series with its latency columns. Slots offered are
// not known to clients (left as they are).
void fill_run_result(const ScenarioCounters& counters, RunResult& result);

}  // namespace slotrush::loadgen
