#include "sim/domain/lottery_entry_rule.hpp"

namespace slotrush {

BookingAnswer enter_lottery_round(LotteryDraw& round, const LotterySpec& lottery, int days, const SlotHolds& holds,
                                  const LotteryEntry& entry, SimTime now) {
  if (!in_request_window(lottery, now) || now / kDay >= days) return BookingAnswer::WindowClosed;
  if (holds.find(entry.registrant) != nullptr) return BookingAnswer::AlreadyBooked;  // allocated, to confirm
  return round.enter(entry) ? BookingAnswer::LotteryEntered : BookingAnswer::AlreadyEntered;
}

}  // namespace slotrush
