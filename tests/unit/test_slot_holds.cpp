// SlotHolds (the confirmation step) and ReleaseSchedule (the race's daily release), as the simulator
// and the mock server both use them.
#include <catch2/catch.hpp>

#include "sim/domain/release_schedule.hpp"
#include "sim/domain/slot_holds.hpp"

using namespace slotrush;

namespace {

SupplySpec two_ports(int daily) {
  SupplySpec s;
  s.daily_slots = daily;
  s.booking_horizon_days = 2;
  s.ports = {{"A", 0.5}, {"B", 0.5}};
  return s;
}

ConfirmationSpec confirmation(double p, SimTime deadline) {
  ConfirmationSpec c;
  c.success_probability = p;
  c.deadline = deadline;
  return c;
}

}  // namespace

TEST_CASE("ReleaseSchedule releases each day once, at its instant, for the horizon's date") {
  SlotInventory inv({"A", "B"});
  ReleaseSchedule schedule(two_ports(10), 9 * kHour, 3);
  CHECK(schedule.advance(9 * kHour - 1, inv).empty());
  CHECK_FALSE(schedule.released_today(9 * kHour - 1));
  CHECK(schedule.advance(9 * kHour, inv) == std::vector<int>{0});
  CHECK(schedule.released_today(9 * kHour));
  CHECK(inv.open(0, 2) == 5);
  CHECK(inv.open(1, 2) == 5);
  CHECK(schedule.advance(10 * kHour, inv).empty());  // not twice
  CHECK(schedule.next_release(10 * kHour) == kDay + 9 * kHour);
  // A server that was asleep for two days catches up with both releases.
  CHECK(schedule.advance(2 * kDay + 9 * kHour, inv) == std::vector<int>{1, 2});
  CHECK(inv.released_total() == 30);
  CHECK_FALSE(schedule.next_release(3 * kDay).has_value());
  CHECK_THROWS(ReleaseSchedule(two_ports(1), kDay, 1));
}

TEST_CASE("SlotHolds: one hold per registrant, never more slots than released") {
  SlotInventory inv({"A", "B"});
  release_daily_slots(two_ports(4), 0, inv);  // 2 + 2 on date 2
  SlotHolds holds(inv, confirmation(1.0, 10 * kMinute), true);
  CHECK(holds.hold(1, 1, 1, 0, 0, 0) == HoldOutcome::Held);
  CHECK(holds.hold(1, 1, 1, 0, 0, 0) == HoldOutcome::AlreadyHeld);  // a retried booking
  CHECK(inv.open_total() == 3);
  // A family of three booking member by member: three holds of one, any port once A is full.
  for (int m = 0; m < 3; ++m) CHECK(holds.hold(2, 1, 3, 0, 0, 0) == HoldOutcome::Held);
  CHECK(holds.find(2)->complete());
  CHECK(holds.hold(3, 1, 1, 0, 0, 0) == HoldOutcome::NoSlots);
  CHECK(inv.open_total() == 0);
  CHECK(inv.taken_total() == 4);
}

TEST_CASE("SlotHolds: confirmation succeeds with its probability before the deadline") {
  SlotInventory inv({"A"});
  SupplySpec one = two_ports(20000);
  one.ports = {{"A", 1.0}};
  release_daily_slots(one, 0, inv);
  SlotHolds holds(inv, confirmation(0.8, kHour), false);
  RandomStream rng(7, "confirm");
  int confirmed = 0;
  for (std::uint64_t r = 0; r < 10000; ++r) {
    REQUIRE(holds.hold(r, 1, 1, 0, 0, 0) == HoldOutcome::Held);
    if (holds.confirm(r, kMinute, rng) == ConfirmOutcome::Confirmed) ++confirmed;
  }
  CHECK(confirmed > 7800);
  CHECK(confirmed < 8200);
  CHECK(holds.confirmed_slots() == confirmed);
  CHECK(holds.lost_slots() == 10000 - confirmed);  // a lottery's refused slots are lost
  CHECK(holds.active() == 0);
  // Past the deadline there is nothing left to confirm.
  REQUIRE(holds.hold(99999, 1, 1, 0, 0, 0) == HoldOutcome::Held);
  CHECK(holds.confirm(99999, 2 * kHour, rng) == ConfirmOutcome::NoHold);
}

TEST_CASE("SlotHolds: expired race holds go back on sale, incomplete ones cannot be confirmed") {
  SlotInventory inv({"A", "B"});
  release_daily_slots(two_ports(4), 0, inv);
  SlotHolds holds(inv, confirmation(1.0, 5 * kMinute), true);
  RandomStream rng(1, "confirm");
  REQUIRE(holds.hold(1, 1, 2, 0, 0, 0) == HoldOutcome::Held);  // one member of two
  CHECK(holds.confirm(1, kMinute, rng) == ConfirmOutcome::NoHold);
  REQUIRE(holds.hold(2, 2, 2, 1, 0, kMinute) == HoldOutcome::Held);
  CHECK(inv.open_total() == 1);
  CHECK(holds.expire(5 * kMinute) == 1);  // registrant 1's, held at 0
  CHECK(inv.open_total() == 2);
  CHECK(holds.settle(2));
  CHECK(holds.expire(kDay) == 0);  // a settled hold does not expire
  CHECK(holds.confirmed_slots() == 2);
  holds.release(42);  // nothing held: no effect
  CHECK(inv.released_total() == inv.open_total() + inv.taken_total() - inv.returned_total() + inv.expired_total());
}
