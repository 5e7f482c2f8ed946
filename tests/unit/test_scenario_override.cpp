// Scenario fields set from outside the file (sweep --vary, calibrate): by path, list items by name or
// index, and every mistake reported as a scenario mistake would be, placed at the flag.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sim/scenario/scenario_override.hpp"

using namespace slotrush;

namespace {

const std::string kLaunch = std::string(SLOTRUSH_SOURCE_DIR) + "/scenarios/cbp1-2023-01-launch.yaml";

std::string issues_of(std::vector<ScenarioOverride> overrides) {
  std::string text;
  for (const ScenarioIssue& i : validate_scenario_file(kLaunch, overrides)) text += format_issue(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("an override sets a field, a list item by name or index, and a whole section's key", "[scenario][override]") {
  const Scenario base = load_scenario(kLaunch);
  const std::vector<ScenarioOverride> o{
      parse_override("supply.daily_slots=1000", "--vary"),
      parse_override("server.tiers[booking].queue_limit=123", "--vary"),
      parse_override("server.tiers[0].workers=7", "--vary"),
      parse_override("waiting_room.enabled=true", "--vary"),
  };
  const Scenario s = load_scenario(kLaunch, o);
  CHECK(base.supply.daily_slots != 1000);
  CHECK(s.supply.daily_slots == 1000);
  REQUIRE(s.server.tiers.size() == base.server.tiers.size());
  CHECK(s.server.tiers[1].name == "booking");
  CHECK(s.server.tiers[1].queue_limit == 123);
  CHECK(s.server.tiers[0].workers == 7);
  CHECK(s.server.tiers[0].queue_limit == base.server.tiers[0].queue_limit);  // the rest of the item kept
  CHECK(s.waiting_room.enabled);
  CHECK(s.population.initial_backlog == base.population.initial_backlog);  // untouched fields stay
}

TEST_CASE("a bad override path or value is reported at the flag, with what is allowed", "[scenario][override]") {
  const std::string typo = issues_of({parse_override("supply.daly_slots=1000", "--vary")});
  CHECK_THAT(typo, Catch::Contains("--vary supply.daly_slots=1000"));
  CHECK_THAT(typo, Catch::Contains("did you mean 'daily_slots'"));
  const std::string bad_value = issues_of({parse_override("supply.daily_slots=lots", "--vary")});
  CHECK_THAT(bad_value, Catch::Contains("supply.daily_slots"));
  CHECK_THAT(bad_value, Catch::Contains("'lots'"));
  const std::string no_item = issues_of({parse_override("server.tiers[sigin].workers=3", "--vary")});
  CHECK_THAT(no_item, Catch::Contains("did you mean 'signin'"));
  CHECK_THAT(no_item, Catch::Contains("allowed: signin, booking"));
  const std::string through_scalar = issues_of({parse_override("supply.daily_slots.x=1", "--vary")});
  CHECK_THAT(through_scalar, Catch::Contains("allowed: a map here"));
  CHECK(issues_of({parse_override("supply.daily_slots=900", "--vary")}).empty());
  CHECK_THROWS_AS(parse_override("supply.daily_slots", "--vary"), std::invalid_argument);
}

TEST_CASE("a file parsed once gives each load its own overrides and none of another load's", "[scenario][override]") {
  const ParsedScenarioFile parsed(kLaunch);
  const Scenario base = load_scenario(kLaunch);
  const std::vector<ScenarioOverride> first{parse_override("supply.daily_slots=1000", "--vary"),
                                            parse_override("server.tiers[booking].queue_limit=123", "--vary")};
  const std::vector<ScenarioOverride> second{parse_override("supply.daily_slots=2000", "--vary")};
  const Scenario a = parsed.load(first);
  const Scenario b = parsed.load(second);
  CHECK(a.supply.daily_slots == 1000);
  CHECK(b.supply.daily_slots == 2000);
  CHECK(b.server.tiers[1].queue_limit == base.server.tiers[1].queue_limit);  // the first load's change is gone
  CHECK(parsed.load({}).supply.daily_slots == base.supply.daily_slots);
  const std::vector<ScenarioOverride> bad{parse_override("supply.daily_slotz=3", "--vary")};
  std::string from_file, from_parsed;
  for (const ScenarioIssue& i : validate_scenario_file(kLaunch, bad)) from_file += format_issue(i) + "\n";
  for (const ScenarioIssue& i : parsed.validate(bad)) from_parsed += format_issue(i) + "\n";
  CHECK_FALSE(from_parsed.empty());
  CHECK(from_parsed == from_file);
}
