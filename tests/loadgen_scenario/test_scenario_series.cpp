// The scenario mode's series measured as the simulator's: in_flight is the level of attempts sent and
// not yet answered or timed out at each interval's close, and the latency columns hold the interval's
// client-observed latency in simulated seconds, the device class's emulated round trip included.
#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "tests/loadgen_scenario/test_scenarios.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;

TEST_CASE("the live series gets in_flight and latency columns as the simulator defines them", "[series]") {
  // 20 people at the release, round trip 0.25 s. Odd registrants' logins go unanswered (timeout at
  // 10 s; their patience of 5 s then ends their day); even ones log in, send their photo and find
  // no slots, all answered at once.
  constexpr double kError = 1.0 / 256;
  Scenario s = small_race(20, 10);
  s.population.device_classes = {DeviceClassSpec{"phone", 1.0, 250 * kMillisecond, 0.0}};
  s.population.give_up_after = 5 * kSecond;
  TinyCbpOne mock(0);
  mock.override_answer = [](const HttpRequest& r) -> std::optional<HttpResult> {
    if (r.route != "login") return std::nullopt;
    const auto registrant = nlohmann::json::parse(r.body).at("registrant").get<std::uint64_t>();
    if (registrant % 2 == 1) return timeout_answer();
    return std::nullopt;
  };
  LoadRun run(s, fast(5), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  RunResult r;
  fill_run_result(c, r);
  REQUIRE(c.timeouts == 10);
  REQUIRE(c.useful == 30);  // 10 x (login, liveness, slot list)
  REQUIRE_FALSE(r.series.empty());

  // What the fake sender saw, in simulated time: the requests outstanding at each row's close, and
  // the rows in which a useful answer, or any attempt, ended at the phone (half the round trip after
  // the server's answer, as the simulator counts it).
  const SimTime width = s.output.series_interval;
  const auto row_of = [&](SimTime t) {
    return std::find_if(r.series.begin(), r.series.end(), [&](const SeriesRow& row) {
      const SimTime start = from_seconds(row.time_seconds);
      return t >= start && t < start + width;
    });
  };
  std::vector<bool> useful_in(r.series.size(), false), ended_in(r.series.size(), false);
  for (const SentRequest& q : run.sender->sent) {
    const auto row = row_of(run.simulated(q.answered_at) + 125 * kMillisecond);
    REQUIRE(row != r.series.end());
    const auto k = static_cast<std::size_t>(row - r.series.begin());
    ended_in[k] = true;
    if (q.status != 0) useful_in[k] = true;  // every answer here is useful; a timeout has no status
  }
  std::uint32_t most = 0;
  for (std::size_t k = 0; k < r.series.size(); ++k) {
    const SeriesRow& row = r.series[k];
    const SimTime close = from_seconds(row.time_seconds) + width;
    std::uint32_t outstanding = 0;
    for (const SentRequest& q : run.sender->sent)
      if (run.simulated(q.sent_at) < close && run.simulated(q.answered_at) >= close) ++outstanding;
    INFO("row at " << row.time_seconds << " s");
    CHECK(row.in_flight == outstanding);
    most = std::max(most, row.in_flight);
    CHECK(std::isfinite(row.latency_p50) == useful_in[k]);
    CHECK(std::isfinite(row.latency_p99) == useful_in[k]);
    CHECK(std::isfinite(row.attempt_latency_p99) == ended_in[k]);
    if (useful_in[k]) {
      // The exchange on loopback is quick; the emulated round trip is in the latency.
      CHECK(row.latency_p50 >= 0.25 * (1 - kError));
    }
    if (row.timeouts > 0 && row.goodput == 0) CHECK(row.attempt_latency_p99 == Approx(10.0).epsilon(kError));
  }
  CHECK(most >= 1);  // an unanswered login is outstanding over the nine closes before its timeout
  CHECK(r.series.back().in_flight == 0);
  CHECK(r[Kpi::LatencyP50] >= 0.25 * (1 - kError));
  CHECK(r[Kpi::AttemptLatencyP99] == Approx(10.0).epsilon(kError));  // 10 of 40 attempts timed out
}
