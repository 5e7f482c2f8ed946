// Poisson arrivals (--arrivals poisson): the number of requests due in the run is Poisson with mean
// rate x duration, and the schedule is fixed by the seed.
#include <cmath>

#include <catch2/catch.hpp>

#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/scripted_server.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

TEST_CASE("poisson arrivals average the rate and repeat with the same seed", "[loadgen][poisson]") {
  ScriptedServer server(ScriptedServer::Behaviour::answer);
  GenericLoadPlan plan;
  plan.rate = 500;
  plan.arrivals = Arrivals::poisson;
  plan.seed = 7;
  plan.connections = 8;
  plan.duration = 2s;
  const LoadRun a = run_load(server.url("/"), plan);
  const LoadRun b = run_load(server.url("/"), plan);
  const std::uint64_t n = a.totals.attempts() + a.totals.dropped();
  // Mean 1000, standard deviation ~31.6: within 4 deviations.
  CHECK(std::fabs(static_cast<double>(n) - 1000.0) < 4 * std::sqrt(1000.0));
  CHECK(b.totals.attempts() + b.totals.dropped() == n);  // the same seed, the same schedule
  CHECK(n != 1000);  // constant spacing would give exactly 1000; seed 7's Poisson schedule does not
  CHECK(count(a, Outcome::success) == a.totals.attempts());
  plan.seed = 8;
  plan.rate = 50;  // a different schedule and mean: 100 due
  const LoadRun c = run_load(server.url("/"), plan);
  CHECK(std::fabs(static_cast<double>(c.totals.attempts()) - 100.0) < 4 * std::sqrt(100.0));
}
