#include <catch2/catch.hpp>

#include "sim/stats/time_weighted.hpp"

using slotrush::TimeWeighted;

TEST_CASE("the time-weighted mean of a known step function is exact", "[stats][time_weighted]") {
    TimeWeighted tw;         // level 0 from t = 0
    tw.set(10, 2.0);         // 0 on [0,10)
    tw.set(30, 5.0);         // 2 on [10,30) -> 40
    CHECK(tw.integral(35) == 65.0);  // open segment counts: 40 + 5*5
    tw.add(40, -5.0);        // 5 on [30,40) -> 50
    CHECK(tw.level() == 0.0);
    CHECK(tw.max() == 5.0);
    CHECK(tw.integral(50) == 90.0);
    CHECK(tw.mean(50) == 1.8);
}

TEST_CASE("a time-weighted average with no elapsed time has mean zero", "[stats][time_weighted]") {
    TimeWeighted tw(100, 3.0);
    CHECK(tw.mean(100) == 0.0);
    CHECK(tw.integral(100) == 0.0);
    CHECK(tw.mean(200) == 3.0);
    CHECK(tw.max() == 3.0);
}

TEST_CASE("resetting a time-weighted average drops the past but keeps the level",
          "[stats][time_weighted]") {
    TimeWeighted tw;
    tw.set(10, 8.0);
    tw.set(20, 5.0);
    tw.reset(30);            // warm-up over: 8 on [10,20) is forgotten
    CHECK(tw.level() == 5.0);
    CHECK(tw.max() == 5.0);
    CHECK(tw.start() == 30);
    CHECK(tw.integral(40) == 50.0);
    CHECK(tw.mean(40) == 5.0);
    tw.set(40, 1.0);
    CHECK(tw.mean(50) == 3.0);  // (50 + 10) / 20
    CHECK(tw.max() == 5.0);
}

TEST_CASE("a time-weighted average accumulates nanosecond-scale horizons", "[stats][time_weighted]") {
    constexpr std::int64_t hour_ns = 3'600'000'000'000;
    TimeWeighted tw;
    tw.set(hour_ns, 4.0);
    CHECK(tw.mean(2 * hour_ns) == 2.0);
}
