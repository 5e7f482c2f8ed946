#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

#include "sim/engine/event_queue.hpp"

using namespace slotrush;

namespace {
void record(void* out, std::uint64_t tag) { static_cast<std::vector<std::uint64_t>*>(out)->push_back(tag); }
}  // namespace

TEMPLATE_TEST_CASE("the event queue pops events in time order and same-time events in scheduling order", "", EventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  // (time, tag) pairs: tags 0..N; reference order = stable sort by time.
  std::mt19937_64 gen(12345);
  std::vector<std::pair<SimTime, std::uint64_t>> scheduled;
  for (std::uint64_t tag = 0; tag < 20000; ++tag) {
    const SimTime t = static_cast<SimTime>(gen() % 500);  // many ties on purpose
    scheduled.emplace_back(t, tag);
    q.push(t, EventAction{record, &fired, tag});
  }
  std::stable_sort(scheduled.begin(), scheduled.end(),
                   [](auto& a, auto& b) { return a.first < b.first; });
  SimTime last = -1;
  while (!q.empty()) {
    auto e = q.pop();
    REQUIRE(e.time >= last);
    last = e.time;
    e.action();
  }
  REQUIRE(fired.size() == scheduled.size());
  for (std::size_t i = 0; i < fired.size(); ++i) REQUIRE(fired[i] == scheduled[i].second);
}

TEMPLATE_TEST_CASE("a cancelled event never fires and the queue's size excludes it", "", EventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  std::vector<EventId> ids;
  for (std::uint64_t tag = 0; tag < 100; ++tag) ids.push_back(q.push(SimTime(tag % 7), EventAction{record, &fired, tag}));
  for (std::uint64_t tag = 0; tag < 100; tag += 3) REQUIRE(q.cancel(ids[tag]));
  REQUIRE_FALSE(q.cancel(ids[0]));  // twice
  REQUIRE(q.size() == 100 - 34);
  REQUIRE_FALSE(q.is_pending(ids[3]));
  REQUIRE(q.is_pending(ids[4]));
  while (!q.empty()) q.pop().action();
  REQUIRE(fired.size() == 66);
  for (auto tag : fired) REQUIRE(tag % 3 != 0);
}

TEMPLATE_TEST_CASE("an event id goes stale once its event fired, even when its slot is reused", "", EventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  const EventId first = q.push(5, EventAction{record, &fired, 1});
  q.pop();
  const EventId second = q.push(6, EventAction{record, &fired, 2});
  REQUIRE(second.slot == first.slot);
  REQUIRE_FALSE(q.cancel(first));
  REQUIRE(q.is_pending(second));
  REQUIRE_FALSE(EventId{});  // the default id names nothing
}

TEMPLATE_TEST_CASE("interleaved pushes, pops and cancellations match a reference ordered set", "", EventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  std::mt19937_64 gen(99);
  std::vector<std::tuple<SimTime, std::uint64_t, EventId>> live;  // reference
  SimTime now = 0;
  std::uint64_t tag = 0;
  for (int step = 0; step < 50000; ++step) {
    const auto r = gen() % 10;
    if (r < 5 || live.empty()) {
      const SimTime t = now + SimTime(gen() % 1000);
      live.emplace_back(t, tag, q.push(t, EventAction{record, &fired, tag}));
      ++tag;
    } else if (r < 7) {
      const std::size_t i = gen() % live.size();
      REQUIRE(q.cancel(std::get<2>(live[i])));
      live.erase(live.begin() + std::ptrdiff_t(i));
    } else {
      auto best = std::min_element(live.begin(), live.end(), [](auto& a, auto& b) {
        return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
      });
      auto e = q.pop();
      REQUIRE(e.time == std::get<0>(*best));
      REQUIRE(e.action.tag == std::get<1>(*best));
      now = e.time;
      live.erase(best);
    }
    REQUIRE(q.size() == live.size());
  }
}

TEMPLATE_TEST_CASE("an event scheduled earlier than one already peeked at still fires first", "",
                   EventQueue, HeapEventQueue) {
  // run_until() peeks at the next event and stops short of it; the model may then schedule
  // something before it (the radix heap must re-anchor below the key it already moved to).
  TestType q;
  std::vector<std::uint64_t> fired;
  q.push(10, EventAction{record, &fired, 1});
  q.push(1000, EventAction{record, &fired, 2});
  q.pop().action();
  REQUIRE(q.next_time() == 1000);
  q.push(500, EventAction{record, &fired, 3});
  q.push(500, EventAction{record, &fired, 4});
  q.push(1000, EventAction{record, &fired, 5});
  while (!q.empty()) q.pop().action();
  REQUIRE(fired == std::vector<std::uint64_t>{1, 3, 4, 2, 5});
}
