#include <catch2/catch.hpp>

#include <algorithm>
#include <initializer_list>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/domain/slot_inventory.hpp"
#include "sim/random/random_stream.hpp"

using slotrush::SlotInventory;
using slotrush::SlotKey;
using slotrush::split_by_share;

namespace {

struct Release {
  int port, date, count;
};

// Three ports with the given slots open.
SlotInventory three_ports(std::initializer_list<Release> releases = {}) {
  SlotInventory inv({"San Ysidro", "Nogales", "El Paso"});
  for (const Release& r : releases) inv.release(r.port, r.date, r.count);
  return inv;
}

void check_conservation(const SlotInventory& inv) {
  CHECK(inv.released_total() ==
        inv.open_total() + (inv.taken_total() - inv.returned_total()) + inv.expired_total());
}

}  // namespace

TEST_CASE("a take is all or none and never books more than is open") {
  auto inv = three_ports({{0, 5, 3}});
  CHECK_FALSE(inv.take({0, 5}, 4));
  CHECK(inv.open(0, 5) == 3);
  CHECK(inv.take({0, 5}, 2));
  CHECK(inv.open(0, 5) == 1);
  CHECK_FALSE(inv.take({0, 5}, 2));
  CHECK(inv.take({0, 5}, 1));
  CHECK_FALSE(inv.take({0, 5}, 1));
  CHECK(inv.taken_total() == 3);
  CHECK(inv.open_total() == 0);
}

TEST_CASE("random releases, takes, give-backs and expiries never overbook and conserve slots") {
  auto inv = three_ports();
  slotrush::RandomStream rng(11, "slot-inventory-test");
  std::vector<std::vector<int>> model(3, std::vector<int>(30, 0));  // what should be open
  std::vector<SlotKey> held;
  int expired_through = 0;
  for (int step = 0; step < 20000; ++step) {
    const int port = static_cast<int>(rng.below(3));
    const int date = static_cast<int>(rng.below(30));
    const int n = 1 + static_cast<int>(rng.below(4));
    if (step % 1000 == 999) {
      expired_through = std::min(29, expired_through + 1);
      inv.expire_before(expired_through);
      for (auto& port_dates : model) {
        for (int d = 0; d < expired_through; ++d) port_dates[d] = 0;
      }
    }
    switch (rng.below(10)) {
      case 0:
      case 1:
        inv.release(port, date, n);
        if (date >= expired_through) model[port][date] += n;
        break;
      case 2:
        if (!held.empty()) {
          inv.give_back(held.back(), 1);
          if (held.back().date >= expired_through) ++model[held.back().port][held.back().date];
          held.pop_back();
        }
        break;
      default: {
        const bool ok = inv.take({port, date}, n);
        REQUIRE(ok == (model[port][date] >= n));
        if (ok) {
          model[port][date] -= n;
          for (int i = 0; i < n; ++i) held.push_back({port, date});
        }
      }
    }
    REQUIRE(inv.open(port, date) == model[port][date]);
  }
  long open = 0;
  for (int p = 0; p < 3; ++p) {
    for (int d = 0; d < 30; ++d) {
      REQUIRE(inv.open(p, d) == model[p][d]);
      open += model[p][d];
    }
  }
  CHECK(inv.open_total() == open);
  check_conservation(inv);
}

TEST_CASE("find returns the earliest date with room at the preferred port first") {
  auto inv = three_ports({{0, 9, 5}, {1, 3, 5}, {2, 3, 5}, {0, 7, 1}});
  CHECK(inv.find(0, 2, 0) == SlotKey{0, 9});  // date 7 has only one slot for a party of two
  CHECK(inv.find(0, 1, 0) == SlotKey{0, 7});
  CHECK(inv.find(0, 2, 10) == std::nullopt);
  CHECK(inv.find(0, 6, 0) == std::nullopt);
}

