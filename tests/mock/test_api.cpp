// The JSON API over loopback: tokens, foreign registrants, bad input, idempotent booking, the
// confirmation step, the waiting room, the lottery, and shedding when the tier is full.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;
using nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("the API asks for a token (401) and refuses another registrant's resource (403)", "[mock][api]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  auto health = c.request(http::verb::get, "/healthz");
  REQUIRE(health);
  CHECK(health->result() == http::status::ok);
  auto anonymous = c.request(http::verb::get, "/slots");
  REQUIRE(anonymous);
  CHECK(anonymous->result() == http::status::unauthorized);
  auto forged = c.request(http::verb::get, "/slots", {}, {{"Authorization", "Bearer 5.0000000000000000"}});
  REQUIRE(forged);
  CHECK(forged->result() == http::status::unauthorized);
  const std::string auth = login(c, 5);
  REQUIRE(!auth.empty());
  auto foreign = c.request(http::verb::get, "/booking?registrant=6", {}, {{"Authorization", auth}});
  REQUIRE(foreign);
  CHECK(foreign->result() == http::status::forbidden);
  auto foreign_body = c.request(http::verb::post, "/confirm", R"({"registrant": 6})", {{"Authorization", auth}});
  REQUIRE(foreign_body);
  CHECK(foreign_body->result() == http::status::forbidden);
}

