// Metrics a scrape shows (and promtool accepts), and the booking invariants under concurrent load:
// no slot booked twice, no registrant above its party's slots, bookings never above supply.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/skip.hpp"

#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("a scrape lists every documented metric and promtool accepts it", "[mock][metrics]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  REQUIRE(book(c, login(c, 1), "k")->result() == http::status::created);
  c.request(http::verb::get, "/nope");
  const std::string text = m.server.scrape();
  for (const char* name :
       {"slotrush_http_requests_total", "slotrush_http_request_duration_seconds_bucket", "slotrush_queue_wait_seconds_bucket",
        "slotrush_http_requests_in_flight", "slotrush_queue_depth", "slotrush_workers_busy",
        "slotrush_worker_utilization_ratio", "slotrush_slots_open{port=\"A\"}", "slotrush_bookings_total",
        "slotrush_lottery_entries_total", "slotrush_waiting_room_depth", "slotrush_waiting_room_admitted_total",
        "slotrush_http_connections_refused_total", "slotrush_simulated_time_seconds"})
    CHECK(text.find(name) != std::string::npos);
  CHECK(text.find(R"(slotrush_http_requests_total{code="201",route="/book"} 1)") != std::string::npos);
  CHECK(text.find(R"(slotrush_bookings_total{port="A",strategy="first_come_race"} 1)") != std::string::npos);
  if (std::system("command -v promtool > /dev/null 2>&1") != 0)
    SLOTRUSH_SKIP("promtool not installed (apt-get install prometheus): exposition format not checked");
  const std::string file = "mock-metrics-scrape.txt";
  std::ofstream(file) << text;
  CHECK(std::system(("promtool check metrics < " + file + " > /dev/null 2>&1").c_str()) == 0);
  std::remove(file.c_str());
}

TEST_CASE("under concurrent load no slot is booked twice and bookings never exceed supply", "[mock][invariants]") {
  constexpr int kSupply = 60, kThreads = 6, kPerThread = 40;
  RunningMock m(small_race(kSupply), test_options(kAfterRelease));
  std::atomic<int> acknowledged{0};
  std::vector<std::thread> clients;
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  for (int t = 0; t < kThreads; ++t)
    clients.emplace_back([&, t] {
      TestClient c(m.server.endpoint());
      for (int i = 0; i < kPerThread && std::chrono::steady_clock::now() < deadline; ++i) {
        const auto registrant = static_cast<std::uint64_t>(t * kPerThread + i + 1);
        const std::string auth = login(c, registrant);
        const int party = 1 + static_cast<int>(registrant % 3);
        for (int member = 0; member < party; ++member)
          for (int attempt = 0; attempt < 2; ++attempt) {  // every booking retried once with its key
            auto res = book(c, auth, std::to_string(registrant) + "-" + std::to_string(member), party);
            if (res && res->result() == http::status::created && attempt == 0) ++acknowledged;
          }
      }
    });
  for (auto& c : clients) c.join();
  // The server's own view of every registrant's hold, cell by cell.
  TestClient c(m.server.endpoint());
  std::map<std::pair<int, int>, int> held_by_cell;
  long held = 0;
  for (std::uint64_t r = 1; r <= kThreads * kPerThread; ++r) {
    auto res = c.request(http::verb::get, "/booking", {}, {{"Authorization", login(c, r)}});
    REQUIRE(res);
    if (res->result() != http::status::ok) continue;
    const json b = body_of(*res)["booking"];
    CHECK(b["slots"].get<int>() <= 1 + static_cast<int>(r % 3));  // never above the party's slots
    for (const json& cell : b["cells"]) held_by_cell[{cell["port_index"], cell["date"]}] += cell["slots"].get<int>();
    held += b["slots"].get<int>();
  }
  for (const auto& [cell, n] : held_by_cell) CHECK(n <= kSupply / 2);  // each port's release: 30
  CHECK(held <= kSupply);
  CHECK(acknowledged.load() >= held);  // partial family holds that found no more slots were let go
  const BookingTotals totals = m.server.bookings().totals();
  long open = 0;
  for (long o : totals.open_by_port) open += o;
  CHECK(totals.released_total == kSupply);
  CHECK(held == totals.taken_total - totals.returned_total);
  CHECK(open + held == kSupply);  // conservation: every released slot is open or held, once
}
