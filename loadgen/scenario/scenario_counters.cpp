#include "loadgen/scenario/scenario_counters.hpp"

#include <algorithm>
#include <cmath>

#include "sim/results/freeze_rule.hpp"
#include "sim/stats/fairness.hpp"

namespace slotrush::loadgen {

void ScenarioCounters::merge(const ScenarioCounters& o) {
  people_planned += o.people_planned;
  people_started += o.people_started;
  people_booked += o.people_booked;
  people_abandoned += o.people_abandoned;
  people_left += o.people_left;
  people_active_at_end += o.people_active_at_end;
  people_waiting_at_end += o.people_waiting_at_end;
  devices_started += o.devices_started;
  patience_expired += o.patience_expired;
  give_ups += o.give_ups;
  for (std::size_t i = 0; i < retries_sent_by_step.size(); ++i) retries_sent_by_step[i] += o.retries_sent_by_step[i];
  days_waited_sum += o.days_waited_sum;
  attempts += o.attempts;
  retries += o.retries;
  useful += o.useful;
  rejected += o.rejected;
  timeouts += o.timeouts;
  lost += o.lost;
  throttled += o.throttled;
  budget_refused += o.budget_refused;
  room_waits += o.room_waits;
  unauthorized += o.unauthorized;
  broken += o.broken;
  background += o.background;
  slots_booked += o.slots_booked;
  wake_lag_us.merge(o.wake_lag_us);
  lottery_entries += o.lottery_entries;
  lottery_won += o.lottery_won;
  lottery_lost += o.lottery_lost;
  for (const auto& [day, s] : o.sold_out_seconds) {
    const auto [it, fresh] = sold_out_seconds.emplace(day, s);
    if (!fresh) it->second = std::min(it->second, s);  // the first client to see it
  }
  for (const auto& [key, g] : o.groups) {
    GroupOutcome& mine = groups[key];
    mine.dimension = g.dimension;
    mine.label = g.label;
    mine.people += g.people;
    mine.booked += g.booked;
    mine.days_waited_sum += g.days_waited_sum;
  }
  latencies.merge(o.latencies);
  series_latencies.merge(o.series_latencies);
  series_interval_seconds = o.series_interval_seconds;
  // in_flight is a level: past the end of a thread's rows it stays at that thread's last value.
  const auto last_level = [](const std::vector<SeriesRow>& rows) { return rows.empty() ? 0u : rows.back().in_flight; };
  const std::uint32_t mine_after = last_level(series), theirs_after = last_level(o.series);
  const std::size_t mine = series.size();
  if (series.size() < o.series.size()) series.resize(o.series.size());
  if (lost_by_row.size() < o.lost_by_row.size()) lost_by_row.resize(o.lost_by_row.size());
  for (std::size_t i = 0; i < o.lost_by_row.size(); ++i) lost_by_row[i] += o.lost_by_row[i];
  for (std::size_t i = mine; i < series.size(); ++i) series[i].in_flight = mine_after;
  for (std::size_t i = 0; i < series.size(); ++i) {
    SeriesRow& r = series[i];
    if (i >= o.series.size()) {
      r.in_flight += theirs_after;
      continue;
    }
    const SeriesRow& x = o.series[i];
    r.time_seconds = x.time_seconds;
    r.offered += x.offered;
    r.goodput += x.goodput;
    r.timeouts += x.timeouts;
    r.rejected += x.rejected;
    r.retries += x.retries;
    r.bookings += x.bookings;
    r.in_flight += x.in_flight;
  }
}

double ScenarioCounters::attempts_per_booking() const {
  return people_booked > 0 ? static_cast<double>(attempts) / static_cast<double>(people_booked) : NAN;
}

void fill_run_result(const ScenarioCounters& c, RunResult& r) {
  const auto d = [](std::uint64_t x) { return static_cast<double>(x); };
  r[Kpi::SlotsBooked] = d(c.slots_booked);
  if (!c.sold_out_seconds.empty()) {
    double sum = 0;
    for (const auto& [day, s] : c.sold_out_seconds) sum += s;
    r[Kpi::SoldOutSeconds] = sum / static_cast<double>(c.sold_out_seconds.size());
  }
  r[Kpi::PeopleTrying] = d(c.people_started);
  r[Kpi::PeopleBooked] = d(c.people_booked);
  if (c.people_started > 0) r[Kpi::BookingProbability] = d(c.people_booked) / d(c.people_started);
  if (c.people_booked > 0) r[Kpi::MeanDaysWaited] = c.days_waited_sum / d(c.people_booked);
  if (c.lottery_won + c.lottery_lost > 0)
    r[Kpi::DailyWinProbability] = d(c.lottery_won) / d(c.lottery_won + c.lottery_lost);

  // Rates per simulated second over the intervals that saw traffic, as the simulator counts them.
  const double width = c.series_interval_seconds;
  double active_seconds = 0, peak = 0, freeze = 0;
  std::uint64_t offered = 0;
  r.series = c.series;
  c.series_latencies.fill(r.series);
  for (std::size_t i = 0; i < r.series.size(); ++i) {
    SeriesRow& row = r.series[i];
    offered += row.offered;
    // The simulator's rule (freeze_rule.hpp): network losses are not the server's failures.
    const std::uint64_t lost = i < c.lost_by_row.size() ? c.lost_by_row[i] : 0;
    const std::uint64_t server_timeouts = row.timeouts - std::min<std::uint64_t>(row.timeouts, lost);
    row.frozen = interval_frozen_at_server(row.goodput, row.rejected, server_timeouts) ? 1 : 0;
    if (row.frozen) freeze += width;
    if (row.offered > 0) {
      active_seconds += width;
      peak = std::max(peak, row.goodput / width);
    }
  }
  if (active_seconds > 0) {
    r[Kpi::Goodput] = d(c.useful) / active_seconds;
    r[Kpi::OfferedLoad] = d(offered) / active_seconds;
    r[Kpi::PeakGoodput] = peak;
  }
  r[Kpi::FreezeSeconds] = freeze;
  if (c.attempts > 0) {
    r[Kpi::RequestSuccessRate] = d(c.useful) / d(c.attempts);
    r[Kpi::RequestTimeoutRate] = d(c.timeouts) / d(c.attempts);
    r[Kpi::RequestRejectRate] = d(c.rejected) / d(c.attempts);
  }
  if (c.useful > 0) r[Kpi::RetryAmplification] = d(c.attempts) / d(c.useful);

  r.groups.clear();
  std::vector<double> probabilities;
  for (const auto& [key, g] : c.groups) {
    r.groups.push_back(g);
    if (g.dimension == "party_size_x_device_class" && g.people > 0) probabilities.push_back(g.booking_probability());
  }
  if (!probabilities.empty()) r[Kpi::FairnessJain] = jain_index(probabilities);
  c.latencies.fill_kpis(r);
  r.series_interval_seconds = c.series_interval_seconds;
  // The virtual users count at the client: the server's queue, its waiting room and its slots are not
  // seen, and throttled attempts are counted for the whole run only.
  r.absent_series_columns = {"queue_depth", "waiting_room", "slots_left", "throttled"};
}

}  // namespace slotrush::loadgen
