#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "sim/domain/waiting_room.hpp"
#include "sim/random/random_stream.hpp"

using slotrush::kMillisecond;
using slotrush::kMinute;
using slotrush::kSecond;
using slotrush::QueueOrder;
using slotrush::RandomStream;
using slotrush::RoomAnswer;
using slotrush::RoomStatus;
using slotrush::SimTime;
using slotrush::WaitingRoom;
using slotrush::WaitingRoomSpec;

namespace {

constexpr SimTime kStart = 60 * kMinute;  // the event starts an hour into the run

WaitingRoomSpec room_spec(double per_minute, int cap = 0, SimTime session = 5 * kMinute) {
  WaitingRoomSpec spec;
  spec.enabled = true;
  spec.opens_before = 30 * kMinute;
  spec.shuffle_at_open = false;
  spec.order_after_open = QueueOrder::Fifo;
  spec.new_users_per_minute = per_minute;
  spec.total_active_users = cap;
  spec.session_duration = session;
  spec.poll_interval = 30 * kSecond;
  return spec;
}

// Clients 0..n-1 join the pre-queue in id order, ten minutes before the event.
void fill_prequeue(WaitingRoom& room, std::uint64_t n, RandomStream& rng) {
  for (std::uint64_t c = 0; c < n; ++c) room.arrive(c, kStart - 10 * kMinute, rng);
}

// Ticks every `step` from the event start until `until`, collecting admissions in order.
std::vector<std::uint64_t> admissions(WaitingRoom& room, SimTime until, SimTime step, RandomStream& rng) {
  std::vector<std::uint64_t> order;
  for (SimTime t = kStart; t <= until; t += step) {
    for (auto c : room.admit_due(t, rng)) order.push_back(c);
  }
  return order;
}

std::vector<std::uint64_t> iota_ids(std::uint64_t n) {
  std::vector<std::uint64_t> ids(n);
  std::iota(ids.begin(), ids.end(), std::uint64_t{0});
  return ids;
}

}  // namespace

TEST_CASE("nobody is admitted before the event and nobody queues before the pre-queue opens") {
  WaitingRoom room(room_spec(600), kStart);
  RandomStream rng(1, "room-test");
  const RoomAnswer early = room.arrive(1000, kStart - 31 * kMinute, rng);
  CHECK(early.status == RoomStatus::Unknown);
  CHECK(early.retry_after == kMinute);
  fill_prequeue(room, 100, rng);
  CHECK(room.poll(42, kStart - kMinute, rng).position == 43);
  CHECK(room.poll(42, kStart - kMinute, rng).retry_after == 30 * kSecond);
  CHECK(room.admit_due(kStart - 1, rng).empty());
  CHECK(room.waiting() == 100);
  CHECK(room.poll(1000, kStart - kMinute, rng).status == RoomStatus::Unknown);
  // 600 a minute is one every 100 ms: the tenth falls exactly at one second.
  CHECK(room.admit_due(kStart + kSecond, rng) == iota_ids(10));
}

TEST_CASE("the room never admits faster than new_users_per_minute, and keeps up with it") {
  WaitingRoom room(room_spec(600), kStart);  // 10 per second
  RandomStream rng(2, "room-test");
  fill_prequeue(room, 5000, rng);
  std::vector<std::pair<SimTime, std::uint64_t>> ticks;  // (time, admitted so far)
  RandomStream jitter(3, "tick-jitter");
  for (SimTime t = kStart; t <= kStart + 5 * kMinute; t += 1 + static_cast<SimTime>(jitter.below(500 * kMillisecond))) {
    room.admit_due(t, rng);
    ticks.emplace_back(t, room.admitted_total());
    const double due = 10.0 * slotrush::to_seconds(t - kStart);
    REQUIRE(static_cast<double>(room.admitted_total()) <= due + 1e-6);
    REQUIRE(static_cast<double>(room.admitted_total()) > due - 1.0);
  }
  // Over every window between two ticks: admitted - rate * length never exceeds 1.
  double worst_excess = -1e9;
  for (std::size_t i = 0; i < ticks.size(); ++i) {
    for (std::size_t j = i + 1; j < ticks.size(); ++j) {
      const double admitted = static_cast<double>(ticks[j].second - ticks[i].second);
      worst_excess = std::max(worst_excess, admitted - 10.0 * slotrush::to_seconds(ticks[j].first - ticks[i].first));
    }
  }
  CHECK(worst_excess <= 1.0);
}

