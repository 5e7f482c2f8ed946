#include "mock/booking_service.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "sim/domain/lottery_entry_rule.hpp"

namespace slotrush::mock {

namespace {

int day_of(SimTime t) { return static_cast<int>(t / kDay); }

nlohmann::json settle_record(std::uint64_t registrant, bool confirmed, SimTime at) {
  return {{"op", "settle"}, {"registrant", registrant}, {"confirmed", confirmed}, {"at", at}};
}

}  // namespace

BookingService::BookingService(const Scenario& scenario, std::uint64_t max_registrants, BookingLedger* ledger)
    : scenario_(scenario),
      max_registrants_(max_registrants),
      ledger_(ledger),
      inventory_(SlotInventory::port_names_of(scenario)),
      holds_(inventory_, scenario.allocation.confirmation,
             scenario.allocation.strategy == AllocationStrategy::FirstComeRace),
      releases_(scenario.supply, scenario.allocation.race.release_time,
                scenario.allocation.strategy == AllocationStrategy::FirstComeRace ? scenario.calendar.days : 0),
      draws_(lottery_rules_of(scenario)),
      rng_(scenario.seed, "mock-server"),
      held_by_port_(scenario.supply.ports.size(), 0) {
  if (scenario.waiting_room.enabled && race())
    room_.emplace(scenario.waiting_room, releases_.release_instant(0));
  if (ledger_) restore(ledger_->contents().records);
}

SimTime BookingService::draw_instant(int entry_day) const {
  return (entry_day + 1) * kDay + scenario_.allocation.lottery.draw_time;
}

void BookingService::advance(SimTime now) {
  if (race()) releases_.advance(now, inventory_);
  holds_.expire(now);
  while (!race() && !replaying_ && next_draw_day_ < scenario_.calendar.days &&
         draw_instant(next_draw_day_) <= now)
    draw_lottery(next_draw_day_, draw_instant(next_draw_day_));
  if (room_) room_->admit_due(now, rng_);  // admissions are counted by admitted_total()
}

void BookingService::record_hold(std::uint64_t registrant, int n, int wanted, SimTime at) {
  const Hold* h = holds_.find(registrant);
  const SlotKey key = h->parts.back().first;
  held_by_port_[static_cast<std::size_t>(key.port)] += n;
  try {
    log([&] {
      return nlohmann::json{{"op", "hold"}, {"registrant", registrant}, {"port", key.port}, {"date", key.date},
                            {"n", n}, {"wanted", wanted}, {"at", at}};
    });
  } catch (...) {
    holds_.take_back_last(registrant);  // never acknowledge what is not durable
    held_by_port_[static_cast<std::size_t>(key.port)] -= n;
    throw;
  }
}

void BookingService::settle(std::uint64_t registrant, bool confirmed, SimTime at) {
  std::optional<HoldView> v = view(registrant);
  log([&] { return settle_record(registrant, confirmed, at); });
  if (confirmed && v) keep_appointment(registrant, *v);
}

void BookingService::keep_appointment(std::uint64_t registrant, HoldView v) {
  v.confirmed = true;
  appointments_[registrant] = v;
  draws_.withdraw(registrant);  // an older entry cannot win a second appointment
}

void BookingService::draw_lottery(int entry_day, SimTime at) {
  log([&] { return nlohmann::json{{"op", "draw"}, {"day", entry_day}, {"at", at}}; });
  release_daily_slots(scenario_.supply, entry_day + 1, inventory_);
  next_draw_day_ = entry_day + 1;
  if (replaying_) return;  // winners' holds follow in the ledger as their own records
  const auto round = static_cast<std::size_t>(entry_day % 2);
  RandomStream rng = rng_.derive("lottery", static_cast<std::uint64_t>(entry_day));
  const std::vector<std::uint64_t> winners =
      draws_.of_entry_day(entry_day).draw(scenario_.supply.daily_slots, per_person(), at, rng);
  for (std::uint64_t w : winners) {
    Registrant& reg = registrants_[w];
    const int n = per_person() ? reg.lottery_party : 1;
    if (holds_.hold(w, n, n, reg.lottery_port, entry_day + 2, at) != HoldOutcome::Held) continue;
    record_hold(w, n, n, at);
    if (reg.lottery_day == entry_day) reg.lottery = BookingAnswer::LotteryWon;
    reg.drawn_day = entry_day;
    reg.drawn = BookingAnswer::LotteryWon;
    if (!scenario_.allocation.confirmation.required) {
      settle(w, true, at);
      holds_.settle(w);
    }
  }
  for (std::uint64_t r : entrants_[round]) {
    Registrant& reg = registrants_[r];
    if (reg.lottery_day == entry_day && reg.lottery == BookingAnswer::LotteryPending) reg.lottery = BookingAnswer::LotteryLost;
    if (reg.drawn_day != entry_day) {
      reg.drawn_day = entry_day;
      reg.drawn = BookingAnswer::LotteryLost;
    }
  }
  entrants_[round].clear();
}

void BookingService::restore(const std::vector<nlohmann::json>& records) {
  replaying_ = true;
  for (const nlohmann::json& r : records) {
    const std::string op = r.value("op", "");
    if (op == "start") continue;
    const SimTime at = r.at("at").get<SimTime>();
    if (race()) releases_.advance(at, inventory_);
    holds_.expire(at);
    if (op == "draw") {
      draw_lottery(r.at("day").get<int>(), at);
    } else if (op == "hold") {
      const auto reg = r.at("registrant").get<std::uint64_t>();
      const SlotKey key{r.at("port").get<int>(), r.at("date").get<int>()};
      const int n = r.at("n").get<int>();
      if (holds_.hold(reg, n, r.at("wanted").get<int>(), key.port, key.date, at) != HoldOutcome::Held ||
          !(holds_.find(reg)->parts.back().first == key))
        throw std::runtime_error(fmt::format("ledger {}: a hold for registrant {} does not replay onto the "
                                             "scenario's inventory (was the ledger written for another scenario?)",
                                             ledger_->path().string(), reg));
      held_by_port_[static_cast<std::size_t>(key.port)] += n;
    } else if (op == "settle") {
      const auto reg = r.at("registrant").get<std::uint64_t>();
      const bool confirmed = r.at("confirmed").get<bool>();
      settle(reg, confirmed, at);
      if (confirmed)
        holds_.settle(reg);
      else
        holds_.release(reg);
    }
  }
  replaying_ = false;
}

std::optional<HoldView> BookingService::view(std::uint64_t registrant) const {
  if (const Hold* h = holds_.find(registrant)) return HoldView{h->parts, h->slots, h->wanted, h->deadline, false};
  const auto a = appointments_.find(registrant);
  if (a != appointments_.end()) return a->second;
  return std::nullopt;
}

BookingAnswer BookingService::login(std::uint64_t registrant, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  registrants_.try_emplace(registrant, Registrant{now});
  return BookingAnswer::SignedIn;
}

std::optional<RoomAnswer> BookingService::pass_room(std::uint64_t registrant, SimTime now) {
  if (!room_) return std::nullopt;
  std::lock_guard lock(mutex_);
  advance(now);
  const RoomAnswer answer = room_->arrive(registrant, now, rng_);
  if (answer.status == RoomStatus::Admitted) return std::nullopt;
  return answer;
}

BookingAnswer BookingService::liveness(SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  return rng_.bernoulli(scenario_.population.liveness_fail_probability) ? BookingAnswer::LivenessFailed
                                                                         : BookingAnswer::LivenessPassed;
}

SlotList BookingService::list_slots(std::uint64_t registrant, std::optional<int> port, std::optional<int> date,
                                    SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  SlotList list;
  list.answer = list_answer(inventory_.open_total() > 0 || holds_.find(registrant) != nullptr,
                            race() && !releases_.released_today(now));
  std::vector<OpenCell>& cells = list.cells;
  const int today = day_of(now);
  const int first = date.value_or(today);
  const int last = date.value_or(today + scenario_.supply.booking_horizon_days + 1);
  const int ports = static_cast<int>(inventory_.ports().size());
  for (int p = port.value_or(0); p < (port ? *port + 1 : ports); ++p)
    for (int d = first; d <= last; ++d)
      if (const int open = inventory_.open(p, d); open > 0) cells.push_back(OpenCell{p, d, open});
  return list;
}

BookResult BookingService::book(std::uint64_t registrant, const std::string& key, int port, int party, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  Registrant& reg = registrants_.try_emplace(registrant, Registrant{now}).first->second;
  for (const auto& [k, earlier] : reg.recent)
    if (!k.empty() && k == key) {
      BookResult again = earlier;
      again.replayed = true;
      return again;
    }
  BookResult result{BookingAnswer::NoSlots, std::nullopt};
  const int wanted = per_person() ? party : 1;
  const std::optional<HoldView> existing = view(registrant);
  if (!race()) {
    result.answer = BookingAnswer::WrongStrategy;
  } else if (existing && (existing->confirmed || existing->slots >= existing->wanted)) {
    result = {BookingAnswer::AlreadyBooked, existing};
  } else if (inventory_.open_total() == 0 && !releases_.released_today(now) && releases_.next_release(now)) {
    result = {BookingAnswer::NotYetReleased, existing, *releases_.next_release(now)};
  } else if (holds_.hold(registrant, 1, wanted, port, day_of(now), now) == HoldOutcome::Held) {
    record_hold(registrant, 1, wanted, now);
    const Hold* h = holds_.find(registrant);
    const bool booked = h->complete() && !scenario_.allocation.confirmation.required;
    if (booked) {
      settle(registrant, true, now);
      holds_.settle(registrant);
    }
    result = {booked ? BookingAnswer::Booked : BookingAnswer::Held, view(registrant)};
  } else if (existing) {
    // A family that cannot all go lets its partial hold go (the simulator's rule).
    log([&] { return settle_record(registrant, false, now); });
    holds_.release(registrant);
  }
  reg.recent[reg.next_recent++ % reg.recent.size()] = {key, result};
  return result;
}

BookingAnswer BookingService::enter_lottery(std::uint64_t registrant, int port, int party, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  if (race()) return BookingAnswer::WrongStrategy;
  const int day = day_of(now);
  if (appointments_.contains(registrant)) return BookingAnswer::AlreadyBooked;  // one appointment each
  const auto known = registrants_.find(registrant);
  const SimTime registered_at = known == registrants_.end() ? now : known->second.registered_at;
  const auto round = static_cast<std::size_t>(day % 2);
  const BookingAnswer entered =
      enter_lottery_round(draws_.of_entry_day(day), scenario_.allocation.lottery, scenario_.calendar.days, holds_,
                          LotteryEntry{registrant, registered_at, std::max(1, party), false}, now);
  if (entered != BookingAnswer::LotteryEntered) return entered;
  Registrant& reg = registrants_.try_emplace(registrant, Registrant{now}).first->second;
  if (reg.lottery_day != day) entrants_[round].push_back(registrant);
  reg.lottery_day = day;
  reg.lottery_party = std::max(1, party);
  reg.lottery_port = port;
  reg.lottery = BookingAnswer::LotteryPending;
  ++lottery_entries_;
  return BookingAnswer::LotteryEntered;
}

LotteryView BookingService::lottery_result(std::uint64_t registrant, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  LotteryView v;
  const auto it = registrants_.find(registrant);
  if (it != registrants_.end() && it->second.lottery_day >= 0) {
    const Registrant& reg = it->second;
    // Entered again today before looking at yesterday's draw: the answer is yesterday's outcome (if
    // yesterday's entry was drawn: a first entry, not drawn yet, is pending).
    const bool yesterday = reg.lottery == BookingAnswer::LotteryPending && reg.drawn_day >= 0 &&
                           reg.drawn_day == reg.lottery_day - 1;
    v.answer = yesterday ? reg.drawn : reg.lottery;
    v.day = yesterday ? reg.drawn_day : reg.lottery_day;
    v.draw_at = draw_instant(v.day);
  }
  v.hold = view(registrant);
  if (v.hold && v.answer == BookingAnswer::LotteryNotEntered) v.answer = BookingAnswer::LotteryWon;  // from the ledger
  return v;
}

BookingAnswer BookingService::confirm(std::uint64_t registrant, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  if (appointments_.contains(registrant)) return BookingAnswer::Confirmed;
  const std::optional<HoldView> v = view(registrant);
  if (!v || v->slots < v->wanted) return confirm_answer(ConfirmOutcome::NoHold, !race());
  // The outcome is made durable before it is applied: a failed write leaves the hold as it was.
  RandomStream decision = rng_.derive("confirm", registrant ^ static_cast<std::uint64_t>(now));
  const ConfirmOutcome outcome = holds_.decide_confirm(registrant, now, decision);
  if (outcome == ConfirmOutcome::NoHold) {
    holds_.apply_confirm(registrant, outcome, now);  // a hold past its deadline ends (nothing to record)
    return confirm_answer(outcome, !race());
  }
  const bool confirmed = outcome == ConfirmOutcome::Confirmed;
  log([&] { return settle_record(registrant, confirmed, now); });
  holds_.apply_confirm(registrant, outcome, now);
  if (confirmed) keep_appointment(registrant, *v);
  return confirm_answer(outcome, !race());
}

std::optional<HoldView> BookingService::hold_of(std::uint64_t registrant, SimTime now) {
  std::lock_guard lock(mutex_);
  advance(now);
  return view(registrant);
}

std::optional<int> BookingService::port_index(const std::string& name) const {
  const auto& names = inventory_.ports();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) return std::nullopt;
  return static_cast<int>(it - names.begin());
}

BookingTotals BookingService::totals() const {
  std::lock_guard lock(mutex_);
  BookingTotals t;
  const int ports = static_cast<int>(inventory_.ports().size());
  t.open_by_port.assign(static_cast<std::size_t>(ports), 0);
  // Every date a release of this run can have filled.
  const int last = scenario_.calendar.days + scenario_.supply.booking_horizon_days + 1;
  for (int p = 0; p < ports; ++p)
    for (int d = 0; d <= last; ++d) t.open_by_port[static_cast<std::size_t>(p)] += inventory_.open(p, d);
  t.held_by_port = held_by_port_;
  t.confirmed_slots = holds_.confirmed_slots();
  t.released_total = inventory_.released_total();
  t.taken_total = inventory_.taken_total();
  t.returned_total = inventory_.returned_total();
  t.lottery_entries = lottery_entries_;
  if (room_) {
    t.room_waiting = room_->waiting();
    t.room_admitted = room_->admitted_total();
  }
  return t;
}

}  // namespace slotrush::mock
