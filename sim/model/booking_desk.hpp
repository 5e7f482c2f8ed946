// BookingDesk: the simulated booking system's answers. Turns the state of the run's SlotInventory,
// SlotHolds, ReleaseSchedule and the day's LotteryDraw into a BookingAnswer (sim/domain/booking_answer),
// the answer type the mock's BookingService gives too; the world (appointment_world.cpp) calls it when a
// request is served and does its own bookkeeping (hold expiry events, settling, tallies) from the answer.
// Draws only from the stream handed in; time only through `now`.
#pragma once
#include <cstdint>

#include "sim/domain/booking_answer.hpp"
#include "sim/domain/lottery_draw.hpp"
#include "sim/domain/release_schedule.hpp"
#include "sim/domain/slot_holds.hpp"
#include "sim/domain/slot_inventory.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush {

class BookingDesk {
 public:
  // Keeps references: the run owns the inventory, the holds and the release schedule.
  BookingDesk(const Scenario& s, const SlotInventory& inventory, SlotHolds& holds, const ReleaseSchedule& releases);

  // Sign-in: a false geofence rejection with the scenario's probability.
  BookingAnswer sign_in(RandomStream& rng) const;
  // The liveness photo fails with the scenario's probability.
  BookingAnswer liveness(RandomStream& rng) const;
  BookingAnswer list(std::uint64_t registrant, SimTime now) const;
  // Holds `n` more slots toward a hold of `wanted` (SlotHolds::hold). Booked: the hold is complete and
  // no confirmation is required (the caller settles it). NoSlots lets a partial hold go.
  BookingAnswer book(std::uint64_t registrant, int n, int wanted, int preferred_port, int earliest_date, SimTime now);
  BookingAnswer confirm(std::uint64_t registrant, SimTime now, RandomStream& rng);
  // Enters `round` (the day's draw) inside the request window; a registrant holding slots is not entered.
  BookingAnswer enter(LotteryDraw& round, const LotteryEntry& entry, SimTime now) const;
  // Yesterday's draw as the registrant finds it: a hold is a win.
  BookingAnswer result(std::uint64_t registrant) const;

 private:
  const SlotInventory& inventory_;
  SlotHolds& holds_;
  const ReleaseSchedule& releases_;
  LotterySpec lottery_;
  double geo_reject_;
  double liveness_fail_;
  int days_;
  bool race_;
  bool confirm_;
};

}  // namespace slotrush
