#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include "sim/domain/lottery_draw.hpp"
#include "sim/random/random_stream.hpp"

using slotrush::kDay;
using slotrush::LotteryDraw;
using slotrush::LotteryEntry;
using slotrush::LotteryRules;
using slotrush::RandomStream;
using slotrush::AllocationStrategy;
using slotrush::lottery_rules_of;
using slotrush::Scenario;

namespace {

constexpr LotteryRules kPlain{0.0, 0.0, 1, false};

// Registrant i registered on day 100 - i: the higher the id, the longer it has waited.
std::vector<LotteryEntry> staggered(int n, int party_size = 1) {
  std::vector<LotteryEntry> entries;
  for (int i = 0; i < n; ++i) {
    entries.push_back({static_cast<std::uint64_t>(i), (100 - i) * kDay, party_size});
  }
  return entries;
}

std::vector<std::uint64_t> run(LotteryRules rules, const std::vector<LotteryEntry>& entries, int slots,
                               bool per_person, std::uint64_t seed) {
  LotteryDraw draw(rules);
  for (const auto& e : entries) draw.enter(e);
  RandomStream rng(seed, "lottery-test");
  return draw.draw(slots, per_person, 101 * kDay, rng);
}

}  // namespace

TEST_CASE("a registrant gets only entries_per_identity entries in a round") {
  LotteryDraw one(kPlain);
  CHECK(one.enter({7, 0, 1}));
  CHECK_FALSE(one.enter({7, 0, 1}));
  CHECK(one.enter({8, 0, 1}));
  CHECK(one.entries() == 2);

  LotteryDraw two({0.0, 0.0, 2, false});
  CHECK(two.enter({7, 0, 1}));
  CHECK(two.enter({7, 0, 1}));
  CHECK_FALSE(two.enter({7, 0, 1}));
  SECTION("and even with several entries wins at most once") {
    RandomStream rng(1, "lottery-test");
    CHECK(two.draw(5, false, 0, rng) == std::vector<std::uint64_t>{7});
  }
}

TEST_CASE("the draw clears the round") {
  LotteryDraw draw(kPlain);
  draw.enter({1, 0, 1});
  RandomStream rng(1, "lottery-test");
  CHECK(draw.draw(1, false, 0, rng).size() == 1);
  CHECK(draw.entries() == 0);
  CHECK(draw.enter({1, 0, 1}));
}

TEST_CASE("the seniority reserve goes to the oldest registrations, ties by id") {
  const auto entries = staggered(50);  // id 49 registered first
  const auto winners = run({0.5, 0.0, 1, false}, entries, 10, false, 3);
  REQUIRE(winners.size() == 10);
  CHECK(std::vector<std::uint64_t>(winners.begin(), winners.begin() + 5) ==
        std::vector<std::uint64_t>{49, 48, 47, 46, 45});
  for (std::size_t i = 5; i < 10; ++i) CHECK(winners[i] < 45);

  std::vector<LotteryEntry> same_day{{30, 0, 1}, {10, 0, 1}, {20, 0, 1}};
  CHECK(run({1.0, 0.0, 1, false}, same_day, 2, false, 3) == std::vector<std::uint64_t>{10, 20});
}

TEST_CASE("the winners do not depend on the order entries arrived in") {
  auto entries = staggered(500);
  for (std::size_t i = 0; i < entries.size(); ++i) entries[i].party_size = 1 + static_cast<int>(i % 4);
  const auto expected = run({0.3, 0.5, 1, false}, entries, 120, true, 9);
  RandomStream shuffler(2, "shuffle");
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(entries.begin(), entries.end(), shuffler);
    CHECK(run({0.3, 0.5, 1, false}, entries, 120, true, 9) == expected);
  }
  CHECK(run({0.3, 0.5, 1, false}, entries, 120, true, 10) != expected);  // the seed does matter
}

TEST_CASE("duplicate detection removes every sybil entry before the draw") {
  std::vector<LotteryEntry> entries;
  for (std::uint64_t i = 0; i < 200; ++i) entries.push_back({i, 0, 1, i % 2 == 0});
  auto sybil_wins = [&](bool detect) {
    const auto winners = run({0.0, 0.0, 1, detect}, entries, 50, false, 4);
    REQUIRE(winners.size() == 50);
    return std::count_if(winners.begin(), winners.end(), [](std::uint64_t id) { return id % 2 == 0; });
  };
  CHECK(sybil_wins(true) == 0);
  CHECK(sybil_wins(false) > 10);  // half the entries: about 25 expected
}

TEST_CASE("a party that does not fit is skipped and unused reserve flows to the random part") {
  // Slots 10, reserve 5: the reserve fits one party of three, leaving 2 for the random part, which
  // then has 7: two parties. Without the flow it would have 5: one party.
  const auto winners = run({0.5, 0.0, 1, false}, staggered(40, 3), 10, true, 5);
  CHECK(winners.size() == 3);
  LotteryDraw draw({0.5, 0.0, 1, false});
  for (const auto& e : staggered(40, 3)) draw.enter(e);
  RandomStream rng(5, "lottery-test");
  draw.draw(10, true, 101 * kDay, rng);
  CHECK(draw.last_slots_used() == 9);
  CHECK(draw.last_reserve_winners() == 1);

  SECTION("a big party is passed over for a smaller one that fits") {
    std::vector<LotteryEntry> entries{{1, 0, 4}, {2, kDay, 1}};
    CHECK(run({1.0, 0.0, 1, false}, entries, 3, true, 1) == std::vector<std::uint64_t>{2});
    CHECK(run({1.0, 0.0, 1, false}, entries, 3, false, 1) == std::vector<std::uint64_t>{1, 2});
  }
}

