// The one pairing rule: differences only between runs of the same population scale and window, and
// "paired" only under common random numbers (both simulated, same seed, same replications); the
// report follows it and says in words why two runs are not compared.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/report_data.hpp"
#include "sim/results/run_pairing.hpp"
#include "tests/report/report_fixtures.hpp"

using nlohmann::json;
using namespace slotrush;
using Catch::Matchers::Contains;

TEST_CASE("runs of different population scales are not comparable and get no differences", "[report]") {
  const Results a = test::sample_results("policy-a", 3);
  Results b = test::sample_results("policy-b", 3, 5);
  b.population_scale = 0.25;
  CHECK_FALSE(comparable(a, b));
  CHECK_FALSE(paired(a, b));
  CHECK_THAT(why_not_comparable(a, b), Contains("different shares of the people") && Contains("0.25"));
  for (std::size_t k = 0; k < kKpiCount; ++k) CHECK_FALSE(kpi_difference(a, b, static_cast<Kpi>(k)));

  const json file = json::parse(report_data_json({{"a.json", a}, {"b.json", b}}, {})).at("files").at(1);
  CHECK(file.at("comparison_to_first").at("comparable") == false);
  CHECK_THAT(file.at("comparison_to_first").at("reason").get<std::string>(), Contains("0.25"));
  for (const auto& [name, d] : file.at("difference_to_first").items()) CHECK(d.is_null());
}

TEST_CASE("runs of different windows are not comparable", "[report]") {
  Results a = test::sample_results("policy-a", 3);
  Results b = a;
  a.window_seconds.emplace(100, 180);
  CHECK_FALSE(comparable(a, b));
  CHECK_THAT(why_not_comparable(a, b), Contains("different windows") && Contains("whole horizon"));
  b.window_seconds.emplace(100, 180);
  CHECK(comparable(a, b));
  CHECK(why_not_comparable(a, b).empty());
}

TEST_CASE("runs with different seeds are comparable but not paired", "[report]") {
  const Results a = test::sample_results("policy-a", 3);
  Results b = test::sample_results("policy-b", 3, 5);
  CHECK(paired(a, b));  // same seed, same replications, both simulated: common random numbers
  b.seed = a.seed + 1;
  CHECK(comparable(a, b));
  CHECK_FALSE(paired(a, b));
  const auto d = kpi_difference(a, b, Kpi::Goodput);
  REQUIRE(d);
  CHECK_FALSE(d->paired);
  CHECK(d->interval.mean == Approx(b[Kpi::Goodput].interval->mean - a[Kpi::Goodput].interval->mean));
  CHECK(d->interval.half_width == Approx(std::hypot(a[Kpi::Goodput].interval->half_width,
                                                    b[Kpi::Goodput].interval->half_width)));
  const json file = json::parse(report_data_json({{"a.json", a}, {"b.json", b}}, {})).at("files").at(1);
  CHECK(file.at("comparison_to_first").at("comparable") == true);
  CHECK(file.at("comparison_to_first").at("paired") == false);
  CHECK(file.at("difference_to_first").at("goodput").at("paired") == false);
}

TEST_CASE("a measured run is never paired with a simulated one, even with the same seed and count", "[report]") {
  const Results a = test::sample_results("policy-a", 3);
  Results m = test::sample_results("policy-a", 3, 1);
  m.kind = "measured";
  CHECK(comparable(a, m));
  CHECK_FALSE(paired(a, m));
  CHECK_FALSE(kpi_difference(a, m, Kpi::Goodput)->paired);
}
