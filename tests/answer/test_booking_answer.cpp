// The shared booking answer (sim/domain/booking_answer.hpp): one table of every hold, book, confirm and
// lottery outcome, each situation set up on the simulator's path (BookingDesk over the world's
// SlotInventory, SlotHolds, ReleaseSchedule and LotteryDraw, driven as the world drives them) and on the
// mock's (BookingService, then to_http and the load generator's read_answer back), which must give the
// row's answer and meaning; and the HTTP mapping itself.
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/scenario/scenario_requests.hpp"
#include "mock/booking_service.hpp"
#include "sim/domain/booking_answer.hpp"
#include "sim/model/booking_desk.hpp"

namespace slotrush {
namespace {

constexpr SimTime kBeforeRelease = 8 * kHour;
constexpr SimTime kAfterRelease = 9 * kHour + kSecond;
constexpr std::uint64_t kMe = 1, kOther = 2;

// A one-day race of `slots` slots over two ports at 09:00, confirmation required and always passing.
Scenario race(int slots = 4) {
  Scenario s = default_scenario();
  s.supply.daily_slots = slots;
  s.supply.ports = {PortSpec{"A", 0.5}, PortSpec{"B", 0.5}};
  s.allocation.strategy = AllocationStrategy::FirstComeRace;
  s.allocation.confirmation.required = true;
  s.allocation.confirmation.success_probability = 1.0;
  s.population.liveness_fail_probability = 0.0;
  s.population.geo_false_reject_probability = 0.0;
  s.calendar.days = 1;
  return s;
}

// A three-day lottery (window 06:00-18:00, drawn at noon the next day) of `slots` slots a day.
Scenario lottery(int slots = 4) {
  Scenario s = race(slots);
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.window_open = 6 * kHour;
  s.allocation.lottery.window_close = 18 * kHour;
  s.allocation.lottery.draw_time = 12 * kHour;
  s.allocation.lottery.senior_reserve_fraction = 0.0;
  s.calendar.days = 3;
  return s;
}
constexpr SimTime kInWindow = 7 * kHour;
constexpr SimTime kAfterDraw = kDay + 13 * kHour;  // day 0's entries were drawn at noon on day 1

// The simulator's booking system, built and driven as sim/model/appointment_world.cpp does: releases
// and hold expiries happen as events before the request is served; the draw holds each winner's slots.
struct Model {
  explicit Model(const Scenario& scenario)
      : s(scenario),
        is_race(s.allocation.strategy == AllocationStrategy::FirstComeRace),
        inventory(SlotInventory::port_names_of(s)),
        holds(inventory, s.allocation.confirmation, is_race),
        releases(s.supply, s.allocation.race.release_time, is_race ? s.calendar.days : 0),
        desk(s, inventory, holds, releases),
        rounds{LotteryDraw(lottery_rules_of(s)), LotteryDraw(lottery_rules_of(s))},
        rng(s.seed, "answer-test") {}

  void at(SimTime now) {
    if (is_race) releases.advance(now, inventory);
    holds.expire(now);
    while (!is_race && next_draw + 1 < s.calendar.days && (next_draw + 1) * kDay + s.allocation.lottery.draw_time <= now)
      draw(next_draw++);
  }
  void draw(int entry_day) {  // World::on_draw
    const int day = entry_day + 1;
    const SimTime when = day * kDay + s.allocation.lottery.draw_time;
    release_daily_slots(s.supply, day, inventory);
    RandomStream draw_rng = rng.derive("lottery", static_cast<std::uint64_t>(day));
    for (std::uint64_t w : rounds[entry_day % 2].draw(s.supply.daily_slots, false, when, draw_rng))
      holds.hold(w, 1, 1, 0, day + 1, when);
  }
  BookingAnswer sign_in() { return desk.sign_in(rng); }
  BookingAnswer liveness() { return desk.liveness(rng); }
  BookingAnswer list(std::uint64_t id, SimTime now) {
    at(now);
    return desk.list(id, now);
  }
  BookingAnswer book(std::uint64_t id, SimTime now, int wanted = 1) {
    at(now);
    return desk.book(id, 1, wanted, 0, static_cast<int>(now / kDay) + 1, now);
  }
  BookingAnswer confirm(std::uint64_t id, SimTime now) {
    at(now);
    return desk.confirm(id, now, rng);
  }
  BookingAnswer enter(std::uint64_t id, SimTime now) {
    at(now);
    return desk.enter(rounds[static_cast<std::size_t>(now / kDay) % 2], LotteryEntry{id, 0, 1, false}, now);
  }
  BookingAnswer result(std::uint64_t id, SimTime now) {
    at(now);
    return desk.result(id);
  }