TEST_CASE("the API answers bad JSON and bad fields with 400 and a reason", "[mock][api]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  auto broken = c.request(http::verb::post, "/login", R"({"registrant": )");
  REQUIRE(broken);
  CHECK(broken->result() == http::status::bad_request);
  CHECK(body_of(*broken)["error"] == "bad_json");
  CHECK_FALSE(body_of(*broken)["reason"].get<std::string>().empty());
  auto not_object = c.request(http::verb::post, "/login", "[1]");
  REQUIRE(not_object);
  CHECK(not_object->result() == http::status::bad_request);
  auto out_of_range = c.request(http::verb::post, "/login", R"({"registrant": 0})");
  REQUIRE(out_of_range);
  CHECK(body_of(*out_of_range)["error"] == "bad_registrant");
  const std::string auth = login(c, 1);
  auto no_key = c.request(http::verb::post, "/book", "{}", {{"Authorization", auth}});
  REQUIRE(no_key);
  CHECK(no_key->result() == http::status::bad_request);
  CHECK(body_of(*no_key)["error"] == "idempotency_key");
  auto bad_port = c.request(http::verb::post, "/book", R"({"port": "Atlantis"})",
                            {{"Authorization", auth}, {"Idempotency-Key", "k"}});
  REQUIRE(bad_port);
  CHECK(bad_port->result() == http::status::bad_request);
}

TEST_CASE("a retried booking with the same Idempotency-Key returns the first result and no second slot",
          "[mock][api]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const std::string auth = login(c, 42);
  auto first = book(c, auth, "key-1");
  REQUIRE(first);
  REQUIRE(first->result() == http::status::created);
  auto retry = book(c, auth, "key-1");
  REQUIRE(retry);
  CHECK(retry->result() == http::status::created);
  CHECK(retry->at("Idempotent-Replayed") == "true");
  CHECK(body_of(*retry) == body_of(*first));
  auto other_key = book(c, auth, "key-2");
  REQUIRE(other_key);
  CHECK(other_key->result() == http::status::conflict);
  CHECK(body_of(*other_key)["error"] == "already_booked");
  CHECK(m.server.bookings().totals().taken_total == 1);
  auto confirmed = c.request(http::verb::post, "/confirm", {}, {{"Authorization", auth}});
  REQUIRE(confirmed);
  CHECK(confirmed->result() == http::status::ok);
  CHECK(body_of(*confirmed)["booking"]["status"] == "confirmed");
  CHECK(m.server.bookings().totals().confirmed_slots == 1);
}

TEST_CASE("a party books member by member when slots are per person, and the slots run out", "[mock][api]") {
  RunningMock m(small_race(4), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const std::string family = login(c, 1);
  auto all = c.request(http::verb::get, "/slots", {}, {{"Authorization", family}});
  REQUIRE(all);
  const json cells = body_of(*all)["slots"];
  CHECK(all->body() == body_of(*all).dump());  // written as text, in the order a JSON tree writes it
  int open_slots = 0;
  for (const json& cell : cells) open_slots += cell["open"].get<int>();
  CHECK(open_slots == 4);
  for (int member = 0; member < 3; ++member) {
    auto res = book(c, family, "m" + std::to_string(member), 3);
    REQUIRE(res);
    CHECK(res->result() == http::status::created);
    CHECK(body_of(*res)["booking"]["slots"] == member + 1);
  }
  const std::string single = login(c, 2);
  auto open = c.request(http::verb::get, "/slots", {}, {{"Authorization", single}});
  REQUIRE(open);
  const json listed = body_of(*open);
  CHECK(open->body() == listed.dump());  // written as text, in the order a JSON tree writes it
  REQUIRE(listed["slots"].size() == 1);
  CHECK(listed["slots"][0]["open"] == 1);
  CHECK(listed["slots"][0]["port_index"].is_number_integer());
  CHECK(listed["slots"][0]["port"].is_string());
  CHECK(listed["answer"] == "slots_open");
  REQUIRE(book(c, single, "s")->result() == http::status::created);
  auto late = book(c, login(c, 3), "l");
  REQUIRE(late);
  CHECK(late->result() == http::status::conflict);
  CHECK(body_of(*late)["error"] == "no_slots");
  auto slots = c.request(http::verb::get, "/slots", {}, {{"Authorization", single}});
  REQUIRE(slots);
  CHECK(body_of(*slots)["slots"].empty());
}

TEST_CASE("before the release a booking is told when slots go on sale", "[mock][api]") {
  RunningMock m(small_race(), test_options(8 * kHour));
  TestClient c(m.server.endpoint());
  auto res = book(c, login(c, 9), "k");
  REQUIRE(res);
  CHECK(res->result() == http::status::conflict);
  CHECK(body_of(*res)["error"] == "not_released");
  CHECK(body_of(*res)["release_at_s"] == Approx(9 * 3600.0));
  CHECK(res->body() == body_of(*res).dump());  // written as text, in the order a JSON tree writes it
}

TEST_CASE("a waiting room answers 429 with the queue position and Retry-After", "[mock][api]") {
  Scenario s = small_race();
  s.waiting_room.enabled = true;
  s.waiting_room.new_users_per_minute = 1;  // one admission a minute: the rest wait in line
  s.waiting_room.shuffle_at_open = false;
  RunningMock m(s, test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  int queued = 0;
  std::uint64_t last_position = 0;
  // The room stands in front of the whole flow, sign-in included (as the simulator's does).
  for (std::uint64_t r = 1; r <= 5; ++r) {
    auto res = c.request(http::verb::post, "/login", nlohmann::json{{"registrant", r}}.dump());
    REQUIRE(res);
    if (res->result() != http::status::too_many_requests) continue;
    ++queued;
    CHECK(res->count(http::field::retry_after) == 1);
    CHECK(res->body() == body_of(*res).dump());
    const auto position = body_of(*res)["position"].get<std::uint64_t>();
    CHECK(position > last_position);
    last_position = position;
  }
  CHECK(queued >= 3);
  CHECK(m.server.scrape().find("slotrush_waiting_room_depth") != std::string::npos);
}

TEST_CASE("each phone's waiting-room cookie is its own place in line", "[mock][api]") {
  Scenario s = small_race();
  s.waiting_room.enabled = true;
  s.waiting_room.new_users_per_minute = 1;
  s.waiting_room.shuffle_at_open = false;
  RunningMock m(s, test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const std::string body = nlohmann::json{{"registrant", 7}}.dump();
  auto position = [&](const std::string& cookie) {
    auto res = c.request(http::verb::post, "/login", body, {{"Cookie", "theme=dark; slotrush_room=" + cookie}});
    REQUIRE(res);
    return res->result() == http::status::too_many_requests ? body_of(*res)["position"].get<std::uint64_t>() : 0;
  };
  c.request(http::verb::post, "/login", nlohmann::json{{"registrant", 1}}.dump());  // takes the one admission
  const auto phone1 = position("7-0"), phone2 = position("7-1");
  CHECK(phone1 >= 1);
  CHECK(phone2 == phone1 + 1);        // the same registrant's second phone queues behind the first
  CHECK(position("7-0") == phone1);   // asking again keeps the place
}

TEST_CASE("a lottery entry is drawn at the draw time and a winner holds a slot", "[mock][api]") {
  Scenario s = small_race(10);
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.senior_reserve_fraction = 0.0;
  s.calendar.days = 2;
  MockServerOptions o = test_options(kHour);
  o.time_scale = 100'000;  // day 1's draw at 12:00 is 35 simulated hours, 1.3 wall seconds, away
  RunningMock m(s, o);
  TestClient c(m.server.endpoint());
  std::vector<std::string> auths;
  for (std::uint64_t r = 1; r <= 3; ++r) {
    auths.push_back(login(c, r));
    auto entry = c.request(http::verb::post, "/lottery/entry", R"({"party": 1})", {{"Authorization", auths.back()}});
    REQUIRE(entry);
    CHECK(entry->result() == http::status::ok);
    CHECK(entry->body() == body_of(*entry).dump());
  }
  auto twice = c.request(http::verb::post, "/lottery/entry", "{}", {{"Authorization", auths[0]}});
  REQUIRE(twice);
  CHECK(body_of(*twice)["error"] == "already_entered");
  auto pending = c.request(http::verb::get, "/lottery/result", {}, {{"Authorization", auths[0]}});
  REQUIRE(pending);
  CHECK(body_of(*pending)["status"] == "pending");
  std::string status = "pending";
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (status == "pending" && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(100ms);
    status = body_of(*c.request(http::verb::get, "/lottery/result", {}, {{"Authorization", auths[0]}}))["status"];
  }
  CHECK(status == "won");  // 10 slots, 3 entrants: everyone wins
  CHECK(m.server.bookings().totals().taken_total == 3);
}

TEST_CASE("a look at yesterday's draw finds its outcome after entering again today", "[mock][api]") {
  // Entering again the next morning must not hide yesterday's result behind today's "pending": the
  // simulator's entrants learn it (won or lost) when they look, and so must the live ones.
  Scenario s = small_race(1);
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.senior_reserve_fraction = 0.0;
  s.calendar.days = 3;
  BookingService service(s, 100, nullptr);
  for (std::uint64_t r = 1; r <= 2; ++r) REQUIRE(service.enter_lottery(r, 0, 1, kHour) == BookingAnswer::LotteryEntered);
  for (std::uint64_t r = 1; r <= 2; ++r) REQUIRE(service.enter_lottery(r, 0, 1, kDay + kHour) == BookingAnswer::LotteryEntered);
  // Before the draw, today's entry is pending (yesterday's is not yet decided).
  CHECK(service.lottery_result(1, kDay + 2 * kHour).answer == BookingAnswer::LotteryPending);
  const SimTime after_draw = kDay + s.allocation.lottery.draw_time + kHour;
  const LotteryView a = service.lottery_result(1, after_draw), b = service.lottery_result(2, after_draw);
  CHECK(a.day == 0);
  CHECK(b.day == 0);
  // One slot, two entrants: one won yesterday's draw, one lost it; neither is told "pending".
  CHECK(((a.answer == BookingAnswer::LotteryWon && b.answer == BookingAnswer::LotteryLost) ||
         (a.answer == BookingAnswer::LotteryLost && b.answer == BookingAnswer::LotteryWon)));
}

TEST_CASE("a registrant with an appointment is not drawn again from an older entry, nor entered again",
          "[mock][api]") {
  // Registrant 1 enters on day 0 and again on day 1's morning, wins day 1's draw and confirms; day 2's
  // draw (of day 1's entries) must then go to registrant 2, though 1 is the senior in the reserve.
  Scenario s = small_race(1);
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.senior_reserve_fraction = 1.0;
  s.calendar.days = 4;
  BookingService service(s, 100, nullptr);
  REQUIRE(service.enter_lottery(1, 0, 1, kHour) == BookingAnswer::LotteryEntered);
  REQUIRE(service.enter_lottery(1, 0, 1, kDay + kHour) == BookingAnswer::LotteryEntered);
  REQUIRE(service.enter_lottery(2, 0, 1, kDay + 2 * kHour) == BookingAnswer::LotteryEntered);
  const SimTime day1_draw = kDay + s.allocation.lottery.draw_time;
  REQUIRE(service.lottery_result(1, day1_draw + kHour).answer == BookingAnswer::LotteryWon);
  CHECK(service.enter_lottery(1, 0, 1, day1_draw + 2 * kHour) == BookingAnswer::AlreadyBooked);  // a hold to confirm
  REQUIRE(service.confirm(1, day1_draw + 2 * kHour) == BookingAnswer::Confirmed);
  CHECK(service.enter_lottery(1, 0, 1, 2 * kDay + kHour) == BookingAnswer::AlreadyBooked);  // an appointment
  const SimTime day2_draw = 2 * kDay + s.allocation.lottery.draw_time;
  CHECK(service.lottery_result(2, day2_draw + kHour).answer == BookingAnswer::LotteryWon);
  const std::optional<HoldView> one = service.hold_of(1, day2_draw + kHour);
  REQUIRE(one);
  CHECK(one->confirmed);  // the appointment, not a second hold
  CHECK(one->slots == 1);
}

TEST_CASE("a full tier sheds with 503 and Retry-After", "[mock][api]") {
  Scenario s = small_race();
  s.server.tiers[0].workers = 1;
  s.server.tiers[0].queue_limit = 0;
  s.server.requests[static_cast<std::size_t>(RequestType::ListSlots)].service_seconds = Deterministic(0.3);
  RunningMock m(s, test_options(kAfterRelease));
  TestClient a(m.server.endpoint()), b(m.server.endpoint());
  const std::string auth_a = login(a, 1), auth_b = login(b, 2);
  std::optional<http::response<http::string_body>> slow;
  std::thread first([&] { slow = a.request(http::verb::get, "/slots", {}, {{"Authorization", auth_a}}); });
  std::this_thread::sleep_for(100ms);
  auto shed = b.request(http::verb::get, "/slots", {}, {{"Authorization", auth_b}});
  first.join();
  REQUIRE(slow);
  CHECK(slow->result() == http::status::ok);
  REQUIRE(shed);
  CHECK(shed->result() == http::status::service_unavailable);
  CHECK(shed->count(http::field::retry_after) == 1);
  CHECK(m.server.scrape().find(R"(slotrush_requests_shed_total{reason="queue_full",tier="api"} 1)") != std::string::npos);
}

TEST_CASE("every booking answer on the wire is to_http of the service's answer, read back by from_http",
          "[mock][api]") {
  RunningMock m(small_race(1), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const auto answered = [](const std::optional<http::response<http::string_body>>& res) {
    REQUIRE(res);
    const json body = body_of(*res);
    return from_http(res->result_int(), body.value("answer", ""));
  };
  auto signed_in = c.request(http::verb::post, "/login", R"({"registrant": 1})");
  CHECK(answered(signed_in) == BookingAnswer::SignedIn);
  const std::string me = "Bearer " + body_of(*signed_in)["token"].get<std::string>();
  const std::string other = login(c, 2);
  CHECK(answered(c.request(http::verb::get, "/slots", {}, {{"Authorization", me}})) == BookingAnswer::SlotsOpen);
  CHECK(answered(c.request(http::verb::post, "/liveness", "photo", {{"Authorization", me}})) ==
        BookingAnswer::LivenessPassed);
  CHECK(answered(book(c, me, "k1")) == BookingAnswer::Held);
  auto again = book(c, me, "k2");
  CHECK(answered(again) == BookingAnswer::AlreadyBooked);
  CHECK(body_of(*again)["error"] == "already_booked");  // the error code the API had before "answer"
  CHECK(answered(book(c, other, "k3")) == BookingAnswer::NoSlots);
  CHECK(answered(c.request(http::verb::get, "/slots", {}, {{"Authorization", other}})) == BookingAnswer::SoldOut);
  CHECK(answered(c.request(http::verb::post, "/confirm", "{}", {{"Authorization", other}})) == BookingAnswer::NoHold);
  CHECK(answered(c.request(http::verb::post, "/confirm", "{}", {{"Authorization", me}})) == BookingAnswer::Confirmed);
  CHECK(answered(c.request(http::verb::post, "/lottery/entry", "{}", {{"Authorization", me}})) ==
        BookingAnswer::WrongStrategy);
  CHECK(answered(c.request(http::verb::get, "/slots")) == BookingAnswer::Unauthorized);
  // HTTP-level errors are not booking answers.
  CHECK(answered(c.request(http::verb::post, "/login", "[1]")) == BookingAnswer::Unrecognized);
}
