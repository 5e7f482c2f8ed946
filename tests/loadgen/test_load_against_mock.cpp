// The load generator against the mock CBP One endpoint (mock/): the attempts it counts on a route
// equal the server's own slotrush_http_requests_total for that route, from its Prometheus scrape.
#include <algorithm>
#include <string>

#include <catch2/catch.hpp>

#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/metrics_scrape.hpp"
#include "tests/mock/mock_fixture.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {

// Sum of slotrush_http_requests_total over every code for `route`, from the text exposition.
double requests_total(const std::string& scrape, const std::string& route) {
  return std::max(0.0, sample_sum(scrape, "slotrush_http_requests_total", {"route=\"" + route + "\""}));
}

}  // namespace

TEST_CASE("the count matches the mock endpoint's slotrush_http_requests_total", "[loadgen][mock]") {
  slotrush::mock::test::RunningMock m(slotrush::mock::test::small_race(),
                                      slotrush::mock::test::test_options(slotrush::mock::test::kAfterRelease));
  const auto endpoint = m.server.endpoint();
  const std::string url = "http://127.0.0.1:" + std::to_string(endpoint.port()) + "/slots";
  REQUIRE(requests_total(m.server.scrape(), "/slots") == 0);
  GenericLoadPlan plan;
  plan.connections = 4;
  plan.max_requests = 600;
  plan.duration = 60s;
  const LoadRun run = run_load(url, plan);
  CHECK(run.totals.attempts() == 600);
  // Without a login token the API answers 401: every attempt was answered, as a 4xx.
  CHECK(count(run, Outcome::http_4xx) + count(run, Outcome::success) == 600);
  CHECK(requests_total(m.server.scrape(), "/slots") == 600);
}
