// The scenario part of a load shard's file: ScenarioCounters read back from their JSON fill the same
// scenario KPIs and series to the last bit, shards merged through their files equal shards merged in
// memory, and a hostile or truncated file is refused with the field named.
#include <cmath>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include "loadgen/scenario/scenario_counters_json.hpp"
#include "sim/results/results.hpp"
#include "tests/loadgen_scenario/test_scenarios.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;

namespace {

// Bit for bit, NaN equal to NaN: what "merges exactly" means for a KPI or a series cell.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void require_same_results(const ScenarioCounters& want_counters, const ScenarioCounters& got_counters) {
  RunResult want, got;
  fill_run_result(want_counters, want);
  fill_run_result(got_counters, got);
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    INFO("KPI " << info(static_cast<Kpi>(k)).name << ": " << want.kpis[k] << " vs " << got.kpis[k]);
    CHECK(same(want.kpis[k], got.kpis[k]));
  }
  REQUIRE(want.series.size() == got.series.size());
  for (std::size_t i = 0; i < want.series.size(); ++i) {
    const std::vector<double> w = series_row_values(want.series[i]), g = series_row_values(got.series[i]);
    for (std::size_t c = 0; c < w.size(); ++c) {
      INFO("series row " << i << ", column " << kSeriesColumns[c]);
      CHECK(same(w[c], g[c]));
    }
  }
  REQUIRE(want.groups.size() == got.groups.size());
  for (std::size_t i = 0; i < want.groups.size(); ++i) {
    CHECK(want.groups[i].label == got.groups[i].label);
    CHECK(want.groups[i].people == got.groups[i].people);
    CHECK(want.groups[i].booked == got.groups[i].booked);
  }
  CHECK(want_counters.wake_lag_us.count() == got_counters.wake_lag_us.count());
  CHECK(want_counters.retries_sent_by_step == got_counters.retries_sent_by_step);
}

ScenarioCounters through_file(const ScenarioCounters& c) {
  return scenario_counters_of(nlohmann::json::parse(scenario_counters_json(c).dump()));
}

// A day of 120 people racing for 30 slots against the in-memory mock: every kind of count is filled.
ScenarioCounters race(std::uint64_t seed, int every_nth_fails) {
  Scenario s = small_race(120, 30);
  s.seed = seed;
  s.population.arrival.offset_seconds = Uniform(0.0, 20.0);
  TinyCbpOne mock(30);
  int calls = 0;
  LoadRun run(s, fast(1000), [&](const HttpRequest& r) {
    return ++calls % every_nth_fails == 0 ? timeout_answer() : mock.answer(r);
  });
  return run.run();
}

}  // namespace

TEST_CASE("scenario counters read back from a shard's file fill the same KPIs and series", "[shard]") {
  const ScenarioCounters c = race(7, 5);
  REQUIRE(c.people_booked > 0);
  REQUIRE(c.timeouts > 0);
  REQUIRE(!c.series.empty());
  require_same_results(c, through_file(c));
}

TEST_CASE("shards merged through their files equal shards merged in memory", "[shard]") {
  const ScenarioCounters a = race(1, 4), b = race(2, 6);
  ScenarioCounters in_memory = a, from_files = through_file(a);
  in_memory.merge(b);
  from_files.merge(through_file(b));
  CHECK(from_files.attempts == a.attempts + b.attempts);
  require_same_results(in_memory, from_files);
}

TEST_CASE("a hostile or truncated scenario part is refused with the field named", "[shard]") {
  const nlohmann::json good = scenario_counters_json(race(3, 5));
  const auto refused = [](nlohmann::json j, const std::string& says) {
    INFO(says);
    CHECK_THROWS_WITH(scenario_counters_of(j), Catch::Contains(says));
  };
  nlohmann::json j = good;
  j["counts"]["attempts"] = 1e99;
  refused(j, "attempts is 1e+99; allowed: a whole number from 0");
  j = good;
  j["counts"]["slots_booked"] = -1;
  refused(j, "slots_booked is -1");
  j = good;
  j["counts"].erase("people_booked");
  refused(j, "people_booked");
  j = good;
  j["series"][0] = nlohmann::json::array({0.0, 1});
  refused(j, "a series row has 2 entries, not 8");
  j = good;
  j["series"][0][1] = 5000000000u;
  refused(j, "a series count is 5000000000; allowed: a whole number from 0 to 4294967295");
  j = good;
  j["series_interval_s"] = 0;
  refused(j, "series_interval_s");
  j = good;
  j["latencies"]["useful_us"]["count"] = 1;
  refused(j, "do not add up");
}
