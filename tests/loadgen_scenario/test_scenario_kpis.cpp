// Scenario KPIs into the Results schema, counters merging across threads, and the memory a virtual
// user costs while it waits for its start.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "loadgen/scenario/virtual_user_shard.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "tests/loadgen_scenario/test_scenarios.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {
// Resident set size of this process, in bytes (Linux).
std::size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4096;
}
}  // namespace

TEST_CASE("a race against the in-memory mock books exactly its slots and fills the Results", "[kpi]") {
  Scenario s = small_race(200, 50);
  s.population.arrival.offset_seconds = Uniform(0.0, 20.0);
  TinyCbpOne mock(50);
  LoadRun run(s, fast(1000), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  CHECK(mock.confirmed_slots == 50);
  CHECK(c.slots_booked == 50);
  CHECK(c.people_booked == 50);
  CHECK(c.people_started == 200);
  CHECK(c.people_waiting_at_end == 150);  // "No appointments available": done for the day, not given up
  CHECK(c.people_abandoned == 0);
  REQUIRE(c.sold_out_seconds.count(0) == 1);
  CHECK(c.sold_out_seconds.at(0) >= 0.0);
  // Seen by a client after the release, and no later than the last request went out (no timing bound:
  // at 1000x a loaded machine stretches simulated time).
  const SimTime last = run.simulated(run.sender->sent.back().answered_at);
  CHECK(c.sold_out_seconds.at(0) <= to_seconds(last - 9 * kHour) + 1e-6);
  CHECK(c.attempts_per_booking() > 1.0);

  RunResult r;
  fill_run_result(c, r);
  CHECK(r[Kpi::PeopleTrying] == 200);
  CHECK(r[Kpi::PeopleBooked] == 50);
  CHECK(r[Kpi::BookingProbability] == Approx(0.25));
  CHECK(r[Kpi::SlotsBooked] == 50);
  CHECK(r[Kpi::RequestSuccessRate] == Approx(1.0));
  CHECK(r[Kpi::RetryAmplification] == Approx(1.0));  // every attempt was useful
  CHECK(r[Kpi::Goodput] > 0);
  CHECK(r[Kpi::FreezeSeconds] == 0);
  // Every attempt got a useful answer: the success latency is the every-attempt latency.
  REQUIRE(std::isfinite(r[Kpi::LatencyP99]));
  CHECK(r[Kpi::LatencyP99] == r[Kpi::AttemptLatencyP99]);
  CHECK(r[Kpi::LatencyP50] <= r[Kpi::LatencyP99]);
  bool found = false;
  for (const GroupOutcome& g : r.groups)
    if (g.dimension == "party_size" && g.label == "1") {
      found = true;
      CHECK(g.people == 200);
      CHECK(g.booked == 50);
    }
  CHECK(found);
  CHECK(r[Kpi::FairnessJain] == Approx(1.0));  // one group
  std::uint64_t bookings = 0;
  for (const SeriesRow& row : r.series) bookings += row.bookings;
  CHECK(bookings == 50);
}

TEST_CASE("an overloaded server shows as timeouts, rejections and freeze time", "[kpi]") {
  Scenario s = small_race(20, 50);
  s.population.give_up_after = 30 * kSecond;
  int calls = 0;
  LoadRun run(s, fast(1000), [&](const HttpRequest&) {
    return ++calls % 2 ? timeout_answer() : booking_reply(BookingAnswer::QueueFull);
  });
  const ScenarioCounters c = run.run();
  RunResult r;
  fill_run_result(c, r);
  CHECK(c.people_booked == 0);
  CHECK(c.useful == 0);
  CHECK(r[Kpi::RequestTimeoutRate] + r[Kpi::RequestRejectRate] == Approx(1.0));
  CHECK(r[Kpi::FreezeSeconds] > 0);
  // The rows the freeze rule marks are exactly the frozen seconds (freeze_rule.hpp, one rule for both).
  double marked = 0;
  for (const SeriesRow& row : r.series) marked += row.frozen * r.series_interval_seconds;
  CHECK(marked == Approx(r[Kpi::FreezeSeconds]));
  CHECK(std::count(r.absent_series_columns.begin(), r.absent_series_columns.end(), "queue_depth") == 1);
  CHECK(std::isnan(r[Kpi::RetryAmplification]));  // no useful answer at all
  // No latency of useful answers, and half the attempts timed out: the attempts' p99 is the timeout.
  CHECK(std::isnan(r[Kpi::LatencyP50]));
  CHECK(std::isnan(r[Kpi::LatencyMean]));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(to_seconds(s.client.timeout)).epsilon(1.0 / 256));
}

