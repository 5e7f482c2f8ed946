// The answer to a request to enter the daily lottery, the one rule both clocks apply (the simulator's
// BookingDesk and the mock's BookingService): refused outside the request window or the calendar, not
// entered while the registrant holds allocated slots still to confirm, else entered once per round.
#pragma once
#include "sim/domain/booking_answer.hpp"
#include "sim/domain/lottery_draw.hpp"
#include "sim/domain/slot_holds.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// `days`: the calendar's length; a request on or after its last day is out of the window.
// Answers WindowClosed, AlreadyBooked (a hold to confirm), AlreadyEntered or LotteryEntered.
BookingAnswer enter_lottery_round(LotteryDraw& round, const LotterySpec& lottery, int days, const SlotHolds& holds,
                                  const LotteryEntry& entry, SimTime now);

}  // namespace slotrush
