// `--population-scale` means the same people on both clocks: the simulator's replication 0 and the load
// generator's plan of the same scale hold the same people, phones and start times, and the simulation
// of a live run's window starts exactly the people the live run starts.
#include <algorithm>
#include <set>

#include <catch2/catch.hpp>

#include "loadgen/scenario/population_plan.hpp"
#include "sim/domain/population.hpp"
#include "sim/model/appointment_world.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace slotrush;

namespace {
Scenario shipped(const char* name) { return load_scenario(std::string(SLOTRUSH_SOURCE_DIR) + "/scenarios/" + name); }
loadgen::LoadScaling live(double people, double time, SimTime start, std::chrono::seconds duration) {
  loadgen::LoadScaling l;
  l.population_scale = people;
  l.time_scale = time;
  l.start_at = start;
  l.duration = duration;
  return l;
}
}  // namespace

TEST_CASE("the simulator's replication 0 and a live plan of the same scale hold the same people", "[people]") {
  for (const char* name : {"cbp1-2023-01-launch.yaml", "cbp1-2023-05-lottery.yaml"}) {
    const Scenario s = shipped(name);
    const loadgen::PopulationPlan plan(s, live(0.003, 4, default_live_start(s), std::chrono::seconds(20)));
    const Population simulated(s, 0, RunScope{0.003, plan.run_start(), plan.run_end()});
    REQUIRE(plan.people().size() == simulated.people().size());
    REQUIRE(plan.people().size() > 200);
    for (std::uint32_t i = 0; i < simulated.people().size(); ++i) {
      const PersonTraits &a = plan.people()[i], &b = simulated.people()[i];
      REQUIRE(a.kind == b.kind);
      REQUIRE(a.party == b.party);
      REQUIRE(a.devices == b.devices);
      REQUIRE(a.device_class == b.device_class);
      REQUIRE(a.port == b.port);
      REQUIRE(a.registered_at == b.registered_at);
      for (int day = 0; day < 2; ++day)
        for (int phone = 0; phone < a.devices; ++phone) {
          const auto at = simulated.start_on_day(i, day, phone);
          const auto planned = plan.start_on_day(i, day, phone);
          // The live plan drops the starts after its end; before that, the same instants.
          REQUIRE(planned == (at && *at < plan.run_end() ? at : std::nullopt));
        }
    }
    // Another replication: other people.
    const Population other(s, 1, RunScope{0.003, plan.run_start(), plan.run_end()});
    std::size_t same = 0;
    for (std::uint32_t i = 0; i < other.people().size(); ++i)
      same += other.people()[i].party == simulated.people()[i].party &&
              other.people()[i].device_class == simulated.people()[i].device_class &&
              other.people()[i].devices == simulated.people()[i].devices;
    CHECK(same < other.people().size());
  }
}

TEST_CASE("a simulation of a live run's window starts the people the live run starts", "[people]") {
  const Scenario s = shipped("cbp1-2023-01-launch.yaml");
  // 08:59:56 for 15 simulated seconds: some of the people start after the window and never try.
  const loadgen::PopulationPlan plan(s, live(0.002, 1, 9 * kHour - 4 * kSecond, std::chrono::seconds(15)));
  std::set<std::uint32_t> starting;
  for (const loadgen::PlannedStart& p : plan.starts_of_day(0)) starting.insert(p.person);
  REQUIRE(starting.size() > 100);
  REQUIRE(starting.size() < plan.people().size());  // the window cuts some off
  const RunResult r = simulate_appointments(s, 0, {}, RunScope{0.002, plan.run_start(), plan.run_end()});
  CHECK(r[Kpi::PeopleTrying] == static_cast<double>(starting.size()));
  // The whole day at the same scale: everyone tries.
  const RunResult day = simulate_appointments(s, 0, {}, RunScope{0.002, 0, {}});
  CHECK(day[Kpi::PeopleTrying] == static_cast<double>(plan.people().size()));
}
