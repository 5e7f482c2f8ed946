// Scenario mode under `slotrush load --shard I/N`: the shards' virtual users are, together, exactly
// the unsharded run's: every registrant logs in on exactly one shard, on as many phones, each phone
// at the same planned instant after the common start (within timer jitter), whatever each shard's
// thread count.
#include <cstdlib>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/loadgen_scenario/test_scenarios.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;

namespace {

// Registrant -> the planned instants of its phones' logins (ns after the run's start), sorted.
using Logins = std::map<std::uint64_t, std::vector<std::int64_t>>;

Logins logins_of(const PopulationPlan& plan, LoadShare share, std::size_t threads) {
  boost::asio::io_context io;
  TinyCbpOne mock(100000);
  std::vector<std::unique_ptr<FakeSender>> senders;
  std::vector<ScenarioLoad::Thread> lanes;
  for (std::size_t t = 0; t < threads; ++t) {
    // Signed in, then "nothing on sale yet" to every list: nobody books, so every phone starts.
    senders.push_back(std::make_unique<FakeSender>(io, [&](const HttpRequest& r) {
      return r.route == "list_slots" ? booking_reply(BookingAnswer::NoSlotsYet, {{"slots", nlohmann::json::array()}})
                                     : mock.answer(r);
    }));
    lanes.push_back({io.get_executor(), senders.back().get()});
  }
  ScenarioLoad load(plan, lanes, share);
  bool finished = false;
  load.start([&] {
    finished = true;
    io.stop();
  });
  io.run_for(std::chrono::seconds(30));
  REQUIRE(finished);
  Logins out;
  for (const auto& s : senders)
    for (const SentRequest& r : s->of_route("login"))
      out[nlohmann::json::parse(r.request.body).at("registrant").get<std::uint64_t>()].push_back(
          (r.intended - load.origin()).count());
  for (auto& [registrant, at] : out) std::sort(at.begin(), at.end());
  return out;
}

}  // namespace

TEST_CASE("three shards of two threads each log in exactly the unsharded run's people, phones and start times",
          "[shard]") {
  Scenario s = small_race(60, 100000);
  s.population.devices_per_person = {{1, 0.5}, {2, 0.5}};
  s.population.arrival.offset_seconds = Uniform(0.0, 3.0);
  LoadScaling scaling = fast(10);
  scaling.duration = std::chrono::milliseconds(800);  // 8 simulated s: every phone has started (by 3 + 2 s)
  const PopulationPlan plan(s, scaling);
  const Logins whole = logins_of(plan, LoadShare{}, 1);
  REQUIRE(whole.size() == 60);
  Logins together;
  std::size_t phones = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const Logins mine = logins_of(plan, LoadShare{i, 3}, 2);
    CHECK(mine.size() == 20);  // person p belongs to shard p mod 3
    for (const auto& [registrant, at] : mine) {
      CHECK((registrant - 1) % 3 == i);
      CHECK(together.emplace(registrant, at).second);  // on no other shard
      phones += at.size();
    }
  }
  CHECK(phones > whole.size());  // some people have two phones
  // The same planned instants: starts spread over 3 simulated s (300 ms of wall time at x10); a
  // request's intended time is its wake's, late by the timer's jitter (milliseconds on a busy machine).
  REQUIRE(together.size() == whole.size());
  for (const auto& [registrant, at] : whole) {
    INFO("registrant " << registrant);
    const std::vector<std::int64_t>& sharded = together[registrant];
    REQUIRE(sharded.size() == at.size());
    for (std::size_t d = 0; d < at.size(); ++d) CHECK(std::abs(sharded[d] - at[d]) < 20'000'000);
  }
}
