// The capacity emulator: c workers, FIFO/LIFO queues, queue limits, server timeouts and the time
// scale, all on asynchronous timers. Wall-clock checks use generous bounds (loaded CI machines).
#include <chrono>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "mock/capacity_emulator.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

ServerSpec one_tier(int workers, Distribution service, std::optional<std::size_t> queue_limit = std::nullopt,
                    QueueDisciplineSpec discipline = QueueDisciplineSpec::Fifo, SimTime server_timeout = 0) {
  ServerSpec spec;
  TierSpec tier;
  tier.workers = workers;
  tier.queue_limit = queue_limit;
  tier.discipline = discipline;
  tier.server_timeout = server_timeout;
  spec.tiers = {tier};
  for (auto& r : spec.requests) r.service_seconds = service;
  return spec;
}

struct Finished {
  int id;
  ServiceOutcome outcome;
  std::chrono::milliseconds at;  // since the batch started
};

// Starts `n` requests at once (request i starts after i x stagger) and runs until all finish.
std::vector<Finished> run_batch(CapacityEmulator& emulator, int n, std::chrono::milliseconds stagger = 0ms) {
  asio::io_context ioc;
  std::vector<Finished> done;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(ioc, [&, i]() -> asio::awaitable<void> {
      if (stagger > 0ms) {
        asio::steady_timer t(ioc, stagger * i);
        co_await t.async_wait(asio::use_awaitable);
      }
      const ServiceResult r = co_await emulator.serve(RequestType::Book);
      done.push_back({i, r.outcome, std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - t0)});
    }, asio::detached);
  }
  ioc.run_for(10s);
  emulator.release_waiters();  // waiters still queued hold timers of this io_context
  return done;
}

}  // namespace

TEST_CASE("c workers serve c requests at once and queue the rest in FIFO order", "[mock][capacity]") {
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(one_tier(2, Deterministic(0.2)), clock, RandomStream(1, "test"));
  const auto done = run_batch(emulator, 6);
  REQUIRE(done.size() == 6);
  for (std::size_t k = 0; k < done.size(); ++k) {
    CHECK(done[k].outcome == ServiceOutcome::Served);
    const auto wave = static_cast<long>(k / 2 + 1) * 200;  // 200, 200, 400, 400, 600, 600 ms
    CHECK(done[k].at.count() >= wave - 5);
    CHECK(done[k].at.count() < wave + 150);
  }
  CHECK(emulator.loads()[0].busy == 0);
  CHECK(emulator.loads()[0].served == 6);
}

TEST_CASE("a full queue refuses at once and the tier counts it", "[mock][capacity]") {
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(one_tier(1, Deterministic(0.1), 1), clock, RandomStream(1, "test"));
  const auto done = run_batch(emulator, 3);
  REQUIRE(done.size() == 3);
  CHECK(done[0].outcome == ServiceOutcome::QueueFull);
  CHECK(done[0].at < 50ms);
  CHECK(emulator.loads()[0].queue_full == 1);
  CHECK(emulator.loads()[0].served == 2);
}

TEST_CASE("LIFO serves the latest waiter first", "[mock][capacity]") {
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(one_tier(1, Deterministic(0.1), std::nullopt, QueueDisciplineSpec::Lifo), clock,
                            RandomStream(1, "test"));
  const auto done = run_batch(emulator, 4, 10ms);
  REQUIRE(done.size() == 4);
  std::vector<int> order;
  for (const auto& d : done) order.push_back(d.id);
  CHECK(order == std::vector<int>{0, 3, 2, 1});
}

TEST_CASE("work that waited longer than server_timeout is dropped", "[mock][capacity]") {
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(one_tier(1, Deterministic(0.3), std::nullopt, QueueDisciplineSpec::Fifo,
                                     100 * kMillisecond),
                            clock, RandomStream(1, "test"));
  const auto done = run_batch(emulator, 2);
  REQUIRE(done.size() == 2);
  CHECK(done[0].id == 1);
  CHECK(done[0].outcome == ServiceOutcome::TimedOut);
  CHECK(done[0].at >= 95ms);
  CHECK(done[0].at < 250ms);
  CHECK(done[1].outcome == ServiceOutcome::Served);
  CHECK(emulator.loads()[0].timed_out == 1);
}

TEST_CASE("the time scale divides service times", "[mock][capacity]") {
  const ScaledClock clock(0, 10.0);
  CapacityEmulator emulator(one_tier(1, Deterministic(1.0)), clock, RandomStream(1, "test"));
  const auto done = run_batch(emulator, 1);
  REQUIRE(done.size() == 1);
  CHECK(done[0].at >= 95ms);
  CHECK(done[0].at < 300ms);
}

TEST_CASE("a zero service time makes a plain fast server", "[mock][capacity]") {
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(one_tier(1, Deterministic(0.0)), clock, RandomStream(1, "test"));
  const auto done = run_batch(emulator, 2000);
  REQUIRE(done.size() == 2000);
  CHECK(done.back().at < 1000ms);
  CHECK(emulator.loads()[0].busy == 0);
  CHECK(emulator.loads()[0].queued == 0);
}

TEST_CASE("a capacity event with factor 0 stops service until it ends", "[mock][capacity]") {
  ServerSpec spec = one_tier(1, Deterministic(0.0));
  spec.capacity_events = {CapacityEvent{0, 200 * kMillisecond, 0.0}};
  const ScaledClock clock(0, 1.0);
  CapacityEmulator emulator(spec, clock, RandomStream(1, "test"));
  CHECK(emulator.loads()[0].workers == 0);
  // The waiter is granted when a later request finishes after the event: request 1 arrives at 250 ms.
  const auto done = run_batch(emulator, 2, 250ms);
  REQUIRE(done.size() == 2);
  CHECK(done[0].at >= 245ms);
}
