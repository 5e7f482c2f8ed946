#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "sim/engine/event_queue.hpp"

using namespace slotrush;

namespace {
void record(void* out, std::uint64_t tag) { static_cast<std::vector<std::uint64_t>*>(out)->push_back(tag); }
}  // namespace

TEMPLATE_TEST_CASE("the event queue pops events in time order and same-time events in scheduling order", "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
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

TEMPLATE_TEST_CASE("a cancelled event never fires and the queue's size excludes it", "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
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

TEMPLATE_TEST_CASE("an event id goes stale once its event fired, even beside a later event at its time", "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  const EventId first = q.push(5, EventAction{record, &fired, 1});
  q.pop();
  const EventId second = q.push(5, EventAction{record, &fired, 2});  // the same time, scheduled later
  REQUIRE(second.time == first.time);
  REQUIRE_FALSE(q.is_pending(first));
  REQUIRE_FALSE(q.cancel(first));
  REQUIRE(q.is_pending(second));
  REQUIRE_FALSE(EventId{});  // the default id names nothing
}

TEMPLATE_TEST_CASE("interleaved pushes, pops and cancellations match a reference ordered set", "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
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
                   EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  // run_until() peeks at the next event and stops short of it; the model may then schedule
  // something before it (the radix heap must re-anchor below the key it already moved to; the
  // ladder queue must insert it into its sorted bottom).
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

namespace {
// Drains q, checking each event against the reference order: stable by time, then scheduling order.
template <class Queue>
void require_drains_in_order(Queue& q, std::vector<std::pair<SimTime, std::uint64_t>> expected) {
  std::stable_sort(expected.begin(), expected.end(), [](auto& a, auto& b) { return a.first < b.first; });
  for (const auto& [time, tag] : expected) {
    REQUIRE_FALSE(q.empty());
    auto e = q.pop();
    REQUIRE(e.time == time);
    REQUIRE(e.action.tag == tag);
  }
  REQUIRE(q.empty());
}
}  // namespace

TEMPLATE_TEST_CASE("thousands of events at one time fire in scheduling order, also when scheduled while draining",
                   "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  // One bucket holding every key cannot be split into a finer rung; zero-delay events scheduled
  // while it drains must still go after it.
  TestType q;
  std::vector<std::uint64_t> fired;
  for (std::uint64_t tag = 0; tag < 5000; ++tag) q.push(7, EventAction{record, &fired, tag});
  q.push(8, EventAction{record, &fired, 99999});
  for (std::uint64_t tag = 5000; tag < 10000; ++tag) {
    q.pop().action();
    q.push(7, EventAction{record, &fired, tag});
  }
  while (!q.empty()) q.pop().action();
  REQUIRE(fired.size() == 10001);
  for (std::uint64_t i = 0; i < 10000; ++i) REQUIRE(fired[i] == i);
  REQUIRE(fired.back() == 99999);
}

TEMPLATE_TEST_CASE("times spread over the whole clock range, clusters and times near INT64 max keep their order",
                   "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::pair<SimTime, std::uint64_t>> scheduled;
  std::mt19937_64 gen(7);
  std::uint64_t tag = 0;
  auto add = [&](SimTime t) {
    scheduled.emplace_back(t, tag);
    q.push(t, EventAction{nullptr, nullptr, tag++});
  };
  for (int i = 0; i < 3000; ++i) add(SimTime(gen() >> 1));                 // anywhere in [0, 2^63)
  for (int i = 0; i < 3000; ++i) add(kSimTimeMax - SimTime(gen() % 5000));  // crowded at the top
  for (int i = 0; i < 3000; ++i) add(1'000'000 + SimTime(gen() % 3));       // a dense cluster
  add(kSimTimeMax);
  add(0);
  require_drains_in_order(q, scheduled);
}

TEMPLATE_TEST_CASE("a long run with a moving clock matches a reference at every step", "", EventQueue,
                   LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  // A hold model with mixed delays: zero, tiny, exponential-like and huge; some get cancelled.
  TestType q;
  std::mt19937_64 gen(2024);
  std::vector<std::tuple<SimTime, std::uint64_t, EventId>> live;
  SimTime now = 0;
  std::uint64_t tag = 0;
  auto schedule = [&] {
    const auto kind = gen() % 8;
    const SimTime delay = kind == 0 ? 0 : kind == 1 ? SimTime(gen() % 4) : kind == 7 ? SimTime(gen() >> 20)
                                                                                    : SimTime(gen() % 1'000'000);
    live.emplace_back(now + delay, tag, q.push(now + delay, EventAction{nullptr, nullptr, tag}));
    ++tag;
  };
  for (int i = 0; i < 2000; ++i) schedule();
  for (int step = 0; step < 60000; ++step) {
    if (gen() % 16 == 0 && !live.empty()) {
      const std::size_t i = gen() % live.size();
      REQUIRE(q.cancel(std::get<2>(live[i])));
      REQUIRE_FALSE(q.is_pending(std::get<2>(live[i])));
      live.erase(live.begin() + std::ptrdiff_t(i));
    }
    if (live.empty()) {
      schedule();
      continue;
    }
    auto best = std::min_element(live.begin(), live.end(), [](auto& a, auto& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
    REQUIRE(q.next_time() == std::get<0>(*best));
    auto e = q.pop();
    REQUIRE(e.action.tag == std::get<1>(*best));
    REQUIRE_FALSE(q.is_pending(std::get<2>(*best)));
    now = e.time;
    live.erase(best);
    schedule();
    if (gen() % 3 == 0) schedule();
    REQUIRE(q.size() == live.size());
  }
}

TEMPLATE_TEST_CASE("after stopping short of the next event, earlier events fire first, many times over", "",
                   EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  // run_until's pattern: peek, stop before the peeked event, schedule earlier ones, repeat.
  TestType q;
  std::vector<std::pair<SimTime, std::uint64_t>> scheduled;
  std::uint64_t tag = 0;
  auto add = [&](SimTime t) {
    scheduled.emplace_back(t, tag);
    q.push(t, EventAction{nullptr, nullptr, tag++});
  };
  for (SimTime t = 1; t <= 1000; ++t) add(t * 1'000'000);
  SimTime now = 0;
  std::vector<std::pair<SimTime, std::uint64_t>> fired;
  for (int round = 0; round < 500; ++round) {
    const SimTime peeked = q.next_time();
    now = now + (peeked - now) / 2;  // the clock stops halfway to the next event
    add(now);
    add(now + (peeked - now) / 2);
    add(peeked);  // same time as the peeked one, scheduled later: fires after it
    for (int i = 0; i < 3; ++i) {
      auto e = q.pop();
      fired.emplace_back(e.time, e.action.tag);
      now = e.time;
    }
  }
  while (!q.empty()) {
    auto e = q.pop();
    fired.emplace_back(e.time, e.action.tag);
  }
  std::stable_sort(scheduled.begin(), scheduled.end(), [](auto& a, auto& b) { return a.first < b.first; });
  REQUIRE(fired == scheduled);
}

namespace {
// Drives a pending set directly (keys with their own sequence numbers) beside a reference ordered
// by (time, scheduling order); every pop must match the reference's front.
template <class Set>
struct CheckedSet {
  Set set;
  std::set<std::pair<SimTime, std::uint64_t>> reference;
  std::uint64_t seq = 0;
  SimTime now = 0;

  void push_at(SimTime at) {
    ++seq;
    set.push(PendingKey{at, seq, EventAction{nullptr, nullptr, seq}});
    reference.emplace(at, seq);
  }
  void pop_and_check() {
    const PendingKey k = set.top();
    REQUIRE(reference.begin()->first == k.time);
    REQUIRE(reference.begin()->second == k.seq);
    reference.erase(reference.begin());
    set.pop();
    now = k.time;
  }
  void drain() {
    while (!reference.empty()) pop_and_check();
    REQUIRE(set.empty());
  }
};
}  // namespace

TEST_CASE("the kernel's pending set moves from the ladder to the paged calendar past its threshold, in order") {
  // Starts small (the ladder), is drained part way with the clock moving and same-time keys in
  // the mix, then grows past kLargeSet (the move) and keeps running: every pop must match a
  // reference ordered by (time, scheduling order), before, across and after the move.
  CheckedSet<AdaptivePendingSet> q;
  std::mt19937_64 gen(31);
  auto push = [&] {
    const auto kind = gen() % 8;
    q.push_at(q.now + (kind == 0 ? 0 : kind == 1 ? SimTime(gen() % 3) : SimTime(gen() % 5'000'000)));
  };
  for (int i = 0; i < 5000; ++i) push();
  for (int i = 0; i < 2000; ++i) q.pop_and_check();
  REQUIRE_FALSE(q.set.paged());
  while (q.reference.size() <= AdaptivePendingSet::kLargeSet) {
    push();
    if (gen() % 4 == 0) q.pop_and_check();
  }
  REQUIRE(q.set.paged());
  for (int i = 0; i < 200'000; ++i) {
    q.pop_and_check();
    push();
    if (gen() % 2 == 0) push();
  }
  q.drain();
}

TEST_CASE("the paged calendar keeps order when an early outlier stretched its first pages") {
  // One key near 0 and a dense crowd far later: the first top level's pages are wide, so the crowd's
  // pages are crowded; the level is sent back and re-sized (or split) while a hold run goes on in
  // the crowd with zero and same-time delays. Every pop must match the reference order.
  CheckedSet<PagedCalendar> q;
  std::mt19937_64 gen(5);
  q.push_at(1);
  const SimTime crowd = SimTime{1} << 40;
  for (int i = 0; i < 50'000; ++i) q.push_at(crowd + SimTime(gen() % 1'000'000'000));
  for (int i = 0; i < 100'000; ++i) {
    q.pop_and_check();
    const auto kind = gen() % 8;
    q.push_at(q.now + (kind == 0 ? 0 : kind == 1 ? 1 : SimTime(gen() % 100'000'000)));
  }
  q.drain();
}

TEMPLATE_TEST_CASE("a cancelled event dropped ahead of the clock stays cancelled for events scheduled before it", "", EventQueue, LadderEventQueue, PagedEventQueue, RadixEventQueue, HeapEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  const EventId late = q.push(100, EventAction{record, &fired, 1});
  const EventId later = q.push(200, EventAction{record, &fired, 2});
  REQUIRE(q.cancel(late));
  typename TestType::Fired out;
  REQUIRE_FALSE(q.pop_until(50, out));  // drops the cancelled event at 100 while looking for one due by 50
  const EventId early = q.push(60, EventAction{record, &fired, 3});  // legal: the clock stopped at 50
  CHECK_FALSE(q.is_pending(late));
  CHECK_FALSE(q.cancel(late));
  CHECK(q.is_pending(early));
  CHECK(q.is_pending(later));
  while (!q.empty()) q.pop().action();
  CHECK(fired == std::vector<std::uint64_t>{3, 2});
  CHECK_FALSE(q.is_pending(early));
}

TEMPLATE_TEST_CASE("many cancellations: each is honoured and their table is forgotten once they are past", "", EventQueue, LadderEventQueue, PagedEventQueue) {
  TestType q;
  std::vector<std::uint64_t> fired;
  std::vector<EventId> ids;
  std::size_t base_bytes = 0;
  for (int round = 0; round < 50; ++round) {
    ids.clear();
    const SimTime at = SimTime(round) * 1000;
    for (std::uint64_t tag = 0; tag < 200; ++tag) ids.push_back(q.push(at + SimTime(tag), EventAction{record, &fired, tag}));
    for (std::size_t i = 0; i < ids.size(); i += 2) REQUIRE(q.cancel(ids[i]));
    while (!q.empty()) q.pop().action();
    for (const EventId& id : ids) REQUIRE_FALSE(q.is_pending(id));
    if (round == 1) base_bytes = q.memory_bytes();
  }
  CHECK(fired.size() == 50 * 100);
  for (auto tag : fired) CHECK(tag % 2 == 1);
  CHECK(q.memory_bytes() < base_bytes + 64 * 1024);  // 5,000 cancellations, not kept
}
