// Coordinated omission: against a server that stalls 1 s every 5 s, latency measured from each
// request's intended start shows the stall at p99, while the service time from the actual send
// (what a closed-loop tool would report) hides it.
#include <catch2/catch.hpp>

#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/scripted_server.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

TEST_CASE("a server stalling 1 s every 5 s shows corrected p99 near 1 s only",
          "[loadgen][latency]") {
  // Stall windows at [1 s, 2 s) and [6 s, 7 s) of the server's life; the run lasts 10 s.
  ScriptedServer server(ScriptedServer::Behaviour::answer, 1s, 5s, 1s);
  GenericLoadPlan plan;
  plan.rate = 100;
  plan.connections = 1;  // like wrk2 -c1: requests due during a stall queue at the client
  plan.duration = 10s;
  plan.timeout = 5s;
  const LoadRun run = run_load(server.url("/"), plan);
  REQUIRE(run.totals.attempts() == 1000);
  REQUIRE(count(run, Outcome::success) == 1000);
  const double corrected_p99 = run.totals.latency().value_at_percentile(99) * 1e-9;
  const double service_p99 = run.totals.service_time().value_at_percentile(99) * 1e-9;
  const double corrected_p90 = run.totals.latency().value_at_percentile(90) * 1e-9;
  INFO("corrected p99 " << corrected_p99 << " s, service-time p99 " << service_p99 << " s");
  // About 20% of requests fall in a stall, waiting from 0 to 1 s: p99 is ~0.95 s.
  CHECK(corrected_p99 > 0.8);
  CHECK(corrected_p99 < 1.4);
  CHECK(corrected_p90 > 0.1);
  // Only the one request on the wire when a stall begins waits long on the wire.
  CHECK(service_p99 < 0.2);
  CHECK(run.totals.service_time().max() * 1e-9 > 0.8);  // that one request did see the stall
}
