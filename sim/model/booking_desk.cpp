#include "sim/model/booking_desk.hpp"

#include "sim/domain/lottery_entry_rule.hpp"

namespace slotrush {

BookingDesk::BookingDesk(const Scenario& s, const SlotInventory& inventory, SlotHolds& holds,
                         const ReleaseSchedule& releases)
    : inventory_(inventory),
      holds_(holds),
      releases_(releases),
      lottery_(s.allocation.lottery),
      geo_reject_(s.population.geo_false_reject_probability),
      liveness_fail_(s.population.liveness_fail_probability),
      days_(s.calendar.days),
      race_(s.allocation.strategy == AllocationStrategy::FirstComeRace),
      confirm_(s.allocation.confirmation.required) {}

BookingAnswer BookingDesk::sign_in(RandomStream& rng) const {
  return rng.bernoulli(geo_reject_) ? BookingAnswer::GeoRejected : BookingAnswer::SignedIn;
}

BookingAnswer BookingDesk::liveness(RandomStream& rng) const {
  return rng.bernoulli(liveness_fail_) ? BookingAnswer::LivenessFailed : BookingAnswer::LivenessPassed;
}

BookingAnswer BookingDesk::list(std::uint64_t registrant, SimTime now) const {
  const bool can_book = inventory_.open_total() > 0 || holds_.find(registrant) != nullptr;
  return list_answer(can_book, race_ && !releases_.released_today(now));
}

BookingAnswer BookingDesk::book(std::uint64_t registrant, int n, int wanted, int preferred_port, int earliest_date,
                                SimTime now) {
  if (!race_) return BookingAnswer::WrongStrategy;
  const Hold* existing = holds_.find(registrant);
  if (existing && existing->complete()) return BookingAnswer::AlreadyBooked;  // one appointment per person
  if (inventory_.open_total() == 0 && !releases_.released_today(now) && releases_.next_release(now))
    return BookingAnswer::NotYetReleased;
  switch (holds_.hold(registrant, n, wanted, preferred_port, earliest_date, now)) {
    case HoldOutcome::AlreadyHeld: return BookingAnswer::AlreadyBooked;
    case HoldOutcome::NoSlots:
      holds_.release(registrant);  // a family that cannot all go lets its partial hold go
      return BookingAnswer::NoSlots;
    case HoldOutcome::Held: break;
  }
  return !confirm_ && holds_.find(registrant)->complete() ? BookingAnswer::Booked : BookingAnswer::Held;
}

BookingAnswer BookingDesk::confirm(std::uint64_t registrant, SimTime now, RandomStream& rng) {
  if (holds_.find(registrant) == nullptr) return confirm_answer(ConfirmOutcome::NoHold, !race_);
  return confirm_answer(holds_.confirm(registrant, now, rng), !race_);
}

BookingAnswer BookingDesk::enter(LotteryDraw& round, const LotteryEntry& entry, SimTime now) const {
  if (race_) return BookingAnswer::WrongStrategy;
  return enter_lottery_round(round, lottery_, days_, holds_, entry, now);
}

BookingAnswer BookingDesk::result(std::uint64_t registrant) const {
  return holds_.find(registrant) != nullptr ? BookingAnswer::LotteryWon : BookingAnswer::LotteryLost;
}

}  // namespace slotrush
