// The flags of a sharded load test: `--start-at-wall` reads epoch seconds and ISO-8601 UTC to the same
// instant and refuses a past, far or malformed one by name; `--shard auto` finds an srun step's rank.
#include <map>
#include <optional>

#include <catch2/catch.hpp>

#include "apps/slotrush/shard_flag.hpp"
#include "apps/slotrush/wall_start_flag.hpp"

using namespace slotrush::cli;
using namespace std::chrono_literals;
using std::chrono::system_clock;

namespace {

const system_clock::time_point kNow = system_clock::time_point(1'796'644'800s);  // 2026-12-07T12:00:00Z

std::string refusal(const std::string& text) {
  try {
    parse_wall_start(text, kNow);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("the start instant flag (--start-at-wall) reads epoch seconds and ISO-8601 UTC as the same instant", "[shard]") {
  CHECK(parse_wall_start("1796644800", kNow) == kNow);
  CHECK(parse_wall_start("2026-12-07T12:00:00Z", kNow) == kNow);
  CHECK(parse_wall_start("2026-12-07T12:00:30.25Z", kNow) == kNow + 30250ms);
  CHECK(parse_wall_start("1796644830.25", kNow) == kNow + 30250ms);
  CHECK(parse_wall_start("2026-12-08T11:59:59Z", kNow) == kNow + 24h - 1s);
  CHECK(parse_wall_start("1796644799.5", kNow) == kNow - 500ms);  // within the 1 s tolerance
}

TEST_CASE("the start instant flag (--start-at-wall) refuses a past, far or malformed instant, naming the flag", "[shard]") {
  CHECK_THAT(refusal("1796644790"), Catch::StartsWith("--start-at-wall: found '1796644790', 10.0 s in the past; allowed:"));
  CHECK_THAT(refusal("2026-12-09T12:00:00Z"), Catch::Contains("s ahead; allowed:"));
  for (const char* bad : {"noon", "", "2026-12-07 12:00:00Z", "2026-12-07T12:00:00", "2026-13-07T12:00:00Z",
                          "2026-02-30T12:00:00Z", "2026-12-07T24:00:00Z", "-5", "1796644800s",
                          "9223372036854775807"})  // a count whose nanoseconds overflow
    CHECK_THAT(refusal(bad), Catch::StartsWith(std::string("--start-at-wall: found '") + bad + "'; allowed: ISO-8601 UTC"));
}

TEST_CASE("the shard flag in auto mode takes an srun step's rank and task count", "[shard]") {
  const auto env = [](std::map<std::string, std::string> vars) {
    return [vars](const char* name) -> std::optional<std::string> {
      const auto it = vars.find(name);
      return it == vars.end() ? std::nullopt : std::optional(it->second);
    };
  };
  const ShardSpec s = parse_shard("auto", env({{"SLURM_PROCID", "2"}, {"SLURM_NTASKS", "4"}}));
  CHECK(s.index == 2);
  CHECK(s.count == 4);
  // An array task keeps its array index even though Slurm sets SLURM_PROCID=0 in it.
  const ShardSpec a = parse_shard("auto", env({{"SLURM_ARRAY_TASK_ID", "3"}, {"SLURM_ARRAY_TASK_COUNT", "4"},
                                               {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}));
  CHECK(a.index == 3);
  CHECK_THROWS_WITH(parse_shard("auto", env({{"SLURM_PROCID", "4"}, {"SLURM_NTASKS", "4"}})),
                    Catch::Contains("SLURM_PROCID=4 SLURM_NTASKS=4"));
}
