#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "sim/domain/arrival_profile.hpp"
#include "sim/domain/device_start_plan.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"

using slotrush::ArrivalSpec;
using slotrush::BackgroundArrivals;
using slotrush::BackgroundLoadSpec;
using slotrush::DailyStartTime;
using slotrush::kHour;
using slotrush::kSecond;
using slotrush::RandomStream;
using slotrush::SimTime;

TEST_CASE("a daily start time is the anchor plus the offset, never earlier than allowed") {
  ArrivalSpec spec;
  spec.offset_seconds = slotrush::Normal(0.0, 20.0);
  spec.earliest = 10 * kSecond;
  const DailyStartTime start(spec);
  RandomStream rng(1, "start-test");
  const SimTime anchor = 9 * kHour;
  int clipped = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    const SimTime t = start.sample(anchor, rng);
    REQUIRE(t >= anchor - 10 * kSecond);
    clipped += t == anchor - 10 * kSecond;
  }
  // P(N(0, 20) < -10) = Phi(-0.5) = 0.3085; sd of the share = sqrt(p(1-p)/n) = 0.0033.
  CHECK(std::abs(clipped / double(n) - 0.3085) < 4.5 * 0.0033);
  spec.earliest = -kSecond;
  CHECK_THROWS_AS(DailyStartTime(spec), std::invalid_argument);
}

TEST_CASE("the background rate is piecewise constant and spikes multiply") {
  BackgroundLoadSpec spec;
  spec.rate_per_second = 20.0;
  spec.start = 100 * kSecond;
  spec.end = 700 * kSecond;
  spec.spikes = {{300 * kSecond, 60 * kSecond, 5.0}, {340 * kSecond, 60 * kSecond, 2.0}};
  const BackgroundArrivals load(spec, kHour);
  CHECK(load.rate_at(50 * kSecond) == 0.0);
  CHECK(load.rate_at(100 * kSecond) == 20.0);
  CHECK(load.rate_at(300 * kSecond) == 100.0);
  CHECK(load.rate_at(350 * kSecond) == 200.0);
  CHECK(load.rate_at(370 * kSecond) == 40.0);
  CHECK(load.rate_at(400 * kSecond) == 20.0);
  CHECK(load.rate_at(700 * kSecond) == 0.0);
  spec.end = 0;  // the horizon
  CHECK(BackgroundArrivals(spec, kHour).rate_at(kHour - 1) == 20.0);
  CHECK(BackgroundArrivals(spec, kHour).rate_at(kHour) == 0.0);
}

TEST_CASE("background arrivals during a spike count within a Poisson interval") {
  BackgroundLoadSpec spec;
  spec.rate_per_second = 20.0;
  spec.start = 0;
  spec.end = 600 * kSecond;
  spec.spikes = {{200 * kSecond, 60 * kSecond, 5.0}};
  const BackgroundArrivals load(spec, kHour);
  RandomStream rng(2, "background-test");
  long in_spike = 0, outside = 0;
  SimTime t = -1;
  while (auto next = load.next_after(t, rng)) {
    REQUIRE(*next > t);
    REQUIRE(*next < 600 * kSecond);
    t = *next;
    (t >= 200 * kSecond && t < 260 * kSecond ? in_spike : outside) += 1;
  }
  // Spike: mean 100/s * 60 s = 6000, sd 77.5. Elsewhere: 20/s * 540 s = 10800, sd 103.9.
  CHECK(std::abs(in_spike - 6000) < 4.5 * 77.5);
  CHECK(std::abs(outside - 10800) < 4.5 * 103.9);
}

TEST_CASE("no background arrivals past the end or at a zero rate") {
  BackgroundLoadSpec spec;
  spec.rate_per_second = 5.0;
  spec.end = 10 * kSecond;
  RandomStream rng(3, "background-test");
  CHECK_FALSE(BackgroundArrivals(spec, kHour).next_after(10 * kSecond, rng).has_value());
  spec.rate_per_second = 0.0;
  CHECK_FALSE(BackgroundArrivals(spec, kHour).next_after(0, rng).has_value());
  spec.rate_per_second = -1.0;
  CHECK_THROWS_AS(BackgroundArrivals(spec, kHour), std::invalid_argument);
}

TEST_CASE("device start plan: bots at the release, lottery requests inside the window, devices within seconds") {
  using namespace slotrush;
  Scenario race;
  race.allocation.strategy = AllocationStrategy::FirstComeRace;
  race.allocation.race.release_time = 9 * kHour;
  race.population.arrival.offset_seconds = Normal(0.0, 600.0);
  race.population.arrival.earliest = 3 * kHour;
  race.waiting_room.enabled = true;
  race.waiting_room.opens_before = 30 * kMinute;
  Scenario lottery = race;
  lottery.allocation.strategy = AllocationStrategy::Lottery;
  lottery.allocation.lottery.window_open = 12 * kHour;
  lottery.allocation.lottery.window_close = 13 * kHour;
  const DeviceStartPlan race_plan(race), lottery_plan(lottery);
  CHECK(race_plan.anchor_of_day(2) == 2 * kDay + 9 * kHour);
  CHECK(lottery_plan.anchor_of_day(2) == 2 * kDay + 12 * kHour);
  for (std::uint64_t person = 0; person < 2000; ++person) {
    RandomStream today(7, "person-day", person);
    const SimTime bot = race_plan.first_start(true, 1, today);
    CHECK(std::llabs(bot - (kDay + 9 * kHour)) <= 50 * kMillisecond);
    CHECK(DeviceStartPlan::next_device_offset(true, today) <= 100 * kMillisecond);
    const SimTime person_start = race_plan.first_start(false, 1, today);
    CHECK(person_start >= kDay + 9 * kHour - 30 * kMinute);  // not before the pre-queue opens
    const SimTime offset = DeviceStartPlan::next_device_offset(false, today);
    CHECK((offset >= 0 && offset <= 2 * kSecond));
    const SimTime entry = lottery_plan.first_start(false, 1, today);
    CHECK((entry >= kDay + 12 * kHour && entry < kDay + 13 * kHour));
  }
}
