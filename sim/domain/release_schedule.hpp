// ReleaseSchedule: the first-come race's supply rule. Every day, at one instant (the release time of
// day), all of that day's slots go on sale for the date `booking_horizon_days` ahead, split over the
// ports by share. advance(now) performs each release that is due, exactly once, so the simulator can
// call it at the release instant and a live server on every request. Not thread-safe.
#pragma once
#include <optional>
#include <vector>

#include "sim/domain/slot_inventory.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// Puts one day's slots (supply.daily_slots split by port share) on sale for date day + horizon.
void release_daily_slots(const SupplySpec& supply, int day, SlotInventory& inventory);

class ReleaseSchedule {
 public:
  // Releases on days 0 .. days-1 at `release_time` (time of day, in [0, 1 day)).
  ReleaseSchedule(SupplySpec supply, SimTime release_time, int days);

  // Performs every release with instant <= now not yet performed; returns the days released.
  std::vector<int> advance(SimTime now, SlotInventory& inventory);

  SimTime release_instant(int day) const { return day * kDay + release_time_; }
  std::optional<SimTime> next_release(SimTime now) const;  // the first instant > now, if any
  int released_days() const { return next_day_; }          // days 0 .. released_days()-1 are out
  bool released_today(SimTime now) const;                  // today's release has happened

 private:
  SupplySpec supply_;
  SimTime release_time_;
  int days_;
  int next_day_ = 0;
};

}  // namespace slotrush
