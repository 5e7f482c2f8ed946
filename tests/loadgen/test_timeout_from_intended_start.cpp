// The RequestSender seam's timeout runs from the intended start (a phone's timeout runs from the
// tap): time a request waits inside the generator for a free pooled connection counts against it,
// and a request whose deadline passes while it waits ends as a timeout without being sent.
#include <chrono>
#include <vector>

#include <catch2/catch.hpp>

#include "loadgen/pooled_sender.hpp"
#include "tests/loadgen/scripted_server.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {

HttpRequest request_on(const std::string& route) {
  HttpRequest r;
  r.target = "/" + route;
  r.route = route;
  return r;
}

const RouteTally& tally(const RunMeasurements& m, const std::string& route) {
  for (const RouteTally& t : m.routes())
    if (t.route == route) return t;
  FAIL("no route " << route);
  return m.routes().front();
}

}  // namespace

TEST_CASE("a request waiting for a busy pooled connection times out at its deadline, unsent",
          "[loadgen][sender][timeout]") {
  ScriptedServer server(ScriptedServer::Behaviour::silent);  // holds the one connection
  boost::asio::io_context io;
  RunMeasurements measurements;
  PooledSender sender(io, {boost::asio::ip::make_address("127.0.0.1"), server.port()}, "127.0.0.1", 1, measurements);
  std::vector<std::string> finished;  // routes, in the order their results came back
  std::vector<HttpResult> results;
  const auto now = RequestSender::Clock::now();
  sender.send(request_on("first"), now, 3s, [&](const HttpResult& r) {
    finished.push_back("first");
    results.push_back(r);
  });
  sender.send(request_on("queued"), now, 300ms, [&](const HttpResult& r) {
    finished.push_back("queued");
    results.push_back(r);
  });
  io.run_for(20s);  // bounded; both end by their timeouts (3 s at most)
  REQUIRE(finished.size() == 2);
  // The queued request did not wait for the first one to free the connection.
  CHECK(finished[0] == "queued");
  CHECK(results[0].outcome == Outcome::timeout);
  CHECK(results[0].latency >= 300ms);
  CHECK(results[1].outcome == Outcome::timeout);
  CHECK(tally(measurements, "queued").sent == 0);
  CHECK(tally(measurements, "queued").outcomes[static_cast<int>(Outcome::timeout)] == 1);
  CHECK(tally(measurements, "first").sent == 1);
  CHECK(measurements.in_flight == 0);
}

TEST_CASE("a request already past its deadline when a connection is free is not sent",
          "[loadgen][sender][timeout]") {
  ScriptedServer server(ScriptedServer::Behaviour::answer);
  boost::asio::io_context io;
  RunMeasurements measurements;
  PooledSender sender(io, {boost::asio::ip::make_address("127.0.0.1"), server.port()}, "127.0.0.1", 2, measurements);
  const auto now = RequestSender::Clock::now();
  std::vector<Outcome> outcomes;
  // Due a second ago with a 500 ms timeout: the deadline has passed, as for a tap the generator
  // could not serve in time. The second one, due now, is answered.
  sender.send(request_on("late"), now - 1s, 500ms, [&](const HttpResult& r) { outcomes.push_back(r.outcome); });
  sender.send(request_on("on_time"), now, 5s, [&](const HttpResult& r) { outcomes.push_back(r.outcome); });
  io.run_for(20s);
  REQUIRE(outcomes.size() == 2);
  CHECK(outcomes[0] == Outcome::timeout);
  CHECK(outcomes[1] == Outcome::success);
  CHECK(tally(measurements, "late").sent == 0);
  CHECK(tally(measurements, "on_time").sent == 1);
}
