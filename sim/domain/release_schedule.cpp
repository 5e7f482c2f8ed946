#include "sim/domain/release_schedule.hpp"

#include <stdexcept>

namespace slotrush {

void release_daily_slots(const SupplySpec& supply, int day, SlotInventory& inventory) {
  std::vector<double> shares;
  for (const PortSpec& p : supply.ports) shares.push_back(p.share);
  const std::vector<int> split = split_by_share(supply.daily_slots, shares);
  const int date = day + supply.booking_horizon_days;
  for (std::size_t port = 0; port < split.size(); ++port)
    inventory.release(static_cast<int>(port), date, split[port]);
}

ReleaseSchedule::ReleaseSchedule(SupplySpec supply, SimTime release_time, int days)
    : supply_(std::move(supply)), release_time_(release_time), days_(days) {
  if (release_time < 0 || release_time >= kDay)
    throw std::invalid_argument("ReleaseSchedule: release time must be within one day");
  if (days < 0) throw std::invalid_argument("ReleaseSchedule: days must be >= 0");
  if (supply_.ports.empty()) throw std::invalid_argument("ReleaseSchedule: no ports");
}

std::vector<int> ReleaseSchedule::advance(SimTime now, SlotInventory& inventory) {
  std::vector<int> released;
  while (next_day_ < days_ && release_instant(next_day_) <= now) {
    release_daily_slots(supply_, next_day_, inventory);
    released.push_back(next_day_++);
  }
  return released;
}

std::optional<SimTime> ReleaseSchedule::next_release(SimTime now) const {
  for (int d = next_day_; d < days_; ++d)
    if (release_instant(d) > now) return release_instant(d);
  return std::nullopt;
}

bool ReleaseSchedule::released_today(SimTime now) const {
  const auto today = static_cast<int>(now / kDay);
  return today < next_day_;
}

}  // namespace slotrush