TEST_CASE("after an idle spell the room lets in at most one second's worth at once") {
  WaitingRoom room(room_spec(600), kStart);
  RandomStream rng(4, "room-test");
  CHECK(room.admit_due(kStart + 10 * kMinute, rng).empty());
  int admitted_on_arrival = 0;
  for (std::uint64_t c = 0; c < 100; ++c) {
    admitted_on_arrival += room.arrive(c, kStart + 10 * kMinute, rng).status == RoomStatus::Admitted;
  }
  CHECK(admitted_on_arrival == 10);
  CHECK(room.poll(10, kStart + 10 * kMinute, rng).position == 1);
  CHECK(room.admit_due(kStart + 10 * kMinute, rng).size() == 10);  // those told on arrival, once
  CHECK(room.admit_due(kStart + 10 * kMinute + kSecond, rng).size() == 10);
}

TEST_CASE("the active-session cap is never exceeded and ended sessions free places") {
  WaitingRoom room(room_spec(60000, 250, kMinute), kStart);  // 1,000 a second, cap 250
  RandomStream rng(5, "room-test");
  fill_prequeue(room, 1000, rng);
  for (SimTime t = kStart; t <= kStart + 200 * kSecond; t += 250 * kMillisecond) {
    room.admit_due(t, rng);
    REQUIRE(room.active(t) <= 250);
    if (t == kStart + kSecond) CHECK(room.active(t) == 250);
    if (t == kStart + 59 * kSecond) CHECK(room.admitted_total() == 250);
    if (t == kStart + 61 * kSecond) CHECK(room.admitted_total() == 500);
  }
  SECTION("leaving frees a place at once") {
    WaitingRoom small(room_spec(60000, 250, kMinute), kStart);
    fill_prequeue(small, 300, rng);
    small.admit_due(kStart + kSecond, rng);
    CHECK(small.admitted_total() == 250);
    small.leave(0, kStart + 2 * kSecond);
    small.leave(1, kStart + 2 * kSecond);
    CHECK(small.admit_due(kStart + 2 * kSecond, rng) == std::vector<std::uint64_t>{250, 251});
  }
}

TEST_CASE("shuffle at open really permutes the pre-queue; without it the order is first come") {
  for (bool shuffle : {true, false}) {
    auto spec = room_spec(60000);
    spec.shuffle_at_open = shuffle;
    WaitingRoom room(spec, kStart);
    RandomStream rng(6, "room-test");
    fill_prequeue(room, 1000, rng);
    for (std::uint64_t c = 1000; c < 1100; ++c) room.arrive(c, kStart + kMillisecond, rng);
    const auto order = admissions(room, kStart + 5 * kSecond, 100 * kMillisecond, rng);
    REQUIRE(order.size() == 1100);
    // Late arrivals come after the whole pre-queue, first come first served.
    const auto all = iota_ids(1100);
    CHECK(std::vector<std::uint64_t>(order.begin() + 1000, order.end()) ==
          std::vector<std::uint64_t>(all.begin() + 1000, all.end()));
    std::vector<std::uint64_t> prequeue(order.begin(), order.begin() + 1000);
    if (shuffle) {
      long in_place = 0;
      for (std::uint64_t i = 0; i < 1000; ++i) in_place += prequeue[i] == i;
      CHECK(in_place < 10);  // a random permutation leaves about one fixed point
      std::sort(prequeue.begin(), prequeue.end());
    }
    CHECK(prequeue == iota_ids(1000));
  }
}