TEST_CASE("find falls back to the earliest date at any port, ties to the lowest port index") {
  auto inv = three_ports({{2, 3, 5}, {1, 3, 5}, {0, 8, 5}});
  CHECK(inv.find(0, 6, 0) == std::nullopt);
  inv.take({0, 8}, 5);
  CHECK(inv.find(0, 2, 0) == SlotKey{1, 3});
  CHECK(inv.find(-1, 2, 0) == SlotKey{1, 3});
  CHECK(inv.find(2, 2, 0) == SlotKey{2, 3});
  CHECK(inv.find(0, 2, 4) == std::nullopt);
}

TEST_CASE("expiry drops the open slots before a date and counts them") {
  auto inv = three_ports({{0, 1, 4}, {1, 2, 3}, {2, 3, 2}});
  inv.take({1, 2}, 1);
  CHECK(inv.expire_before(3) == 6);
  CHECK(inv.open(0, 1) == 0);
  CHECK(inv.open(2, 3) == 2);
  CHECK(inv.expired_total() == 6);
  SECTION("a give-back or release for a past date expires at once") {
    inv.give_back({1, 2}, 1);
    inv.release(0, 0, 5);
    CHECK(inv.open_total() == 2);
    CHECK(inv.expired_total() == 12);
    check_conservation(inv);
  }
}

TEST_CASE("the inventory refuses nonsense") {
  auto inv = three_ports();
  CHECK_THROWS_AS(inv.release(3, 0, 1), std::out_of_range);
  CHECK_THROWS_AS(inv.release(0, 0, -1), std::invalid_argument);
  CHECK_THROWS_AS(inv.take({0, 0}, 0), std::invalid_argument);
  CHECK_THROWS_AS(inv.give_back({0, 0}, 1), std::logic_error);  // nothing was taken
  CHECK(inv.ports().size() == 3);
}

TEST_CASE("split by share uses the largest remainder and sums exactly") {
  CHECK(split_by_share(10, {1, 1, 1}) == std::vector<int>{4, 3, 3});
  CHECK(split_by_share(7, {0.5, 0.5}) == std::vector<int>{4, 3});
  CHECK(split_by_share(100, {0.333, 0.333, 0.334}) == std::vector<int>{33, 33, 34});
  CHECK(split_by_share(0, {0.2, 0.8}) == std::vector<int>{0, 0});
  // shared/domain.md §6.2: San Ysidro gets 400 of 1,450, the seven others the rest evenly.
  std::vector<double> shares{0.276};
  for (int i = 0; i < 7; ++i) shares.push_back((1.0 - 0.276) / 7.0);
  const auto ports = split_by_share(1450, shares);
  CHECK(ports[0] == 400);
  CHECK(std::accumulate(ports.begin(), ports.end(), 0) == 1450);
  CHECK(*std::max_element(ports.begin() + 1, ports.end()) -
            *std::min_element(ports.begin() + 1, ports.end()) <= 1);

  slotrush::RandomStream rng(5, "split-test");
  for (int trial = 0; trial < 2000; ++trial) {
    const int total = static_cast<int>(rng.below(5000));
    std::vector<double> s(1 + rng.below(12));
    for (auto& x : s) x = rng.uniform01() < 0.1 ? 0.0 : rng.uniform(0.0, 3.0);
    s[0] += 1e-3;
    const auto parts = split_by_share(total, s);
    REQUIRE(std::accumulate(parts.begin(), parts.end(), 0) == total);
    const double sum = std::accumulate(s.begin(), s.end(), 0.0);
    for (std::size_t i = 0; i < s.size(); ++i) REQUIRE(std::abs(parts[i] - total * s[i] / sum) < 1.0);
  }
  CHECK_THROWS_AS(split_by_share(5, {0.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(split_by_share(5, {}), std::invalid_argument);
  CHECK_THROWS_AS(split_by_share(5, {1.0, -0.1}), std::invalid_argument);
}
