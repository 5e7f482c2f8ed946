// The freeze rule (sim/results/freeze_rule.hpp) marks exactly the intervals where strictly more than
// half of the attempts that ended failed at the server, and the simulator's freeze_seconds is the
// width of the rows it marks.
#include <catch2/catch.hpp>

#include "sim/model/run_tally.hpp"
#include "sim/results/freeze_rule.hpp"

using namespace slotrush;

TEST_CASE("an interval is frozen when strictly more than half of what ended failed", "[report]") {
  CHECK_FALSE(interval_frozen(0, 0));  // idle: never frozen
  CHECK_FALSE(interval_frozen(4, 2));  // exactly half
  CHECK(interval_frozen(5, 3));
  CHECK(interval_frozen(1, 1));
  CHECK_FALSE(interval_frozen(10, 0));
  // At the server: useful answers, 503s, and timeouts of requests the server had.
  CHECK(interval_frozen_at_server(1, 1, 1));       // 2 of 3 failed
  CHECK_FALSE(interval_frozen_at_server(2, 1, 1)); // 2 of 4
  CHECK(interval_frozen_at_server(0, 0, 1));       // a lone server-side timeout
  CHECK_FALSE(interval_frozen_at_server(3, 0, 0));
}

TEST_CASE("the simulator marks frozen rows by the rule and sums their widths into freeze_seconds", "[report]") {
  RunTally tally;
  const SimTime width = 2'000'000'000;  // 2 s intervals
  struct Interval {
    std::uint32_t goodput, rejected, server_timeouts;
    bool frozen;
  };
  const std::vector<Interval> intervals{{5, 1, 0, false}, {1, 3, 0, true}, {2, 1, 1, false},
                                        {0, 0, 2, true},  {3, 3, 0, false}, {0, 4, 1, true}};
  SimTime end = 0;
  for (const Interval& i : intervals) {
    tally.interval.row.goodput = i.goodput;
    tally.interval.row.rejected = i.rejected;
    tally.interval.row.offered = i.goodput + i.rejected + i.server_timeouts;
    tally.interval.server_timeouts = i.server_timeouts;
    tally.mark();
    end += width;
    tally.close_interval(end, width, IntervalState{});
  }
  RunResult r;
  tally.finish(r, width, 0);
  REQUIRE(r.series.size() == intervals.size());
  double frozen_seconds = 0;
  for (std::size_t k = 0; k < intervals.size(); ++k) {
    CHECK(r.series[k].frozen == (intervals[k].frozen ? 1u : 0u));
    frozen_seconds += r.series[k].frozen * 2.0;
  }
  CHECK(r[Kpi::FreezeSeconds] == 6.0);
  CHECK(r[Kpi::FreezeSeconds] == frozen_seconds);
}
