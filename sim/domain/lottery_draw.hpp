// LotteryDraw: one round of CBP One's batch allocation (shared/domain.md §1.3, §4.1): a seniority
// reserve for the longest-registered requesters, the rest by a (optionally wait-weighted) random
// draw without replacement. Entries collect during the request window; draw() allocates and clears.
// Not thread-safe.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// One request for tomorrow's draw. `sybil` marks an extra identity of one actor (shared/domain.md
// §4.2); duplicate detection is modelled as perfect and drops every such entry.
struct LotteryEntry {
  std::uint64_t registrant;
  SimTime registered_at;  // seniority key: earlier registration ranks first in the reserve
  int party_size;         // >= 1
  bool sybil = false;
};

// The draw's rules, from LotterySpec (shared/domain.md §6.2, §6.4, §6.7).
struct LotteryRules {
  double senior_reserve_fraction;  // in [0, 1]
  double weight_per_day_waited;    // >= 0; weight = 1 + this * days since registration
  int entries_per_identity;        // >= 1
  bool duplicate_detection;
};

// The draw's rules for a scenario, the one reading both clocks use: the days-waited weight applies
// under `strategy: weighted_lottery` only (docs/scenario-reference.md), zero under a plain lottery.
LotteryRules lottery_rules_of(const Scenario& scenario);

// Whether `now` (time since the start of day 0) falls inside the day's request window.
inline bool in_request_window(const LotterySpec& lottery, SimTime now) {
  const SimTime time_of_day = now % kDay;
  return time_of_day >= lottery.window_open && time_of_day < lottery.window_close;
}

class LotteryDraw {
 public:
  explicit LotteryDraw(LotteryRules rules);  // throws std::invalid_argument on rules out of range

  // False (and not added) if this registrant already has entries_per_identity entries this round,
  // or has withdrawn from it.
  bool enter(const LotteryEntry& entry);
  // Entries that can still win: those of registrants who have not withdrawn.
  std::size_t entries() const { return entries_.size() - withdrawn_entries_; }

  // Takes a registrant's entries out of this round: one who entered and has since got an appointment
  // (by yesterday's draw, confirmed before this one) cannot be allocated a second. The entries keep
  // their random keys, so who else wins does not depend on who withdrew. No-op if never entered.
  void withdraw(std::uint64_t registrant);

  // Allocates `slots` (>= 0) and returns the winners, reserve winners first, each registrant at most
  // once; then clears the round. The result depends only on the set of entries, never on the order
  // they arrived in (entries are sorted by registrant first), so policies compared under common
  // random numbers see the same draw. Every entry takes one random key whether or not it ends up in
  // the reserve, so changing the reserve fraction does not reshuffle the random part.
  // A winner consumes party_size slots if slots_per_person, else 1; a party that does not fit in
  // what is left is skipped and the next candidate tried. Unused reserve slots go to the random part.
  std::vector<std::uint64_t> draw(int slots, bool slots_per_person, SimTime now, RandomStream& rng);

  // Of the last draw: how many winners came from the reserve, and how many slots were allocated.
  std::size_t last_reserve_winners() const { return last_reserve_winners_; }
  int last_slots_used() const { return last_slots_used_; }

 private:
  LotteryRules rules_;
  std::vector<LotteryEntry> entries_;
  std::unordered_map<std::uint64_t, int> entries_by_registrant_;
  std::unordered_set<std::uint64_t> withdrawn_;
  std::size_t withdrawn_entries_ = 0;
  std::size_t last_reserve_winners_ = 0;
  int last_slots_used_ = 0;
};

// The rounds open at once, by the day their entries were made: today's (drawn tomorrow) and
// yesterday's (drawn today), each clock's only store of entries. An appointment withdraws the
// registrant from both, so an entry made before it cannot win a second one.
class LotteryRounds {
 public:
  explicit LotteryRounds(LotteryRules rules) : rounds_{LotteryDraw(rules), LotteryDraw(rules)} {}

  LotteryDraw& of_entry_day(int day) { return rounds_[static_cast<std::size_t>(day) % 2]; }
  void withdraw(std::uint64_t registrant) {
    for (LotteryDraw& round : rounds_) round.withdraw(registrant);
  }

 private:
  std::array<LotteryDraw, 2> rounds_;
};

}  // namespace slotrush