TEST_CASE("counters of several threads merge into one run", "[kpi]") {
  ScenarioCounters a, b;
  a.attempts = 10;
  b.attempts = 5;
  a.people_booked = 1;
  a.sold_out_seconds[0] = 30;
  b.sold_out_seconds[0] = 20;
  b.sold_out_seconds[1] = 40;
  a.groups[{"party_size", "1"}] = GroupOutcome{"party_size", "1", 3, 1, 2};
  b.groups[{"party_size", "1"}] = GroupOutcome{"party_size", "1", 2, 1, 4};
  a.series.resize(2);
  b.series.resize(3);
  a.series[1].goodput = 4;
  b.series[1].goodput = 6;
  a.series[0].in_flight = 1;
  a.series[1].in_flight = 2;  // a's level stays 2 after its last row
  b.series[2].in_flight = 5;
  a.series_latencies.at(1).ended(100 * kMillisecond, true);
  b.series_latencies.at(1).ended(300 * kMillisecond, true);
  b.series_latencies.at(1).ended(10 * kSecond, false);
  a.latencies.ended(100 * kMillisecond, true);
  b.latencies.timed_out(10 * kSecond);
  a.merge(b);
  CHECK(a.attempts == 15);
  CHECK(a.sold_out_seconds.at(0) == 20);  // the first client to see it sold out
  CHECK(a.sold_out_seconds.at(1) == 40);
  CHECK(a.groups.at({"party_size", "1"}).people == 5);
  CHECK(a.groups.at({"party_size", "1"}).booked == 2);
  CHECK(a.series.size() == 3);
  CHECK(a.series[1].goodput == 10);
  CHECK(a.series[0].in_flight == 1);
  CHECK(a.series[1].in_flight == 2);
  CHECK(a.series[2].in_flight == 7);  // 5 of b's and a's 2, carried past its last row
  CHECK(a.attempts_per_booking() == 15);
  CHECK(a.latencies.attempts_us.count() == 2);
  RunResult r;
  fill_run_result(a, r);
  // One percentile over both threads' answers of interval 1, not an average of two.
  CHECK(r.series[1].latency_p50 == Approx(0.1).epsilon(1.0 / 256));
  CHECK(r.series[1].latency_p99 == Approx(0.3).epsilon(1.0 / 256));
  CHECK(r.series[1].attempt_latency_p99 == Approx(10.0).epsilon(1.0 / 256));
  CHECK(std::isnan(r.series[0].latency_p50));
  CHECK(std::isnan(r.series[2].attempt_latency_p99));
  CHECK(r[Kpi::LatencyP50] == Approx(0.1).epsilon(1.0 / 256));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(10.0).epsilon(1.0 / 256));
}

TEST_CASE("100,000 idle virtual users fit in well under 500 MiB", "[memory]") {
  Scenario s = load_scenario(std::string(SLOTRUSH_SOURCE_DIR) + "/scenarios/cbp1-2023-01-launch.yaml");
  LoadScaling l;
  l.population_scale = 100000.0 / 450000.0;
  const std::size_t before = resident_bytes();
  const PopulationPlan plan(s, l);
  REQUIRE(plan.people().size() == 100000);
  boost::asio::io_context io;
  FakeSender sender(io, [](const HttpRequest&) { return status_answer(200); });
  VirtualUserShard shard(plan, 0, 1, io.get_executor(), sender);
  const std::size_t rss = resident_bytes() - before;
  const std::size_t records = shard.memory_bytes() + plan.people().capacity() * sizeof(PlannedPerson);
  const double per_user = static_cast<double>(records) / 100000.0;
  std::printf("memory per idle virtual user: %.1f bytes of records (person %zu B + planned %zu B + %.2f devices x %zu B); "
              "resident growth for 100,000: %.1f MiB\n",
              per_user, sizeof(VirtualPerson), sizeof(PlannedPerson),
              static_cast<double>(shard.devices()) / 100000.0, sizeof(VirtualDevice), static_cast<double>(rss) / (1 << 20));
  CHECK(sizeof(VirtualDevice) <= 80);
  CHECK(per_user < 512.0);
  CHECK(rss < 100u * 1024 * 1024);  // a fifth of the 500 MiB goal
}
