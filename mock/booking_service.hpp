// BookingService: the appointment rules the mock server answers with, all from sim/domain driven by
// the scaled clock's `now`: ReleaseSchedule + SlotHolds for the first-come race, LotteryDraw for the
// lotteries, WaitingRoom in front of the race when the scenario enables it. One mutex guards every
// domain object (none is thread-safe); each call advances the domain to `now` first (releases due,
// holds expired, lottery days drawn, waiting-room admissions drained).
//
// Invariants: one hold per registrant (so a retried booking never takes a second slot), at most
// `wanted` slots in it (a party's size when slots are per person, else 1); every allocation is in
// the ledger, durably, before the call returns. Per-registrant state is bounded: registrant ids are
// 1..max_registrants, and each keeps its last few idempotency keys only.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "mock/booking_ledger.hpp"
#include "sim/domain/booking_answer.hpp"
#include "sim/domain/lottery_draw.hpp"
#include "sim/domain/release_schedule.hpp"
#include "sim/domain/slot_holds.hpp"
#include "sim/domain/slot_inventory.hpp"
#include "sim/domain/waiting_room.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::mock {

// Every call answers with a BookingAnswer (sim/domain/booking_answer.hpp), the simulator's answer type;
// api_routes sends it as to_http(answer).
// A registrant's hold as the API shows it.
struct HoldView {
  std::vector<std::pair<SlotKey, int>> parts;
  int slots = 0;
  int wanted = 0;
  SimTime deadline = 0;
  bool confirmed = false;  // an appointment (confirmed, or settled when no confirmation is required)
};

struct BookResult {
  BookingAnswer answer = BookingAnswer::NoSlots;  // Held, Booked, AlreadyBooked, NotYetReleased, NoSlots, WrongStrategy
  std::optional<HoldView> hold;
  SimTime release_at = 0;  // NotYetReleased: when the next release happens
  bool replayed = false;   // answered from an earlier request with the same Idempotency-Key
};

struct LotteryView {
  BookingAnswer answer = BookingAnswer::LotteryNotEntered;  // or LotteryPending, LotteryWon, LotteryLost
  int day = -1;            // the request day of the latest entry
  SimTime draw_at = 0;
  std::optional<HoldView> hold;
};

struct OpenCell {
  int port;
  int date;
  int open;
};

struct SlotList {
  BookingAnswer answer = BookingAnswer::SoldOut;  // SlotsOpen, NoSlotsYet or SoldOut, as the simulator's
  std::vector<OpenCell> cells;                     // the cells asked for with open slots
};

// Counters for metrics (a snapshot under the lock).
struct BookingTotals {
  std::vector<long> open_by_port;
  std::vector<long> held_by_port;      // slots ever held (bookings) by port
  long confirmed_slots = 0;
  long released_total = 0;
  long taken_total = 0;
  long returned_total = 0;
  std::uint64_t lottery_entries = 0;
  std::size_t room_waiting = 0;
  std::uint64_t room_admitted = 0;
};

class BookingService {
 public:
  // ledger may be null (no persistence). A ledger's earlier records are replayed here.
  BookingService(const Scenario& scenario, std::uint64_t max_registrants, BookingLedger* ledger);

  bool valid_registrant(std::uint64_t registrant) const {
    return registrant >= 1 && registrant <= max_registrants_;
  }
  // Registers on first login (its registration time is the lottery's seniority key). SignedIn.
  BookingAnswer login(std::uint64_t registrant, SimTime now);
  // Waiting room: nullopt when the registrant may pass, else the room's answer (queued / not open).
  std::optional<RoomAnswer> pass_room(std::uint64_t registrant, SimTime now);
  bool room_enabled() const { return room_.has_value(); }

  // The upload's check, failing with the scenario's probability: LivenessPassed or LivenessFailed.
  BookingAnswer liveness(SimTime now);
  // The answer says whether anything is on sale at all (any port), as the simulator's slot list does.
  SlotList list_slots(std::uint64_t registrant, std::optional<int> port, std::optional<int> date, SimTime now);
  // port < 0: any port. `key` is the Idempotency-Key.
  BookResult book(std::uint64_t registrant, const std::string& key, int port, int party, SimTime now);
  // LotteryEntered, AlreadyEntered, WindowClosed or WrongStrategy.
  BookingAnswer enter_lottery(std::uint64_t registrant, int port, int party, SimTime now);
  LotteryView lottery_result(std::uint64_t registrant, SimTime now);
  // Confirmed, ConfirmRefused, or a hold gone: NoHold (race), LotteryHoldGone (lottery).
  BookingAnswer confirm(std::uint64_t registrant, SimTime now);
  std::optional<HoldView> hold_of(std::uint64_t registrant, SimTime now);

  const Scenario& scenario() const { return scenario_; }
  const std::vector<std::string>& ports() const { return inventory_.ports(); }
  std::optional<int> port_index(const std::string& name) const;
  BookingTotals totals() const;

 private:
  struct Registrant {
    SimTime registered_at = 0;
    int lottery_day = -1;
    int lottery_party = 1;
    int lottery_port = -1;
    BookingAnswer lottery = BookingAnswer::LotteryNotEntered;  // of the latest entry (lottery_day)
    // The latest drawn entry's day and outcome: what a look at the result the day after finds, even
    // when the person has already entered again that morning.
    int drawn_day = -1;
    BookingAnswer drawn = BookingAnswer::LotteryNotEntered;
    std::array<std::pair<std::string, BookResult>, 4> recent{};  // last idempotency keys
    std::size_t next_recent = 0;
  };

  void advance(SimTime now);           // caller holds mutex_
  void draw_lottery(int entry_day, SimTime at);
  // Logs the slot the last hold() call took; undoes the hold if the ledger cannot take it.
  void record_hold(std::uint64_t registrant, int n, int wanted, SimTime at);
  // Turns a complete hold into an appointment (confirmed) or ends it, and logs which.
  void settle(std::uint64_t registrant, bool confirmed, SimTime at);
  // Records a confirmed appointment and withdraws the registrant's entries from the lottery rounds.
  void keep_appointment(std::uint64_t registrant, HoldView v);
  // Appends the record make() builds to the ledger. Without a ledger (or while replaying one) nothing
  // is built: a JSON record costs more than the rest of a booking.
  template <class MakeRecord>
  void log(MakeRecord&& make) {
    if (ledger_ && !replaying_) ledger_->append(make());
  }
  std::optional<HoldView> view(std::uint64_t registrant) const;
  void restore(const std::vector<nlohmann::json>& records);
  SimTime draw_instant(int entry_day) const;
  bool per_person() const { return scenario_.supply.slot_unit == SlotUnit::Person; }
  bool race() const { return scenario_.allocation.strategy == AllocationStrategy::FirstComeRace; }

  const Scenario scenario_;
  const std::uint64_t max_registrants_;
  BookingLedger* ledger_;
  mutable std::mutex mutex_;
  SlotInventory inventory_;
  SlotHolds holds_;
  ReleaseSchedule releases_;
  LotteryRounds draws_;                                 // by entry day
  std::array<std::vector<std::uint64_t>, 2> entrants_;  // same
  int next_draw_day_ = 0;                               // entry days below this are drawn
  std::optional<WaitingRoom> room_;
  RandomStream rng_;
  std::unordered_map<std::uint64_t, Registrant> registrants_;
  std::unordered_map<std::uint64_t, HoldView> appointments_;  // confirmed holds, by registrant
  std::vector<long> held_by_port_;
  std::uint64_t lottery_entries_ = 0;
  bool replaying_ = false;
};

}  // namespace slotrush::mock
