#include "sim/domain/slot_inventory.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace slotrush {

std::vector<std::string> SlotInventory::port_names_of(const Scenario& scenario) {
  std::vector<std::string> names;
  for (const PortSpec& p : scenario.supply.ports) names.push_back(p.name);
  return names;
}

SlotInventory::SlotInventory(std::vector<std::string> port_names)
    : ports_(std::move(port_names)), open_(ports_.size()) {
  if (ports_.empty()) throw std::invalid_argument("SlotInventory: at least one port is needed");
}

void SlotInventory::check_port(int port) const {
  if (port < 0 || static_cast<std::size_t>(port) >= ports_.size()) {
    throw std::out_of_range("SlotInventory: no port with index " + std::to_string(port));
  }
}

void SlotInventory::add_open(int port, int date, int n) {
  if (expired_before_ && date < *expired_before_) {
    expired_total_ += n;
    return;
  }
  open_[port][date] += n;
  open_total_ += n;
}

void SlotInventory::release(int port, int date, int count) {
  check_port(port);
  if (count < 0) throw std::invalid_argument("SlotInventory::release: count must be >= 0");
  if (count == 0) return;
  released_total_ += count;
  add_open(port, date, count);
}

int SlotInventory::open(int port, int date) const {
  check_port(port);
  const auto it = open_[port].find(date);
  return it == open_[port].end() ? 0 : it->second;
}

bool SlotInventory::take(SlotKey key, int n) {
  check_port(key.port);
  if (n < 1) throw std::invalid_argument("SlotInventory::take: n must be >= 1");
  auto& cells = open_[key.port];
  const auto it = cells.find(key.date);
  if (it == cells.end() || it->second < n) return false;
  it->second -= n;
  if (it->second == 0) cells.erase(it);
  open_total_ -= n;
  taken_total_ += n;
  return true;
}

std::optional<int> SlotInventory::earliest_at(int port, int n, int earliest_date) const {
  const auto& cells = open_[port];
  for (auto it = cells.lower_bound(earliest_date); it != cells.end(); ++it) {
    if (it->second >= n) return it->first;
  }
  return std::nullopt;
}

std::optional<SlotKey> SlotInventory::find(int preferred_port, int n, int earliest_date) const {
  if (n < 1) throw std::invalid_argument("SlotInventory::find: n must be >= 1");
  if (preferred_port >= 0) {
    check_port(preferred_port);
    if (auto date = earliest_at(preferred_port, n, earliest_date)) return SlotKey{preferred_port, *date};
  }
  std::optional<SlotKey> best;
  for (int port = 0; port < static_cast<int>(ports_.size()); ++port) {
    if (port == preferred_port) continue;
    const auto date = earliest_at(port, n, earliest_date);
    if (date && (!best || *date < best->date)) best = SlotKey{port, *date};
  }
  return best;
}

void SlotInventory::give_back(SlotKey key, int n) {
  check_port(key.port);
  if (n < 1) throw std::invalid_argument("SlotInventory::give_back: n must be >= 1");
  if (returned_total_ + n > taken_total_) {
    throw std::logic_error("SlotInventory::give_back: more slots returned than were taken");
  }
  returned_total_ += n;
  add_open(key.port, key.date, n);
}

long SlotInventory::expire_before(int date) {
  long dropped = 0;
  for (auto& cells : open_) {
    const auto end = cells.lower_bound(date);
    for (auto it = cells.begin(); it != end; ++it) dropped += it->second;
    cells.erase(cells.begin(), end);
  }
  if (!expired_before_ || date > *expired_before_) expired_before_ = date;
  open_total_ -= dropped;
  expired_total_ += dropped;
  return dropped;
}

std::vector<int> split_by_share(int total, const std::vector<double>& shares) {
  if (total < 0) throw std::invalid_argument("split_by_share: total must be >= 0");
  double sum = 0.0;
  for (double s : shares) {
    if (!(s >= 0.0) || !std::isfinite(s)) {
      throw std::invalid_argument("split_by_share: shares must be finite and >= 0");
    }
    sum += s;
  }
  if (!(sum > 0.0)) throw std::invalid_argument("split_by_share: shares must not all be zero");

  std::vector<int> parts(shares.size());
  std::vector<double> fraction(shares.size());
  long assigned = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double quota = static_cast<double>(total) * (shares[i] / sum);
    parts[i] = static_cast<int>(std::floor(quota));
    fraction[i] = quota - parts[i];
    assigned += parts[i];
  }
  std::vector<std::size_t> order(shares.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return fraction[a] > fraction[b]; });
  // Each floor is at most its quota, so the remainder is in [0, number of shares).
  const long remainder = total - assigned;
  for (long k = 0; k < remainder; ++k) ++parts[order[static_cast<std::size_t>(k)]];
  return parts;
}

}  // namespace slotrush