TEST_CASE("with enough slots every entrant wins and slots are never overspent") {
  RandomStream sizes(8, "sizes");
  for (int trial = 0; trial < 50; ++trial) {
    auto entries = staggered(30);
    int demand = 0;
    for (auto& e : entries) demand += (e.party_size = 1 + static_cast<int>(sizes.below(6)));
    const int slots = static_cast<int>(sizes.below(static_cast<std::uint64_t>(demand) + 10));
    LotteryDraw draw({sizes.uniform01(), 0.2, 1, false});
    for (const auto& e : entries) draw.enter(e);
    RandomStream rng(static_cast<std::uint64_t>(trial), "lottery-test");
    const auto winners = draw.draw(slots, true, 101 * kDay, rng);
    int used = 0;
    for (auto id : winners) used += entries[id].party_size;
    REQUIRE(used == draw.last_slots_used());
    REQUIRE(used <= slots);
    REQUIRE(std::set<std::uint64_t>(winners.begin(), winners.end()).size() == winners.size());
    if (slots >= demand) REQUIRE(winners.size() == entries.size());
  }
}

TEST_CASE("an unweighted lottery gives every entrant the same chance") {
  // 10 entrants, 1 slot, 20,000 draws: each count is Binomial(20000, 0.1), sd 42.4; allow 4.5 sd.
  std::vector<int> wins(10, 0);
  const auto entries = staggered(10);
  for (std::uint64_t seed = 0; seed < 20000; ++seed) ++wins[run(kPlain, entries, 1, false, seed)[0]];
  for (int w : wins) CHECK(std::abs(w - 2000) < 4.5 * 42.4);
}

TEST_CASE("a weighted lottery favours long waiters in proportion to their weight") {
  // Two entrants, one waited 30 days (weight 1 + 30 = 31), one 0 days (weight 1): the first wins a
  // single slot with probability 31/32. 4,000 draws: sd = sqrt(4000 * 31/32 * 1/32) = 11.0.
  std::vector<LotteryEntry> entries{{1, 71 * kDay, 1}, {2, 101 * kDay, 1}};
  int old_wins = 0;
  for (std::uint64_t seed = 0; seed < 4000; ++seed) old_wins += run({0.0, 1.0, 1, false}, entries, 1, false, seed)[0] == 1;
  CHECK(std::abs(old_wins - 4000.0 * 31.0 / 32.0) < 4.5 * 11.0);

  // With no weight the chances are even: 2000 +- 4.5 * 31.6.
  int even_wins = 0;
  for (std::uint64_t seed = 0; seed < 4000; ++seed) even_wins += run(kPlain, entries, 1, false, seed)[0] == 1;
  CHECK(std::abs(even_wins - 2000.0) < 4.5 * 31.6);
}

TEST_CASE("lottery rules out of range are refused") {
  CHECK_THROWS_AS(LotteryDraw({1.5, 0.0, 1, false}), std::invalid_argument);
  CHECK_THROWS_AS(LotteryDraw({0.5, -1.0, 1, false}), std::invalid_argument);
  CHECK_THROWS_AS(LotteryDraw({0.5, 0.0, 0, false}), std::invalid_argument);
  LotteryDraw draw(kPlain);
  CHECK_THROWS_AS(draw.enter({1, 0, 0}), std::invalid_argument);
}

TEST_CASE("a scenario's draw weighs days waited under weighted_lottery only, on both clocks") {
  Scenario s;
  s.allocation.lottery.weight_per_day_waited = 0.25;
  s.allocation.lottery.senior_reserve_fraction = 0.4;
  s.allocation.strategy = AllocationStrategy::Lottery;
  CHECK(lottery_rules_of(s).weight_per_day_waited == 0.0);
  CHECK(lottery_rules_of(s).senior_reserve_fraction == 0.4);
  s.allocation.strategy = AllocationStrategy::WeightedLottery;
  CHECK(lottery_rules_of(s).weight_per_day_waited == 0.25);
}

TEST_CASE("a withdrawn registrant cannot win, and who else wins does not change") {
  const auto entries = staggered(40);
  // Take the winners of the full draw, then draw again with a reserve winner and a random winner
  // withdrawn: the others keep their places and the next in line fills each freed slot.
  const auto full = run({0.25, 0.0, 1, false}, entries, 8, false, 11);
  REQUIRE(full.size() == 8);
  const std::uint64_t senior = full.front();  // a reserve winner
  const std::uint64_t lucky = full.back();    // a random winner
  LotteryDraw draw({0.25, 0.0, 1, false});
  for (const auto& e : entries) draw.enter(e);
  draw.withdraw(senior);
  draw.withdraw(lucky);
  draw.withdraw(1000);  // never entered: nothing happens
  draw.withdraw(lucky);  // twice: counted once
  CHECK(draw.entries() == 38);
  CHECK_FALSE(draw.enter(entries[static_cast<std::size_t>(lucky)]));  // no entry after withdrawing
  RandomStream rng(11, "lottery-test");
  const auto without = draw.draw(8, false, 101 * kDay, rng);
  REQUIRE(without.size() == 8);
  CHECK(std::find(without.begin(), without.end(), senior) == without.end());
  CHECK(std::find(without.begin(), without.end(), lucky) == without.end());
  // Everyone else who won still wins: their keys did not move.
  for (std::uint64_t w : full)
    if (w != senior && w != lucky) CHECK(std::find(without.begin(), without.end(), w) != without.end());
  SECTION("the next round starts with nobody withdrawn") {
    CHECK(draw.entries() == 0);
    CHECK(draw.enter(entries[static_cast<std::size_t>(lucky)]));
    CHECK(draw.entries() == 1);
  }
}