TEST_CASE("queue positions are exact and say who goes next") {
  auto spec = room_spec(600);
  spec.shuffle_at_open = true;
  WaitingRoom room(spec, kStart);
  RandomStream rng(7, "room-test");
  fill_prequeue(room, 2000, rng);
  std::vector<std::uint64_t> line = iota_ids(2000);
  RandomStream pick(8, "leavers");
  for (int i = 0; i < 300; ++i) {
    const auto at = pick.below(line.size());
    room.leave(line[at], kStart - 5 * kMinute);
    line.erase(line.begin() + static_cast<std::ptrdiff_t>(at));
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    REQUIRE(room.poll(line[i], kStart - kMinute, rng).position == i + 1);
  }
  // After the shuffle the positions are a permutation of 1..n and admissions follow them.
  room.admit_due(kStart, rng);
  std::vector<std::uint64_t> by_position(line.size());
  for (auto c : line) {
    const auto answer = room.poll(c, kStart, rng);
    REQUIRE(answer.status == RoomStatus::Queued);
    REQUIRE(answer.position >= 1);
    REQUIRE(answer.position <= line.size());
    by_position[answer.position - 1] = c;
  }
  CHECK(by_position != line);
  const auto order = admissions(room, kStart + 200 * kSecond, kSecond, rng);
  CHECK(order == by_position);
}

TEST_CASE("positions stay exact with 450,000 waiting") {
  WaitingRoom room(room_spec(600000), kStart);  // one every 100 microseconds
  RandomStream rng(9, "room-test");
  fill_prequeue(room, 450000, rng);
  CHECK(room.poll(449999, kStart - kSecond, rng).position == 450000);
  CHECK(room.admit_due(kStart + 30 * kSecond + 50 * slotrush::kMicrosecond, rng).size() == 300000);
  CHECK(room.waiting() == 150000);
  for (std::uint64_t c = 300000; c < 450000; c += 997) {
    REQUIRE(room.poll(c, kStart + 30 * kSecond + 60 * slotrush::kMicrosecond, rng).position == c - 300000 + 1);
  }
}

TEST_CASE("random order admits uniformly among everyone waiting") {
  // The first admitted of 100 is uniform on 0..99: mean 49.5, sd 28.87 / sqrt(2000) = 0.65.
  double sum = 0;
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    auto spec = room_spec(600);
    spec.order_after_open = QueueOrder::Random;
    WaitingRoom room(spec, kStart);
    RandomStream rng(seed, "room-test");
    fill_prequeue(room, 100, rng);
    const auto first = room.admit_due(kStart + 100 * kMillisecond, rng);
    REQUIRE(first.size() == 1);
    sum += static_cast<double>(first[0]);
  }
  CHECK(std::abs(sum / 2000 - 49.5) < 4.5 * 0.65);
}

TEST_CASE("a session ends session_duration after the client was last seen") {
  WaitingRoom room(room_spec(600), kStart);
  RandomStream rng(10, "room-test");
  const SimTime t0 = kStart + kMinute;
  CHECK(room.arrive(1, t0, rng).status == RoomStatus::Admitted);
  CHECK(room.arrive(1, t0, rng).status == RoomStatus::Admitted);  // a repeat arrival is a poll
  CHECK(room.admitted_total() == 1);
  CHECK(room.poll(1, t0 + 4 * kMinute, rng).status == RoomStatus::Admitted);  // renews to t0 + 9
  room.touch(1, t0 + 8 * kMinute);                                             // renews to t0 + 13
  CHECK(room.active(t0 + 13 * kMinute - 1) == 1);
  CHECK(room.active(t0 + 13 * kMinute) == 0);
  room.touch(1, t0 + 14 * kMinute);  // too late: the session has ended
  CHECK(room.poll(1, t0 + 14 * kMinute, rng).status == RoomStatus::Unknown);
  CHECK(room.arrive(1, t0 + 15 * kMinute, rng).status == RoomStatus::Admitted);  // a new user
  CHECK(room.admitted_total() == 2);
}

TEST_CASE("waiting room specs out of range are refused") {
  CHECK_THROWS_AS(WaitingRoom(room_spec(0), kStart), std::invalid_argument);
  CHECK_THROWS_AS(WaitingRoom(room_spec(600, -1), kStart), std::invalid_argument);
  CHECK_THROWS_AS(WaitingRoom(room_spec(600, 0, 0), kStart), std::invalid_argument);
}
