#include "sim/domain/slot_holds.hpp"

#include <stdexcept>

namespace slotrush {

SlotHolds::SlotHolds(SlotInventory& inventory, ConfirmationSpec confirmation, bool return_unconfirmed)
    : inventory_(inventory), confirmation_(confirmation), return_unconfirmed_(return_unconfirmed) {
  if (confirmation.success_probability < 0 || confirmation.success_probability > 1)
    throw std::invalid_argument("SlotHolds: success probability must be in [0, 1]");
  if (confirmation.deadline < 0) throw std::invalid_argument("SlotHolds: deadline must be >= 0");
}

HoldOutcome SlotHolds::hold(std::uint64_t registrant, int n, int wanted, int preferred_port,
                            int earliest_date, SimTime now) {
  if (n < 1 || wanted < n) throw std::invalid_argument("SlotHolds::hold: need 1 <= n <= wanted");
  auto it = holds_.find(registrant);
  if (it != holds_.end() && it->second.complete()) return HoldOutcome::AlreadyHeld;
  const std::optional<SlotKey> key = inventory_.find(preferred_port, n, earliest_date);
  if (!key || !inventory_.take(*key, n)) return HoldOutcome::NoSlots;
  if (it == holds_.end()) {
    Hold h;
    h.wanted = wanted;
    h.deadline = now + confirmation_.deadline;
    it = holds_.emplace(registrant, std::move(h)).first;
    const std::uint64_t serial = next_serial_++;
    serial_[registrant] = serial;
    deadlines_.push({it->second.deadline, {registrant, serial}});
  }
  it->second.parts.emplace_back(*key, n);
  it->second.slots += n;
  return HoldOutcome::Held;
}

ConfirmOutcome SlotHolds::confirm(std::uint64_t registrant, SimTime now, RandomStream& rng) {
  const ConfirmOutcome outcome = decide_confirm(registrant, now, rng);
  apply_confirm(registrant, outcome, now);
  return outcome;
}

ConfirmOutcome SlotHolds::decide_confirm(std::uint64_t registrant, SimTime now, RandomStream& rng) const {
  const auto it = holds_.find(registrant);
  if (it == holds_.end() || !it->second.complete() || now > it->second.deadline) return ConfirmOutcome::NoHold;
  return rng.bernoulli(confirmation_.success_probability) ? ConfirmOutcome::Confirmed : ConfirmOutcome::Refused;
}

void SlotHolds::apply_confirm(std::uint64_t registrant, ConfirmOutcome outcome, SimTime now) {
  auto it = holds_.find(registrant);
  if (it == holds_.end() || !it->second.complete()) return;
  switch (outcome) {
    case ConfirmOutcome::Confirmed:
      confirmed_slots_ += it->second.slots;
      serial_.erase(registrant);
      holds_.erase(it);
      break;
    case ConfirmOutcome::Refused: end(it); break;
    case ConfirmOutcome::NoHold:
      if (now > it->second.deadline) end(it);  // too late: the hold ends
      break;
  }
}

bool SlotHolds::settle(std::uint64_t registrant) {
  auto it = holds_.find(registrant);
  if (it == holds_.end() || !it->second.complete()) return false;
  confirmed_slots_ += it->second.slots;
  serial_.erase(registrant);
  holds_.erase(it);
  return true;
}

void SlotHolds::release(std::uint64_t registrant) {
  auto it = holds_.find(registrant);
  if (it != holds_.end()) end(it);
}

long SlotHolds::expire(SimTime now) {
  long slots = 0;
  while (!deadlines_.empty() && deadlines_.top().first <= now) {
    const auto [registrant, serial] = deadlines_.top().second;
    deadlines_.pop();
    const auto s = serial_.find(registrant);
    if (s == serial_.end() || s->second != serial) continue;  // confirmed or ended already
    auto it = holds_.find(registrant);
    slots += it->second.slots;
    end(it);
  }
  return slots;
}

void SlotHolds::take_back_last(std::uint64_t registrant) {
  auto it = holds_.find(registrant);
  if (it == holds_.end() || it->second.parts.empty()) return;
  const auto [key, n] = it->second.parts.back();
  inventory_.give_back(key, n);
  it->second.parts.pop_back();
  it->second.slots -= n;
  if (it->second.parts.empty()) {  // its deadline entry goes stale with the serial
    serial_.erase(registrant);
    holds_.erase(it);
  }
}

const Hold* SlotHolds::find(std::uint64_t registrant) const {
  const auto it = holds_.find(registrant);
  return it == holds_.end() ? nullptr : &it->second;
}

std::optional<double> SlotHolds::confirmed_share() const {
  const long ended = confirmed_slots_ + unconfirmed_slots_;
  if (ended == 0) return std::nullopt;
  return static_cast<double>(confirmed_slots_) / static_cast<double>(ended);
}

void SlotHolds::end(std::unordered_map<std::uint64_t, Hold>::iterator it) {
  unconfirmed_slots_ += it->second.slots;
  if (return_unconfirmed_)
    for (const auto& [key, n] : it->second.parts) inventory_.give_back(key, n);
  else
    lost_slots_ += it->second.slots;
  serial_.erase(it->first);
  holds_.erase(it);
}

}  // namespace slotrush
