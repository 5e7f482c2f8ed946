// compare_twin: KPIs agree inside the prediction interval or the tolerance, disagree outside both,
// and are not compared when neither side has a value; series are densified over the window and
// correlated; the prediction interval is wider than the confidence interval by sqrt(n + 1).
#include <cmath>

#include <catch2/catch.hpp>

#include "sim/results/twin_comparison.hpp"

using namespace slotrush;

namespace {
RunResult run(double goodput, double success, double booked) {
  RunResult r;
  r[Kpi::Goodput] = goodput;
  r[Kpi::RequestSuccessRate] = success;
  r[Kpi::PeopleBooked] = booked;
  return r;
}
Results simulated() {  // five replications
  return aggregate({run(100, 0.50, 580), run(104, 0.52, 600), run(96, 0.48, 590), run(101, 0.51, 610), run(99, 0.49, 570)},
                   "simulated", "x", "x.yaml", 1);
}
Results measured(double goodput, double success, double booked) {
  return aggregate({run(goodput, success, booked)}, "measured", "x", "http://127.0.0.1:1", 1);
}
const TwinKpiRow& row(const TwinComparison& c, Kpi k) {
  for (const TwinKpiRow& r : c.kpis)
    if (r.kpi == k) return r;
  FAIL("no row");
  return c.kpis.front();
}
// A row of a temporary comparison is a copy, so `const auto& r = row(compare_twin(...), k)` holds.
TwinKpiRow row(TwinComparison&& c, Kpi k) { return row(c, k); }
}  // namespace

TEST_CASE("the prediction interval is the confidence interval widened by sqrt(n + 1)", "[twin]") {
  const Results s = simulated();
  const ConfidenceInterval ci = *s[Kpi::Goodput].interval;
  const auto pi = prediction_interval(ci);
  REQUIRE(pi);
  CHECK(pi->second - ci.mean == Approx(ci.half_width * std::sqrt(6.0)));
  CHECK(ci.mean - pi->first == Approx(ci.half_width * std::sqrt(6.0)));
  CHECK_FALSE(prediction_interval(*measured(1, 1, 1)[Kpi::Goodput].interval));  // one run: none
}

TEST_CASE("with m KPIs compared each interval is at 1 - 0.05/m, so all agree at once 95% of the time", "[twin]") {
  const Results s = simulated();  // goodput, success rate and people booked: m = 3
  const auto c = compare_twin(s, measured(100, 0.50, 590), 0.0, {0, 10});
  CHECK(c.prediction_confidence == Approx(1 - 0.05 / 3));
  const ConfidenceInterval ci = *s[Kpi::Goodput].interval;
  const auto pi = row(c, Kpi::Goodput).prediction.value();
  // Student's t with 4 degrees of freedom: 2.776 at 95%, 4.177 at 98.33% (two-sided).
  CHECK((pi.second - ci.mean) / (ci.half_width * std::sqrt(6.0)) == Approx(3.9608 / 2.7764).epsilon(1e-3));
  CHECK(*prediction_interval(ci, 0.95) == *prediction_interval(ci));
  // A value between the 95% and the widened bound agrees only because of the widening.
  const double between = ci.mean + ci.half_width * std::sqrt(6.0) * 1.2;
  CHECK(row(compare_twin(s, measured(between, 0.50, 590), 0.0, {0, 10}), Kpi::Goodput).agrees);
  const Results only = aggregate({run(100, NAN, NAN), run(104, NAN, NAN), run(96, NAN, NAN), run(101, NAN, NAN),
                                  run(99, NAN, NAN)}, "simulated", "x", "", 1);  // m = 1: plain 95%
  CHECK_FALSE(row(compare_twin(only, measured(between, NAN, NAN), 0.0, {0, 10}), Kpi::Goodput).agrees);
}