  Scenario s;
  bool is_race;
  SlotInventory inventory;
  SlotHolds holds;
  ReleaseSchedule releases;
  BookingDesk desk;
  std::array<LotteryDraw, 2> rounds;
  int next_draw = 0;
  RandomStream rng;
};

// The mock's booking system (mock/booking_service.hpp), without HTTP.
struct Mock {
  explicit Mock(const Scenario& s) : service(s, 100, nullptr) {}
  BookingAnswer book(std::uint64_t id, SimTime now, int party = 1) {
    return service.book(id, "key-" + std::to_string(++keys), -1, party, now).answer;
  }
  BookingAnswer list(std::uint64_t id, SimTime now) { return service.list_slots(id, std::nullopt, std::nullopt, now).answer; }
  BookingAnswer enter(std::uint64_t id, SimTime now) { return service.enter_lottery(id, 0, 1, now); }
  BookingAnswer result(std::uint64_t id, SimTime now) { return service.lottery_result(id, now).answer; }
  mock::BookingService service;
  int keys = 0;
};

using Side = std::function<BookingAnswer()>;

struct Row {
  std::string situation;
  RequestType request;
  BookingAnswer answer;
  AnswerMeaning meaning;
  Side model;  // empty: the simulator never gives this answer
  Side mock;   // empty: the mock cannot give it
};

// Each side builds its own booking system for its row.
template <class Setup>
Side on_model(Scenario s, Setup setup) {
  return [s, setup] {
    Model m(s);
    return setup(m);
  };
}
template <class Setup>
Side on_mock(Scenario s, Setup setup) {
  return [s, setup] {
    Mock m(s);
    return setup(m);
  };
}

Scenario with(Scenario s, const std::function<void(Scenario&)>& change) {
  change(s);
  return s;
}

std::vector<Row> rows() {
  using A = BookingAnswer;
  using M = AnswerMeaning;
  using RT = RequestType;
  const Scenario geo = with(race(), [](Scenario& s) { s.population.geo_false_reject_probability = 1.0; });
  const Scenario failing_photo = with(race(), [](Scenario& s) { s.population.liveness_fail_probability = 1.0; });
  const Scenario no_confirmation = with(race(), [](Scenario& s) { s.allocation.confirmation.required = false; });
  const Scenario failing_check = with(race(), [](Scenario& s) { s.allocation.confirmation.success_probability = 0.0; });
  const Scenario families = with(race(1), [](Scenario& s) { s.supply.slot_unit = SlotUnit::Person; });
  const SimTime expired = kAfterRelease + race().allocation.confirmation.deadline + kSecond;
  const SimTime lottery_expired = kDay + 12 * kHour + lottery().allocation.confirmation.deadline + kSecond;
  return {
      {"sign-in", RT::Login, A::SignedIn, M::Advance,  //
       on_model(race(), [](Model& m) { return m.sign_in(); }),
       on_mock(race(), [](Mock& m) { return m.service.login(kMe, kAfterRelease); })},
      {"sign-in rejected by the geofence (drawn by the model only)", RT::Login, A::GeoRejected, M::TryAgain,
       on_model(geo, [](Model& m) { return m.sign_in(); }), {}},
      {"liveness photo passes", RT::Liveness, A::LivenessPassed, M::Advance,
       on_model(race(), [](Model& m) { return m.liveness(); }),
       on_mock(race(), [](Mock& m) { return m.service.liveness(kAfterRelease); })},
      {"liveness photo fails", RT::Liveness, A::LivenessFailed, M::TryAgain,
       on_model(failing_photo, [](Model& m) { return m.liveness(); }),
       on_mock(failing_photo, [](Mock& m) { return m.service.liveness(kAfterRelease); })},
      {"slot list before the release", RT::ListSlots, A::NoSlotsYet, M::TryAgain,
       on_model(race(), [](Model& m) { return m.list(kMe, kBeforeRelease); }),
       on_mock(race(), [](Mock& m) { return m.list(kMe, kBeforeRelease); })},
      {"slot list after the release", RT::ListSlots, A::SlotsOpen, M::Advance,
       on_model(race(), [](Model& m) { return m.list(kMe, kAfterRelease); }),
       on_mock(race(), [](Mock& m) { return m.list(kMe, kAfterRelease); })},
      {"slot list once sold out", RT::ListSlots, A::SoldOut, M::DoneToday,
       on_model(race(1), [](Model& m) { return m.book(kOther, kAfterRelease), m.list(kMe, kAfterRelease); }),
       on_mock(race(1), [](Mock& m) { return m.book(kOther, kAfterRelease), m.list(kMe, kAfterRelease); })},
      {"slot list of the one who holds the last slot", RT::ListSlots, A::SlotsOpen, M::Advance,
       on_model(race(1), [](Model& m) { return m.book(kMe, kAfterRelease), m.list(kMe, kAfterRelease); }),
       on_mock(race(1), [](Mock& m) { return m.book(kMe, kAfterRelease), m.list(kMe, kAfterRelease); })},
      {"book before the release", RT::Book, A::NotYetReleased, M::TryAgain,
       on_model(race(), [](Model& m) { return m.book(kMe, kBeforeRelease); }),
       on_mock(race(), [](Mock& m) { return m.book(kMe, kBeforeRelease); })},
      {"book a slot", RT::Book, A::Held, M::Advance,  //
       on_model(race(), [](Model& m) { return m.book(kMe, kAfterRelease); }),
       on_mock(race(), [](Mock& m) { return m.book(kMe, kAfterRelease); })},
      {"book a slot with no confirmation required", RT::Book, A::Booked, M::Advance,
       on_model(no_confirmation, [](Model& m) { return m.book(kMe, kAfterRelease); }),
       on_mock(no_confirmation, [](Mock& m) { return m.book(kMe, kAfterRelease); })},
      {"book again with the hold complete", RT::Book, A::AlreadyBooked, M::Advance,
       on_model(race(), [](Model& m) { return m.book(kMe, kAfterRelease), m.book(kMe, kAfterRelease); }),
       on_mock(race(), [](Mock& m) { return m.book(kMe, kAfterRelease), m.book(kMe, kAfterRelease); })},
      {"book once sold out", RT::Book, A::NoSlots, M::DoneToday,
       on_model(race(1), [](Model& m) { return m.book(kOther, kAfterRelease), m.book(kMe, kAfterRelease); }),
       on_mock(race(1), [](Mock& m) { return m.book(kOther, kAfterRelease), m.book(kMe, kAfterRelease); })},
      {"a family's second slot when none is left: the partial hold goes", RT::Book, A::NoSlots, M::DoneToday,
       on_model(families,
                [](Model& m) {
                  REQUIRE(m.book(kMe, kAfterRelease, 2) == A::Held);
                  const A a = m.book(kMe, kAfterRelease, 2);
                  CHECK(m.holds.find(kMe) == nullptr);
                  return a;
                }),
       on_mock(families,
               [](Mock& m) {
                 REQUIRE(m.book(kMe, kAfterRelease, 2) == A::Held);
                 const A a = m.book(kMe, kAfterRelease, 2);
                 CHECK(!m.service.hold_of(kMe, kAfterRelease));
                 return a;
               })},
      {"book in a lottery", RT::Book, A::WrongStrategy, M::Broken,
       on_model(lottery(), [](Model& m) { return m.book(kMe, kInWindow); }),
       on_mock(lottery(), [](Mock& m) { return m.book(kMe, kInWindow); })},
      {"confirm a complete hold", RT::Confirm, A::Confirmed, M::Advance,
       on_model(race(), [](Model& m) { return m.book(kMe, kAfterRelease), m.confirm(kMe, kAfterRelease); }),
       on_mock(race(), [](Mock& m) { return m.book(kMe, kAfterRelease), m.service.confirm(kMe, kAfterRelease); })},
      {"confirm, the check fails", RT::Confirm, A::ConfirmRefused, M::TryAgain,
       on_model(failing_check, [](Model& m) { return m.book(kMe, kAfterRelease), m.confirm(kMe, kAfterRelease); }),
       on_mock(failing_check,
               [](Mock& m) { return m.book(kMe, kAfterRelease), m.service.confirm(kMe, kAfterRelease); })},
      {"confirm with no hold (race)", RT::Confirm, A::NoHold, M::DoneToday,
       on_model(race(), [](Model& m) { return m.confirm(kMe, kAfterRelease); }),
       on_mock(race(), [](Mock& m) { return m.service.confirm(kMe, kAfterRelease); })},
      {"confirm after the hold expired (race)", RT::Confirm, A::NoHold, M::DoneToday,
       on_model(race(), [expired](Model& m) { return m.book(kMe, kAfterRelease), m.confirm(kMe, expired); }),
       on_mock(race(), [expired](Mock& m) { return m.book(kMe, kAfterRelease), m.service.confirm(kMe, expired); })},
      {"confirm a won lottery hold after it expired: the look ends, not the day", RT::Confirm, A::LotteryHoldGone,
       M::LookDone,
       on_model(lottery(),
                [lottery_expired](Model& m) {
                  REQUIRE(m.enter(kMe, kInWindow) == A::LotteryEntered);
                  REQUIRE(m.result(kMe, kAfterDraw) == A::LotteryWon);
                  return m.confirm(kMe, lottery_expired);
                }),
       on_mock(lottery(),
               [lottery_expired](Mock& m) {
                 REQUIRE(m.enter(kMe, kInWindow) == A::LotteryEntered);
                 REQUIRE(m.result(kMe, kAfterDraw) == A::LotteryWon);
                 return m.service.confirm(kMe, lottery_expired);
               })},
      {"confirm a won lottery hold", RT::Confirm, A::Confirmed, M::Advance,
       on_model(lottery(), [](Model& m) { return m.enter(kMe, kInWindow), m.confirm(kMe, kAfterDraw); }),
       on_mock(lottery(), [](Mock& m) { return m.enter(kMe, kInWindow), m.service.confirm(kMe, kAfterDraw); })},
      {"enter the lottery inside the window", RT::LotteryEntry, A::LotteryEntered, M::Advance,
       on_model(lottery(), [](Model& m) { return m.enter(kMe, kInWindow); }),
       on_mock(lottery(), [](Mock& m) { return m.enter(kMe, kInWindow); })},
      {"enter again the same day", RT::LotteryEntry, A::AlreadyEntered, M::Advance,
       on_model(lottery(), [](Model& m) { return m.enter(kMe, kInWindow), m.enter(kMe, kInWindow + kHour); }),
       on_mock(lottery(), [](Mock& m) { return m.enter(kMe, kInWindow), m.enter(kMe, kInWindow + kHour); })},
      {"enter outside the window", RT::LotteryEntry, A::WindowClosed, M::DoneToday,
       on_model(lottery(), [](Model& m) { return m.enter(kMe, 20 * kHour); }),
       on_mock(lottery(), [](Mock& m) { return m.enter(kMe, 20 * kHour); })},
      {"enter the lottery in a race", RT::LotteryEntry, A::WrongStrategy, M::Broken,
       on_model(race(), [](Model& m) { return m.enter(kMe, kInWindow); }),
       on_mock(race(), [](Mock& m) { return m.enter(kMe, kInWindow); })},
      {"look at the result before the draw (the model looks after it only)", RT::LotteryResult, A::LotteryPending,
       M::TryAgain, {}, on_mock(lottery(), [](Mock& m) { return m.enter(kMe, kInWindow), m.result(kMe, kInWindow + kHour); })},
      {"look at the result with no entry (the model looks after entering only)", RT::LotteryResult,
       A::LotteryNotEntered, M::LookDone, {}, on_mock(lottery(), [](Mock& m) { return m.result(kMe, kAfterDraw); })},
      {"look at yesterday's draw, won", RT::LotteryResult, A::LotteryWon, M::Advance,
       on_model(lottery(), [](Model& m) { return m.enter(kMe, kInWindow), m.result(kMe, kAfterDraw); }),
       on_mock(lottery(), [](Mock& m) { return m.enter(kMe, kInWindow), m.result(kMe, kAfterDraw); })},
      {"look at yesterday's draw, lost, after entering again today: the look ends, not the day", RT::LotteryResult,
       A::LotteryLost, M::LookDone,
       on_model(lottery(0),
                [](Model& m) {
                  m.enter(kMe, kInWindow);
                  REQUIRE(m.enter(kMe, kDay + kInWindow) == A::LotteryEntered);
                  return m.result(kMe, kAfterDraw);
                }),
       on_mock(lottery(0),
               [](Mock& m) {
                 m.enter(kMe, kInWindow);
                 REQUIRE(m.enter(kMe, kDay + kInWindow) == A::LotteryEntered);
                 return m.result(kMe, kAfterDraw);
               })},
  };
}

// The mock's answer as it crosses HTTP (to_http) and the load generator reads it (read_answer).
BookingAnswer over_http(RequestType request, BookingAnswer a) {
  const HttpAnswer h = to_http(a);
  loadgen::HttpResult r;
  r.status = h.status;
  r.outcome = h.status < 400 ? loadgen::Outcome::success : h.status < 500 ? loadgen::Outcome::http_4xx : loadgen::Outcome::http_5xx;
  nlohmann::json body{{"answer", h.name}, {"token", "1.abc"}};
  if (!h.error.empty()) body["error"] = h.error;
  r.body = body.dump();
  const loadgen::StepAnswer read = loadgen::read_answer(request, r);
  CHECK(read.delivery == loadgen::Delivery::Answered);
  return read.answer;
}

TEST_CASE("every booking outcome gives the same answer and meaning on the model's and the mock's paths") {
  for (const Row& row : rows()) {
    DYNAMIC_SECTION(row.situation) {
      INFO("expected " << to_string(row.answer) << " (" << to_string(row.meaning) << ")");
      CHECK(meaning_of(row.answer) == row.meaning);
      REQUIRE((row.model || row.mock));
      if (row.model) {
        const BookingAnswer a = row.model();
        INFO("model: " << to_string(a));
        CHECK(a == row.answer);
        CHECK(meaning_of(a) == row.meaning);
      }
      if (row.mock) {
        const BookingAnswer a = row.mock();
        INFO("mock: " << to_string(a));
        CHECK(a == row.answer);
        const BookingAnswer read = over_http(row.request, a);
        INFO("load generator read: " << to_string(read));
        CHECK(read == row.answer);
        CHECK(meaning_of(read) == row.meaning);
      }
    }
  }
}

TEST_CASE("the table covers every answer a booking request can get") {
  std::set<BookingAnswer> covered;
  for (const Row& row : rows()) covered.insert(row.answer);
  for (int i = 0; i < kBookingAnswerCount; ++i) {
    const auto a = static_cast<BookingAnswer>(i);
    if (meaning_of(a) == AnswerMeaning::Overloaded || meaning_of(a) == AnswerMeaning::WaitInLine ||
        meaning_of(a) == AnswerMeaning::SignInAgain || a == BookingAnswer::Unrecognized)
      continue;  // answered in front of the booking rules (capacity, waiting room, tokens)
    INFO(to_string(a));
    CHECK(covered.count(a) == 1);
  }
}

TEST_CASE("every answer round-trips through HTTP with its own name") {
  std::set<std::string_view> names;
  for (int i = 0; i < kBookingAnswerCount; ++i) {
    const auto a = static_cast<BookingAnswer>(i);
    const HttpAnswer h = to_http(a);
    INFO(to_string(a));
    CHECK(names.insert(h.name).second);
    CHECK(to_string(a) == h.name);
    if (a == BookingAnswer::Unrecognized) continue;
    CHECK(from_http(h.status, h.name) == a);
    CHECK((h.status >= 200 && h.status < 600));
    CHECK(h.error.empty() == (h.status < 300));  // an error status carries the API's error code
  }
}

TEST_CASE("an unknown answer decodes as a protocol failure") {
  CHECK(from_http(200, "no_such_answer") == BookingAnswer::Unrecognized);
  CHECK(from_http(200, "") == BookingAnswer::Unrecognized);
  CHECK(from_http(409, "held") == BookingAnswer::Unrecognized);  // a known name with another status
  CHECK(from_http(0, "unrecognized") == BookingAnswer::Unrecognized);
  CHECK(meaning_of(BookingAnswer::Unrecognized) == AnswerMeaning::Broken);
  CHECK(meaning_of(static_cast<BookingAnswer>(250)) == AnswerMeaning::Broken);

  loadgen::HttpResult r;
  r.outcome = loadgen::Outcome::success;
  r.status = 200;
  r.body = R"({"slots":[]})";  // no "answer": not this API
  CHECK(loadgen::read_answer(RequestType::ListSlots, r).answer == BookingAnswer::Unrecognized);
  r.body = R"({"answer":"signed_in"})";  // a sign-in without a token
  CHECK(loadgen::read_answer(RequestType::Login, r).answer == BookingAnswer::Unrecognized);
  r.outcome = loadgen::Outcome::http_5xx;
  r.status = 502;
  r.body = "<html>bad gateway</html>";  // a proxy's, not the booking system's: retried like a shed request
  CHECK(loadgen::read_answer(RequestType::Book, r).delivery == loadgen::Delivery::Failed);
  r.outcome = loadgen::Outcome::reset;
  CHECK(loadgen::read_answer(RequestType::Book, r).delivery == loadgen::Delivery::Failed);
  r.outcome = loadgen::Outcome::timeout;
  CHECK(loadgen::read_answer(RequestType::Book, r).delivery == loadgen::Delivery::TimedOut);
}

}  // namespace
}  // namespace slotrush
