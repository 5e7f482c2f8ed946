#include "sim/model/run_tally.hpp"

#include <algorithm>

#include "sim/results/freeze_rule.hpp"

namespace slotrush {

void RunTally::close_interval(SimTime end, SimTime width, const IntervalState& state) {
  SeriesRow& row = interval.row;
  row.queue_depth = state.queue_depth;
  row.in_flight = static_cast<std::uint32_t>(in_flight);
  row.waiting_room = state.waiting_room;
  row.slots_left = state.slots_left;
  const bool idle = !interval.touched && row.queue_depth == 0 && row.in_flight == 0 &&
                    row.waiting_room == 0 && row.slots_left == last_slots_left_;
  const double seconds = to_seconds(width);
  if (!idle) {
    // From integer nanoseconds by division, so whole seconds print as whole seconds.
    row.time_seconds = static_cast<double>(std::max<SimTime>(0, end - width)) / 1e9;
    interval.latency.fill_row(row);
    // Frozen: most attempts that ended in the interval failed at the server: refused (503) or
    // timed out while the server had them (network losses excluded). Users see the app hang
    // or loop on errors. Answers (useful ones and 503s) are counted on receipt.
    row.frozen = interval_frozen_at_server(row.goodput, row.rejected, interval.server_timeouts) ? 1 : 0;
    if (row.frozen) freeze_seconds_ += seconds;
    if (row.offered > 0) {
      active_seconds_ += seconds;
      peak_goodput_ = std::max(peak_goodput_, row.goodput / seconds);
    }
    series_.push_back(row);
  }
  last_slots_left_ = row.slots_left;
  last_closed_ = end;
  interval.row = SeriesRow{};
  interval.server_timeouts = 0;
  if (!interval.latency.empty()) {
    latency_.merge(interval.latency);
    interval.latency.reset();  // tens of KB of counters: cleared only when used
  }
  interval.touched = false;
}

void RunTally::finish(RunResult& r, SimTime width, double slots_offered) {
  r.series = std::move(series_);
  r.series_interval_seconds = static_cast<double>(width) / 1e9;
  r[Kpi::SlotsOffered] = slots_offered;
  r[Kpi::SlotsBooked] = static_cast<double>(booked_slots);
  r[Kpi::SlotsLeftEmpty] = slots_offered - static_cast<double>(booked_slots);
  const auto mean = [](const std::vector<double>& xs) {
    double sum = 0;
    for (double x : xs) sum += x;
    return sum / static_cast<double>(xs.size());
  };
  if (!sold_out_seconds.empty()) r[Kpi::SoldOutSeconds] = mean(sold_out_seconds);
  if (active_seconds_ > 0) {
    r[Kpi::Goodput] = double(useful) / active_seconds_;
    r[Kpi::OfferedLoad] = double(offered) / active_seconds_;
    r[Kpi::PeakGoodput] = peak_goodput_;
  }
  if (attempts > 0) {
    r[Kpi::RequestSuccessRate] = double(useful) / double(attempts);
    r[Kpi::RequestTimeoutRate] = double(timeouts) / double(attempts);
    r[Kpi::RequestRejectRate] = double(rejected) / double(attempts);
  }
  if (useful > 0) r[Kpi::RetryAmplification] = double(attempts) / double(useful);
  if (busy_ns > 0) r[Kpi::WastedWorkShare] = double(wasted_ns) / double(busy_ns);
  r[Kpi::FreezeSeconds] = freeze_seconds_;
  if (!win_probability.empty()) r[Kpi::DailyWinProbability] = mean(win_probability);
  latency_.fill_kpis(r);
}

}  // namespace slotrush
