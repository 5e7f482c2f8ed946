// Small scenarios for the scenario-mode tests, built in code from default_scenario(), and a runner
// that drives one ScenarioLoad over a FakeSender on one io_context until it finishes (bounded).
#pragma once
#include <chrono>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "loadgen/scenario/population_plan.hpp"
#include "loadgen/scenario/scenario_load.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/loadgen_scenario/fake_sender.hpp"

namespace slotrush::loadgen::test {

// A one-day race at 09:00 among `people` single travellers on one phone with no network delay.
inline Scenario small_race(int people, int slots = 740) {
  Scenario s = default_scenario();
  s.name = "test-race";
  s.seed = 11;
  s.supply.daily_slots = slots;
  s.supply.slot_unit = SlotUnit::Person;
  s.allocation.strategy = AllocationStrategy::FirstComeRace;
  s.allocation.race.release_time = 9 * kHour;
  s.population.initial_backlog = people;
  s.population.party_sizes = {{1, 1.0}};
  s.population.devices_per_person = {{1, 1.0}};
  s.population.device_classes = {DeviceClassSpec{"fast", 1.0, 0, 0.0}};
  s.population.arrival.offset_seconds = Deterministic(0.0);
  s.population.arrival.earliest = 0;
  s.population.give_up_after = 10 * kMinute;
  s.client.timeout = 10 * kSecond;
  s.client.think_seconds = Uniform(2.0, 5.0);
  s.client.retry = RetrySpec{};
  return s;
}

// Starts at the release (the default start is release - earliest = the release here).
inline LoadScaling fast(double time_scale) {
  LoadScaling l;
  l.time_scale = time_scale;
  return l;
}

struct LoadRun {
  boost::asio::io_context io;
  std::unique_ptr<FakeSender> sender;
  std::unique_ptr<PopulationPlan> plan;
  std::unique_ptr<ScenarioLoad> load;
  bool finished = false;

  LoadRun(const Scenario& s, const LoadScaling& scaling, FakeSender::Answer answer) {
    sender = std::make_unique<FakeSender>(io, std::move(answer));
    plan = std::make_unique<PopulationPlan>(s, scaling);
    load = std::make_unique<ScenarioLoad>(*plan, std::vector<ScenarioLoad::Thread>{{io.get_executor(), sender.get()}});
  }
  // Runs until the load finishes, at most `bound` of wall time (then REQUIREs fail).
  ScenarioCounters run(std::chrono::seconds bound = std::chrono::seconds(60)) {
    load->start([this] {
      finished = true;
      io.stop();
    });
    io.run_for(bound);
    REQUIRE(finished);
    const ScenarioCounters counters = load->counters();
    // The live figures the metrics export every second are kept as users change; at the end
    // they must equal what a scan of every person finds.
    const VirtualUserShard::LivePeople live = load->shard(0).live_people();
    CHECK(live.booked == counters.people_booked);
    CHECK(live.active == counters.people_active_at_end);
    return counters;
  }
  // Simulated time of a wall time point of this run.
  SimTime simulated(Clock::time_point t) const { return plan->simulated_of(t - load->origin()); }
};

}  // namespace slotrush::loadgen::test