TEST_CASE("a measured value inside the prediction interval agrees, far outside it does not", "[twin]") {
  const auto c = compare_twin(simulated(), measured(102, 0.50, 595), 0.10, {0, 10});
  CHECK(c.agrees);
  CHECK(row(c, Kpi::Goodput).agrees);
  CHECK(row(c, Kpi::Goodput).verdict == "inside the prediction interval");
  CHECK(row(c, Kpi::Goodput).relative_difference.value() == Approx(0.02));
  const auto off = compare_twin(simulated(), measured(50, 0.50, 595), 0.10, {0, 10});  // half the goodput
  CHECK_FALSE(off.agrees);
  CHECK_FALSE(row(off, Kpi::Goodput).agrees);
  CHECK(row(off, Kpi::Goodput).verdict.find("measured lower") == 0);
  CHECK(row(off, Kpi::RequestSuccessRate).agrees);
}

TEST_CASE("outside the interval, the tolerance and the unit's floor still agree", "[twin]") {
  // A narrow interval (all replications alike) and a value 8% off: within a 10% tolerance.
  const Results s = aggregate({run(100, 0.5, 500), run(100, 0.5, 500), run(100.01, 0.5, 500)}, "simulated", "x", "", 1);
  CHECK(row(compare_twin(s, measured(108, 0.5, 500), 0.10, {0, 1}), Kpi::Goodput).agrees);
  CHECK_FALSE(row(compare_twin(s, measured(108, 0.5, 500), 0.05, {0, 1}), Kpi::Goodput).agrees);
  // 0.004 against 0.001 is +300% but a ratio below the 0.01 floor.
  const Results z = aggregate({run(1, 0.001, 1), run(1, 0.001, 1)}, "simulated", "x", "", 1);
  const TwinKpiRow& r = row(compare_twin(z, measured(1, 0.004, 1), 0.10, {0, 1}), Kpi::RequestSuccessRate);
  CHECK(r.agrees);
  CHECK(r.verdict.find("below") != std::string::npos);
}

TEST_CASE("a KPI only one side has disagrees, one neither has is not compared", "[twin]") {
  RunResult never;  // NaN everywhere
  never[Kpi::Goodput] = 100;
  const Results s = aggregate({never, never}, "simulated", "x", "", 1);
  RunResult sold = never;
  sold[Kpi::SoldOutSeconds] = 40;
  const auto c = compare_twin(s, aggregate({sold}, "measured", "x", "", 1), 0.1, {0, 1});
  CHECK(row(c, Kpi::SoldOutSeconds).compared);
  CHECK_FALSE(row(c, Kpi::SoldOutSeconds).agrees);
  CHECK(row(c, Kpi::SoldOutSeconds).verdict == "the simulation has no value");
  CHECK_FALSE(row(c, Kpi::FairnessJain).compared);
  CHECK_FALSE(c.agrees);
}

TEST_CASE("series are made dense over the window and correlated interval by interval", "[twin]") {
  Results a = simulated(), b = measured(1, 1, 1);
  // Sparse rows: 100 s, 101 s, 103 s (102 idle); one row before the window carries slots_left in.
  auto put = [](Results& r, double t, std::uint32_t goodput, std::int64_t slots) {
    SeriesRow row;
    row.time_seconds = t;
    row.goodput = goodput;
    row.slots_left = slots;
    r.series.push_back(row);
  };
  put(a, 90, 0, 740);
  put(a, 100, 10, 700);
  put(a, 101, 20, 650);
  put(a, 103, 40, 600);
  put(b, 100, 11, 700);
  put(b, 101, 19, 640);
  put(b, 103, 42, 610);
  CHECK(dense_series(a, "goodput", {100, 105}) == std::vector<double>{10, 20, 0, 40, 0});
  const auto slots = dense_series(a, "slots_left", {99, 105});
  CHECK(slots == std::vector<double>{740, 700, 650, 650, 600, 600});
  CHECK(std::isnan(dense_series(b, "slots_left", {98, 99})[0]));  // nothing known yet
  CHECK(std::isnan(dense_series(a, "latency_p50_s", {100, 101})[0]));  // absent, not zero
  const auto c = compare_twin(a, b, 0.1, {100, 105});
  const auto goodput = std::find_if(c.series.begin(), c.series.end(), [](const TwinSeriesRow& r) { return r.column == "goodput"; });
  REQUIRE(goodput != c.series.end());
  CHECK(goodput->intervals == 5);
  CHECK(goodput->correlation.value() > 0.95);
}
