#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/engine/replications.hpp"
#include "sim/engine/simulation.hpp"

using namespace slotrush;

namespace {

Process registrant(Simulation& sim, std::vector<std::string>& log, std::string name, SimTime think) {
  log.push_back(name + " logs in at " + std::to_string(sim.now()));
  co_await sim.delay(think);
  log.push_back(name + " retries at " + std::to_string(sim.now()));
  co_await sim.until(100);
  log.push_back(name + " gives up at " + std::to_string(sim.now()));
}

Process forever(Simulation& sim, int& wakeups) {
  for (;;) {
    co_await sim.delay(10);
    ++wakeups;
  }
}

Process failing(Simulation& sim) {
  co_await sim.delay(5);
  throw std::runtime_error("model bug");
}

}  // namespace

TEST_CASE("processes read as stories and interleave in virtual-time order") {
  Simulation sim;
  std::vector<std::string> log;
  sim.spawn(registrant(sim, log, "ana", 30));
  sim.spawn(registrant(sim, log, "ben", 10));
  REQUIRE(sim.live_processes() == 2);
  sim.run();
  REQUIRE(log == std::vector<std::string>{"ana logs in at 0", "ben logs in at 0", "ben retries at 10",
                                          "ana retries at 30", "ben gives up at 100",
                                          "ana gives up at 100"});
  REQUIRE(sim.live_processes() == 0);
  REQUIRE(sim.now() == 100);
}

TEST_CASE("run_until stops at the horizon and a later run continues from there") {
  Simulation sim;
  int wakeups = 0;
  sim.spawn(forever(sim, wakeups));
  sim.run_until(55);
  REQUIRE(wakeups == 5);
  REQUIRE(sim.now() == 55);
  sim.run_until(100);
  REQUIRE(wakeups == 10);
  REQUIRE(sim.live_processes() == 1);  // still suspended; freed by the destructor (ASan checks)
}

TEST_CASE("a scheduled event can be cancelled before it fires") {
  Simulation sim;
  int fired = 0;
  auto bump = [](void* p, std::uint64_t) { ++*static_cast<int*>(p); };
  const EventId timeout = sim.schedule(50, EventAction{bump, &fired, 0});
  sim.schedule(10, EventAction{bump, &fired, 0});
  REQUIRE(sim.cancel(timeout));
  sim.run();
  REQUIRE(fired == 1);
  REQUIRE(sim.now() == 10);
}

TEST_CASE("scheduling in the past is an error, not silent reordering") {
  Simulation sim;
  sim.run_until(100);
  REQUIRE_THROWS_AS(sim.schedule_at(99, EventAction{}), std::invalid_argument);
  REQUIRE_THROWS_AS(sim.schedule(-1, EventAction{}), std::invalid_argument);
}

TEST_CASE("an exception escaping a process stops the run and reaches the caller") {
  Simulation sim;
  int wakeups = 0;
  sim.spawn(forever(sim, wakeups));
  sim.spawn(failing(sim));
  REQUIRE_THROWS_WITH(sim.run(), "model bug");
  REQUIRE(sim.now() == 5);
}

TEST_CASE("replications give the same results in the same order on any number of threads") {
  auto run = [](std::size_t r) { return static_cast<double>(r * r) + 0.5; };
  const auto one = run_replications(16, 1, run);
  const auto many = run_replications(16, 4, run);
  REQUIRE(one == many);
  REQUIRE(one[3] == 9.5);
}

namespace {

// A hold-style model for the lookahead test: each firing logs its tag and reschedules itself.
struct LookaheadModel {
  Simulation sim;
  std::vector<std::uint64_t> fired;
  std::vector<int> state;  // per tag: 0 idle, 1 pending, counted hints while pending below
  std::uint64_t hints = 0, hints_for_pending = 0;
  std::uint64_t draw = 88172645463325252ull;

  SimTime next_delay() {  // xorshift: a deterministic spread of delays, 1..4,000,000 ticks
    draw ^= draw << 13;
    draw ^= draw >> 7;
    draw ^= draw << 17;
    return 1 + static_cast<SimTime>(draw % 4'000'000);
  }
  void on_fire(std::uint64_t tag) {
    state[tag] = 0;
    fired.push_back(tag);
    if (fired.size() < 200'000) schedule(tag);
  }
  void schedule(std::uint64_t tag) {
    state[tag] = 1;
    sim.schedule(next_delay(), EventAction::member<LookaheadModel, &LookaheadModel::on_fire>(this, tag));
  }
  static void on_hint(void* ctx, const EventAction& upcoming) {
    auto* m = static_cast<LookaheadModel*>(ctx);
    ++m->hints;
    if (upcoming.target == m && upcoming.tag < m->state.size() && m->state[upcoming.tag] == 1)
      ++m->hints_for_pending;
  }
  std::vector<std::uint64_t> run(bool hint) {
    if (hint) sim.set_lookahead(LookaheadHint{&LookaheadModel::on_hint, this});
    state.assign(20'000, 0);
    for (std::uint64_t t = 0; t < state.size(); ++t) schedule(t);
    sim.run();
    return fired;
  }
};

}  // namespace

TEST_CASE("the lookahead hint names pending events ahead of time and never changes the order") {
  LookaheadModel plain, hinted;
  const std::vector<std::uint64_t> without = plain.run(false);
  const std::vector<std::uint64_t> with = hinted.run(true);
  CHECK(with == without);
  CHECK(plain.hints == 0);
  // Every hint names an event that is still pending, and most events are hinted before they fire.
  CHECK(hinted.hints_for_pending == hinted.hints);
  CHECK(hinted.hints > with.size() / 2);
}

namespace {

// Processes that each wait a deterministic spread of delays and log who woke: enough of them that
// the kernel prefetches their frames through its own lookahead hint (Simulation::spawn).
Process waker(Simulation& sim, std::uint64_t id, std::uint64_t& draw, std::vector<std::uint64_t>& log) {
  while (log.size() < 60'000) {
    draw ^= draw << 13;
    draw ^= draw >> 7;
    draw ^= draw << 17;
    co_await sim.delay(1 + static_cast<SimTime>(draw % 4'000'000));
    log.push_back(id);
  }
}

std::vector<std::uint64_t> run_wakers(bool model_hint) {
  Simulation sim;
  std::uint64_t draw = 88172645463325252ull;
  std::vector<std::uint64_t> log;
  // A model's own hint (a no-op here) replaces the kernel's frame prefetching.
  if (model_hint) sim.set_lookahead(LookaheadHint{[](void*, const EventAction&) {}, nullptr});
  for (std::uint64_t id = 0; id < 5'000; ++id) sim.spawn(waker(sim, id, draw, log));
  sim.run_until(400'000'000);
  return log;
}

}  // namespace

TEST_CASE("the kernel's prefetching of coroutine frames never changes the order processes wake in") {
  const std::vector<std::uint64_t> prefetched = run_wakers(false);
  REQUIRE(prefetched.size() >= 60'000);
  CHECK(prefetched == run_wakers(true));
}
