// How a sweep reports what its runs cost: DIR/timing.csv, one row per run, and the split by point.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "apps/slotrush/run_times.hpp"

using namespace slotrush::cli;

TEST_CASE("the time split names the cheapest and the dearest point by the sum of their runs") {
  // Point 0: 1 + 3 = 4 s; point 1: 2 + 2.5 = 4.5 s; point 2: 0.5 + 0.5 = 1 s.
  const std::vector<RunTime> times{{0, 0, 1.0, 100}, {0, 1, 3.0, 300}, {1, 0, 2.0, 200},
                                   {1, 1, 2.5, 250}, {2, 0, 0.5, 50},  {2, 1, 0.5, 50}};
  const std::string text = describe_time_split(times);
  INFO(text);
  CHECK(text.find("6 runs, 9.50 s of CPU, 950 events, 100 events/s") != std::string::npos);
  CHECK(text.find("cheapest 1.00 s (point 2)") != std::string::npos);
  CHECK(text.find("median 4.00 s") != std::string::npos);
  CHECK(text.find("dearest 4.50 s (point 1)") != std::string::npos);
  CHECK(describe_time_split({}).empty());
}

TEST_CASE("timing.csv has a row per run with its events per CPU second") {
  const auto file = std::filesystem::temp_directory_path() / "slotrush-test-timing.csv";
  write_run_times({{0, 0, 2.0, 1000}, {1, 3, 0.0, 7}}, file);
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() ==
        "point,stream,cpu_seconds,events,events_per_second\n"
        "0,0,2.000000,1000,500\n"
        "1,3,0.000000,7,\n");
  std::filesystem::remove(file);
  CHECK_THROWS_WITH(write_run_times({}, "/proc/nope/timing.csv"), Catch::Contains("cannot write"));
}
