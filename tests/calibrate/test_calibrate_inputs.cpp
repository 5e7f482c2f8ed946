// The inputs of `slotrush calibrate`: the objective's distance of a mean outside its range, --target
// parsing, and --vary fields split into free and fixed with whole numbers found from the schema.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "apps/slotrush/calibrate_inputs.hpp"

using namespace slotrush;
using namespace slotrush::cli;

namespace {

const std::string kMmc = (std::filesystem::path(SLOTRUSH_SOURCE_DIR) / "scenarios" / "mmc-validation.yaml").string();

std::string refusal(const auto& call) {
  try {
    call();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("a mean inside its range is at distance 0, outside it the squared distance in range widths") {
  const KpiTarget t{Kpi::SoldOutSeconds, 60, 180};
  CHECK(target_distance(t, 60) == 0);
  CHECK(target_distance(t, 120) == 0);
  CHECK(target_distance(t, 180) == 0);
  CHECK(target_distance(t, 0) == Approx(0.25));    // 60 below, half a width
  CHECK(target_distance(t, 420) == Approx(4.0));   // 240 above, two widths
  CHECK(target_distance(t, 420) > target_distance(t, 0));
  CHECK(target_distance(t, std::numeric_limits<double>::quiet_NaN()) == 1e6);  // absent: far outside
  const KpiTarget point{Kpi::SlotsBooked, 740, 740};  // width 0: measured in units of 740
  CHECK(target_distance(point, 740) == 0);
  CHECK(target_distance(point, 0) == Approx(1.0));
}

TEST_CASE("by the interval a target is met only when both ends are inside; by the mean as target_distance") {
  const KpiTarget t{Kpi::SoldOutSeconds, 60, 180};
  const ConfidenceInterval inside{120, 50, 10}, straddling{100, 50, 10}, above{200, 10, 10};
  CHECK(judged_distance(t, inside, 10, TargetJudge::interval) == 0);       // [70, 170]
  CHECK(judged_distance(t, straddling, 10, TargetJudge::interval) == Approx(1.0 / 144));  // 10 s below 60
  CHECK(judged_distance(t, straddling, 10, TargetJudge::mean) == 0);       // its mean 100 is inside
  CHECK(judged_distance(t, above, 10, TargetJudge::interval) == Approx(0.25 * 0.25));  // [190, 210]: 30 s above 180
  CHECK(judged_distance(t, above, 10, TargetJudge::mean) == Approx(target_distance(t, 200)));
  const ConfidenceInterval wide{120, 100, 10};  // both ends out: [20, 220], 40 + 40 s = 2/3 of a width
  CHECK(judged_distance(t, wide, 10, TargetJudge::interval) == Approx(4.0 / 9));
  CHECK(judged_distance(t, std::nullopt, 10, TargetJudge::interval) == 1e6);
  CHECK(judged_distance(t, ConfidenceInterval{120, 5, 9}, 10, TargetJudge::interval) == 1e6);  // a run lacked it
  CHECK(judged_distance(t, ConfidenceInterval{120, std::numeric_limits<double>::infinity(), 1}, 1,
                        TargetJudge::interval) == 1e6);
  CHECK(parse_target_judge("interval") == TargetJudge::interval);
  CHECK(parse_target_judge("mean") == TargetJudge::mean);
  CHECK_THROWS_WITH(parse_target_judge("median"), Catch::Contains("allowed: mean") && Catch::Contains("interval"));
}

TEST_CASE("a --target is a KPI and two numbers without unit; mistakes name what is allowed") {
  const KpiTarget t = parse_target("sold_out_seconds=60:180");
  CHECK(t.kpi == Kpi::SoldOutSeconds);
  CHECK(t.low == 60);
  CHECK(t.high == 180);
  CHECK_THAT(refusal([] { parse_target("sold_out_secnds=60:180"); }),
             Catch::Contains("did you mean 'sold_out_seconds'") && Catch::Contains("allowed:"));
  CHECK_THAT(refusal([] { parse_target("sold_out_seconds"); }), Catch::Contains("allowed: KPI=LOW:HIGH"));
  CHECK_THAT(refusal([] { parse_target("sold_out_seconds=180:60"); }), Catch::Contains("found LOW 180 above HIGH 60"));
  CHECK_THAT(refusal([] { parse_target("sold_out_seconds=1m:3m"); }), Catch::Contains("with a unit"));
  CHECK_THAT(refusal([] { parse_target("sold_out_seconds=60"); }), Catch::Contains("allowed: LOW:HIGH"));
}

TEST_CASE("LOW == HIGH fixes a field; a worker count is whole, a duration keeps its unit") {
  const CalibrationFields f =
      parse_fields(kMmc, {"server.tiers[api].workers=10:14", "population.background.end=20m:20m",
                          "population.background.rate_per_second=8:9", "client.timeout=1h:2h"});
  REQUIRE(f.free.size() == 3);
  REQUIRE(f.fixed.size() == 1);
  CHECK(f.fixed[0].path == "population.background.end");
  CHECK(f.free[0].integer);         // the schema refuses 10.5 workers
  CHECK_FALSE(f.free[1].integer);   // a rate may be 8.5
  CHECK_FALSE(f.free[2].integer);   // a duration is never rounded to a whole number of its unit
  CHECK(value_text(f.free[0], 11.6) == "12");
  CHECK(value_text(f.free[2], 1.5) == "1.5h");
  const std::vector<ScenarioOverride> o = overrides_at(f, {12, 8.5, 1.5});
  REQUIRE(o.size() == 4);
  CHECK((o[0].path == "population.background.end" && o[0].value == "20m"));  // fixed first, at LOW
  CHECK((o[1].path == "server.tiers[api].workers" && o[1].value == "12"));
  CHECK(o[3].value == "1.5h");
}

TEST_CASE("a --vary whose corner does not load is refused as a scenario error, before any run") {
  CHECK_THAT(refusal([] { parse_fields(kMmc, {"server.tiers[api].workers=-3:4"}); }),
             Catch::Contains("server.tiers[api].workers") || Catch::Contains("workers"));
  CHECK_THAT(refusal([] { parse_fields(kMmc, {"server.tiers[api].wokers=4:8"}); }), Catch::Contains("did you mean"));
  CHECK_THAT(refusal([] { parse_fields(kMmc, {"client.timeout=1s:1m"}); }), Catch::Contains("units 's' and 'm'"));
}
