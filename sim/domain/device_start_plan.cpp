#include "sim/domain/device_start_plan.hpp"

#include <algorithm>

namespace slotrush {

DeviceStartPlan::DeviceStartPlan(const Scenario& s)
    : law_(s.population.arrival),
      race_(s.allocation.strategy == AllocationStrategy::FirstComeRace),
      release_time_(s.allocation.race.release_time),
      window_open_(s.allocation.lottery.window_open),
      window_close_(s.allocation.lottery.window_close) {
  if (race_ && s.waiting_room.enabled) room_opens_before_ = s.waiting_room.opens_before;
}

SimTime DeviceStartPlan::anchor_of_day(int day) const {
  return day * kDay + (race_ ? release_time_ : window_open_);
}

SimTime DeviceStartPlan::first_start(bool speed_bot, int day, RandomStream& today) const {
  const SimTime midnight = day * kDay;
  const SimTime anchor = anchor_of_day(day);
  SimTime start;
  if (speed_bot) {
    start = anchor + from_seconds(today.uniform(-0.05, 0.05));  // scripted to the release instant
  } else {
    start = law_.sample(anchor, today);
    if (!race_)  // a lottery request must fall inside the day's window
      start = std::clamp(start, midnight + window_open_, midnight + window_close_ - kSecond);
  }
  start = std::max(start, midnight);
  if (room_opens_before_) start = std::max(start, anchor - *room_opens_before_);
  return start;
}

SimTime DeviceStartPlan::next_device_offset(bool speed_bot, RandomStream& today) {
  return from_seconds(today.uniform(0.0, speed_bot ? 0.1 : 2.0));
}

}  // namespace slotrush
