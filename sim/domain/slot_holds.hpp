// SlotHolds: the confirmation step. A booking first *holds* slots for a registrant; the hold becomes
// an appointment when confirmed before its deadline (confirmation succeeds with a probability: the
// geolocation and liveness checks), and otherwise ends: its slots go back on sale (a race) or are
// lost (a lottery's allocation). One hold per registrant, so a retried booking never gets a second
// slot. Time only through the arguments; not thread-safe (the mock server serialises access).
#pragma once
#include <cstdint>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/domain/slot_inventory.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

enum class HoldOutcome { Held, AlreadyHeld, NoSlots };
enum class ConfirmOutcome { Confirmed, Refused, NoHold };

struct Hold {
  std::vector<std::pair<SlotKey, int>> parts;  // cells and how many slots in each
  int slots = 0;
  int wanted = 1;  // slots the registrant needs (a party of n booking per member needs n)
  SimTime deadline = 0;
  bool complete() const { return slots >= wanted; }
};

class SlotHolds {
 public:
  // return_unconfirmed: whether ended holds go back on sale (race) or are lost (lottery).
  SlotHolds(SlotInventory& inventory, ConfirmationSpec confirmation, bool return_unconfirmed);

  // Holds `n` more slots in one cell (the earliest date >= earliest_date at the preferred port, else
  // any port) toward a hold of `wanted` slots; the deadline runs from the first slot held.
  // AlreadyHeld: the hold is complete, nothing taken. NoSlots: nothing fits (a partial hold stays).
  HoldOutcome hold(std::uint64_t registrant, int n, int wanted, int preferred_port, int earliest_date,
                   SimTime now);

  // The confirmation step: succeeds with the configured probability if the hold is complete and its
  // deadline has not passed. Refused ends the hold.
  ConfirmOutcome confirm(std::uint64_t registrant, SimTime now, RandomStream& rng);
  // confirm() in two halves, for a server that records the outcome before applying it: the
  // decision (draws from `rng` exactly as confirm() does, changes nothing), then its application.
  ConfirmOutcome decide_confirm(std::uint64_t registrant, SimTime now, RandomStream& rng) const;
  void apply_confirm(std::uint64_t registrant, ConfirmOutcome outcome, SimTime now);
  // Turns a complete hold into an appointment without the check (confirmation not required).
  bool settle(std::uint64_t registrant);
  // Ends a hold now (a family that cannot all go lets its partial hold go).
  void release(std::uint64_t registrant);
  // Undoes the latest hold() of `registrant` as if it had never happened: its slots go back on sale
  // and a hold left empty is gone (the server could not record it, so nobody was told of it).
  void take_back_last(std::uint64_t registrant);
  // Ends every hold whose deadline <= now; returns how many slots they had.
  long expire(SimTime now);

  const Hold* find(std::uint64_t registrant) const;
  long confirmed_slots() const { return confirmed_slots_; }
  long lost_slots() const { return lost_slots_; }  // ended holds' slots not put back on sale
  // Slots of holds that ended unconfirmed (refused, expired, let go), whether back on sale or lost.
  long unconfirmed_slots() const { return unconfirmed_slots_; }
  // Of the slots of every hold that ended, the share confirmed ([S12]: 800 of 1,000 drawn); none
  // when no hold has ended. Holds still open are in neither count.
  std::optional<double> confirmed_share() const;
  std::size_t active() const { return holds_.size(); }

 private:
  void end(std::unordered_map<std::uint64_t, Hold>::iterator it);

  SlotInventory& inventory_;
  ConfirmationSpec confirmation_;
  bool return_unconfirmed_;
  std::unordered_map<std::uint64_t, Hold> holds_;
  // (deadline, registrant, hold serial): entries whose serial no longer matches are stale.
  using Deadline = std::pair<SimTime, std::pair<std::uint64_t, std::uint64_t>>;
  std::priority_queue<Deadline, std::vector<Deadline>, std::greater<>> deadlines_;
  std::unordered_map<std::uint64_t, std::uint64_t> serial_;  // registrant -> serial of its hold
  std::uint64_t next_serial_ = 1;
  long confirmed_slots_ = 0;
  long lost_slots_ = 0;
  long unconfirmed_slots_ = 0;
};

}  // namespace slotrush
