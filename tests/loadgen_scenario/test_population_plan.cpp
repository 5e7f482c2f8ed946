// PopulationPlan: deterministic for a seed, scaled in people and time, and on the scenario's schedule.
#include <algorithm>
#include <stdexcept>

#include <catch2/catch.hpp>

#include "loadgen/scenario/population_plan.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;

namespace {
Scenario shipped(const char* name) { return load_scenario(std::string(SLOTRUSH_SOURCE_DIR) + "/scenarios/" + name); }
LoadScaling scaled(double people, double time = 1.0) {
  LoadScaling l;
  l.population_scale = people;
  l.time_scale = time;
  return l;
}
bool same_people(const PopulationPlan& a, const PopulationPlan& b) {
  if (a.people().size() != b.people().size()) return false;
  for (std::size_t i = 0; i < a.people().size(); ++i) {
    const PlannedPerson &x = a.people()[i], &y = b.people()[i];
    if (a.registrant(i) != b.registrant(i) || x.party != y.party || x.devices != y.devices ||
        x.device_class != y.device_class || x.port != y.port || x.registered_at != y.registered_at)
      return false;
  }
  return true;
}
bool same_starts(const std::vector<PlannedStart>& a, const std::vector<PlannedStart>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const PlannedStart& x, const PlannedStart& y) {
           return x.at == y.at && x.person == y.person && x.device == y.device;
         });
}
}  // namespace

TEST_CASE("the population plan is the same for a seed and differs for another", "[plan]") {
  Scenario s = shipped("cbp1-2023-01-launch.yaml");
  const PopulationPlan a(s, scaled(0.01)), b(s, scaled(0.01));
  CHECK(same_people(a, b));
  CHECK(same_starts(a.starts_of_day(0), b.starts_of_day(0)));
  s.seed += 1;
  const PopulationPlan c(s, scaled(0.01));
  CHECK_FALSE(same_people(a, c));
  CHECK_FALSE(same_starts(a.starts_of_day(0), c.starts_of_day(0)));
}

TEST_CASE("the population scale sets how many of the scenario's people are generated", "[plan]") {
  const Scenario s = shipped("cbp1-2023-01-launch.yaml");  // 450,000 people
  CHECK(PopulationPlan(s, scaled(0.001)).people().size() == 450);
  CHECK(PopulationPlan(s, scaled(0.01)).people().size() == 4500);
  const PopulationPlan plan(s, scaled(0.01));
  CHECK(plan.registrant(0) == 1);
  CHECK(plan.registrant(4499) == 4500);
}

TEST_CASE("launch starts follow the release: half at the instant, most within twenty seconds", "[plan]") {
  // The launch's arrival before its re-fit (issue 13): N(0, 20 s) around 09:00, none before; the
  // shipped day now lets people start up to 100 s early. This tests the clipping and the spread.
  Scenario s = shipped("cbp1-2023-01-launch.yaml");
  s.population.arrival.offset_seconds = Normal(0.0, 20.0);
  s.population.arrival.earliest = 0;
  const PopulationPlan plan(s, scaled(0.01));
  const SimTime release = 9 * kHour;
  const auto starts = plan.starts_of_day(0);
  std::size_t first = 0, at_release = 0, within_20s = 0;
  for (const PlannedStart& p : starts) {
    REQUIRE(p.at >= release);
    if (p.device != 0) {
      const SimTime first_device = *plan.start_on_day(p.person, 0, 0);
      CHECK(p.at >= first_device);
      CHECK(p.at < first_device + 2 * kSecond);  // extra phones up to 2 s after the first
      continue;
    }
    ++first;
    if (p.at == release) ++at_release;
    if (p.at <= release + 20 * kSecond) ++within_20s;
  }
  REQUIRE(first == 4500);
  // P(offset <= 0) = 0.5 and P(offset <= 20 s) = 0.841 for N(0, 20 s); n = 4500, 4-sigma bands.
  CHECK(static_cast<double>(at_release) / first == Approx(0.5).margin(0.03));
  CHECK(static_cast<double>(within_20s) / first == Approx(0.841).margin(0.022));
}

