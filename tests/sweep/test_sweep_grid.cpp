// The grid of `slotrush sweep`: --vary parsing (lists, ranges without float noise, bad ranges named)
// and the full grid's order and overrides.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "apps/slotrush/sweep_grid.hpp"

using namespace slotrush::cli;
using Strings = std::vector<std::string>;

TEST_CASE("a range 0:1:0.1 gives 11 values printed without float noise") {
  const SweepAxis a = parse_axis("allocation.lottery.senior_reserve_fraction=0:1:0.1");
  CHECK(a.field == "allocation.lottery.senior_reserve_fraction");
  CHECK(a.values == Strings{"0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"});
}

TEST_CASE("a range whose step does not divide it stops below HIGH, and LOW = HIGH gives one value") {
  CHECK(parse_axis("supply.daily_slots=740:1500:250").values == Strings{"740", "990", "1240", "1490"});
  CHECK(parse_axis("supply.daily_slots=5:5:1").values == Strings{"5"});
  CHECK(parse_axis("x=-1:1:1").values == Strings{"-1", "0", "1"});
}

TEST_CASE("a list keeps its YAML scalars, durations and times of day included") {
  CHECK(parse_axis("supply.daily_slots=740,1000,1450").values == Strings{"740", "1000", "1450"});
  CHECK(parse_axis("client.timeout=30s,1m").values == Strings{"30s", "1m"});
  CHECK(parse_axis("allocation.lottery.draw_time=09:00:00").values == Strings{"09:00:00"});
}

TEST_CASE("bad --vary values are refused with what was found and what is allowed") {
  const auto message = [](const std::string& text) {
    try {
      parse_axis(text);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(message("f=0:1:0"), Catch::Contains("found STEP 0") && Catch::Contains("STEP > 0"));
  CHECK_THAT(message("f=0:1:-0.1"), Catch::Contains("found STEP -0.1"));
  CHECK_THAT(message("f=2:1:0.1"), Catch::Contains("found LOW 2 above HIGH 1"));
  CHECK_THAT(message("f=0:x:1"), Catch::Contains("HIGH 'x', not a number"));
  CHECK_THAT(message("f=1,,2"), Catch::Contains("empty value"));
  CHECK_THAT(message("f="), Catch::Contains("found no values"));
  CHECK_THAT(message("novalues"), Catch::Contains("found no FIELD=VALUES"));
  CHECK_THAT(message("f=0:1e9:1"), Catch::Contains("at most 10001"));
}

TEST_CASE("several axes make the full grid, the last varying fastest, each point with its overrides") {
  const std::vector<SweepAxis> axes{parse_axis("a=1,2"), parse_axis("b.c=x,y,z")};
  const auto grid = expand_grid(axes);
  REQUIRE(grid.size() == 6);
  CHECK(grid[0].values == Strings{"1", "x"});
  CHECK(grid[2].values == Strings{"1", "z"});
  CHECK(grid[3].values == Strings{"2", "x"});
  CHECK(grid[5].index == 5);
  const auto o = overrides_of(axes, grid[4]);
  REQUIRE(o.size() == 2);
  CHECK(o[1].path == "b.c");
  CHECK(o[1].value == "y");
  CHECK(o[1].origin == "--vary b.c=y");
}
