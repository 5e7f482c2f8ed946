// SlotInventory: the open appointment slots by (port, appointment date), with the counters that let a
// run prove it never overbooked: released = open + (taken - returned) + expired, always.
// Plain data, no clock and not thread-safe (the mock server serialises access).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace slotrush {

// One bookable cell: a port (index into SlotInventory::ports()) and a date (day index of the
// appointment, as the calendar counts days from the start of the run).
struct SlotKey {
  int port;
  int date;
  friend bool operator==(const SlotKey&, const SlotKey&) = default;
};

class SlotInventory {
 public:
  explicit SlotInventory(std::vector<std::string> port_names);
  // The scenario's ports (supply.ports), in order.
  static std::vector<std::string> port_names_of(const Scenario& scenario);

  // Opens `count` (>= 0) more slots at (port, date). A date already expired counts straight as expired.
  void release(int port, int date, int count);
  int open(int port, int date) const;
  long open_total() const { return open_total_; }

  // Books n (>= 1) slots in one cell: all n or none (a party is never split).
  bool take(SlotKey key, int n);

  // The earliest date >= earliest_date with >= n open at preferred_port; failing that, the earliest
  // such date at any port (ties to the lowest port index). A negative preferred_port means "any port".
  // Cost: O(ports x dates with open slots).
  std::optional<SlotKey> find(int preferred_port, int n, int earliest_date) const;

  // Returns n slots a booking held (cancelled or unconfirmed) to the open pool.
  void give_back(SlotKey key, int n);

  // Drops every open slot dated before `date` and returns how many were dropped (left empty). Later
  // releases or give-backs for those dates count as expired at once.
  long expire_before(int date);

  long released_total() const { return released_total_; }
  long taken_total() const { return taken_total_; }
  long returned_total() const { return returned_total_; }
  long expired_total() const { return expired_total_; }
  const std::vector<std::string>& ports() const { return ports_; }

 private:
  void check_port(int port) const;
  // Adds n open slots to a cell, or counts them as expired when the date is already past.
  void add_open(int port, int date, int n);
  // Earliest date >= earliest_date with >= n open at one port.
  std::optional<int> earliest_at(int port, int n, int earliest_date) const;

  std::vector<std::string> ports_;
  std::vector<std::map<int, int>> open_;  // per port: date -> open count (> 0 only)
  std::optional<int> expired_before_;     // dates below this are gone
  long open_total_ = 0;
  long released_total_ = 0;
  long taken_total_ = 0;
  long returned_total_ = 0;
  long expired_total_ = 0;
};

// Splits `total` (>= 0) over shares (>= 0, not all zero; normalised by their sum) by the largest
// remainder method: floors first, then one more each to the largest fractional parts, ties to the
// lower index. The result sums exactly to total.
std::vector<int> split_by_share(int total, const std::vector<double>& shares);

}  // namespace slotrush