TEST_CASE("wall-clock start times are (simulated - start) / time scale, as the mock's clock", "[plan]") {
  const Scenario s = shipped("cbp1-2023-01-launch.yaml");
  LoadScaling l = scaled(0.001, 60.0);
  l.start_at = 8 * kHour + 58 * kMinute;
  const PopulationPlan plan(s, l);
  CHECK(plan.run_start() == 8 * kHour + 58 * kMinute);
  CHECK(plan.wall_of(9 * kHour) == std::chrono::seconds(2));  // 120 simulated s at 60x
  CHECK(plan.simulated_of(std::chrono::seconds(2)) == 9 * kHour);
  for (const PlannedStart& p : plan.starts_of_day(0)) {
    const auto expected = static_cast<std::int64_t>(static_cast<double>(p.at - l.start_at.value()) / 60.0);
    CHECK(std::abs(plan.wall_of(p.at).count() - expected) <= 1);
  }
  // Without --start-at: the mock's default, the release less the arrivals' earliest offset.
  CHECK(PopulationPlan(s, scaled(0.001)).run_start() == 9 * kHour - s.population.arrival.earliest);
}

TEST_CASE("behind a waiting room nobody starts before the pre-queue opens", "[plan]") {
  const Scenario s = shipped("waiting-room.yaml");
  const PopulationPlan plan(s, scaled(0.002));
  CHECK(plan.run_start() == 9 * kHour - 30 * kMinute);  // the mock's default start: the pre-queue
  for (const PlannedStart& p : plan.starts_of_day(0)) CHECK(p.at >= 9 * kHour - 30 * kMinute);
}

TEST_CASE("lottery starts fall inside each day's request window, one device per person", "[plan]") {
  Scenario s = shipped("cbp1-2023-05-lottery.yaml");
  s.allocation.lottery.window_open = 12 * kHour;
  s.allocation.lottery.window_close = 13 * kHour;
  s.population.arrival.offset_seconds = Uniform(-3600.0, 7200.0);  // some before, some after the window
  s.population.arrival.earliest = 2 * kHour;
  const PopulationPlan plan(s, scaled(0.005));  // 400 backlog + 5 new a day
  CHECK(plan.run_start() == 12 * kHour);
  for (int day = 0; day < 3; ++day) {
    const auto starts = plan.starts_of_day(day);
    REQUIRE_FALSE(starts.empty());
    for (const PlannedStart& p : starts) {
      CHECK(p.device == 0);
      CHECK(p.at >= day * kDay + 12 * kHour);
      CHECK(p.at < day * kDay + 13 * kHour);
    }
  }
  // The simulator's rule (sim/domain Population): people try for sure on the day they register (the
  // 5 new ones a day), else when they come back (90%), the backlog on day 0 too: it registered over
  // the 110 days before and has been trying daily since.
  const double day0 = static_cast<double>(plan.starts_of_day(0).size());
  CHECK(day0 == Approx(0.9 * 400 + 5).margin(4 * std::sqrt(400 * 0.09)));
  CHECK(day0 < 400);  // not everyone: the backlog's day 0 is not its first
  const double day1 = static_cast<double>(plan.starts_of_day(1).size());
  CHECK(day1 == Approx(0.9 * 405 + 5).margin(4 * std::sqrt(405 * 0.09)));
}

TEST_CASE("a duration limits the simulated window the plan covers", "[plan]") {
  const Scenario s = shipped("cbp1-2023-05-lottery.yaml");  // 14 days
  LoadScaling l = scaled(0.001, 3600.0);
  l.duration = std::chrono::seconds(48);  // 48 h simulated
  const PopulationPlan plan(s, l);
  CHECK(plan.run_end() == 48 * kHour);
  CHECK(plan.last_day() == 1);
}

TEST_CASE("bad scaling is refused with the flag named and what is allowed", "[plan]") {
  const Scenario s = shipped("cbp1-2023-01-launch.yaml");
  LoadScaling l;
  l.time_scale = 0;
  CHECK_THROWS_WITH(PopulationPlan(s, l), Catch::Contains("--time-scale") && Catch::Contains("allowed"));
  l = LoadScaling{};
  l.population_scale = 1.5;
  CHECK_THROWS_WITH(PopulationPlan(s, l), Catch::Contains("--population-scale") && Catch::Contains("(0, 1]"));
  l = LoadScaling{};
  l.start_at = 2 * kDay;
  CHECK_THROWS_WITH(PopulationPlan(s, l), Catch::Contains("--start-at"));
}
