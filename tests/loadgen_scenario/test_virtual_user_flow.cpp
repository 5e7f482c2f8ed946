// A virtual user's flow over a fake RequestSender: the CBP One steps in order, automatic retries by
// the policy (count, backoff spacing, budget), a stable Idempotency-Key, 429 and 503 Retry-After,
// timeouts then giving up, and lottery entries inside the window.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/loadgen_scenario/test_scenarios.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {
std::vector<std::string> routes(const FakeSender& f) {
  std::vector<std::string> out;
  for (const auto& s : f.sent) out.push_back(s.request.route);
  return out;
}
HttpResult always_503(const HttpRequest&) { return booking_reply(BookingAnswer::QueueFull); }
}  // namespace

TEST_CASE("a family logs in, sends a photo and books a slot per member, then confirms", "[flow]") {
  Scenario s = small_race(1, 10);
  s.population.party_sizes = {{3, 1.0}};
  TinyCbpOne mock(10);
  LoadRun run(s, fast(1000), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  CHECK(routes(*run.sender) == std::vector<std::string>{"login", "liveness", "liveness", "liveness", "list_slots",
                                                        "book", "book", "book", "confirm"});
  std::set<std::string> keys;
  for (const auto& b : run.sender->of_route("book")) keys.insert(b.header("Idempotency-Key"));
  CHECK(keys.size() == 3);  // one booking per member, each with its own key
  CHECK(run.sender->of_route("liveness").front().request.body.size() == LoadScaling{}.liveness_bytes);
  CHECK(run.sender->of_route("confirm").front().header("Authorization") == "Bearer 1.t");
  CHECK(mock.confirmed_slots == 3);
  CHECK(c.people_booked == 1);
  CHECK(c.slots_booked == 3);
  CHECK(c.attempts == 9);
  CHECK(c.useful == 9);
}

TEST_CASE("automatic retries follow the policy: max attempts, then exponential backoff spacing", "[flow][retry]") {
  Scenario s = small_race(1);
  s.client.retry.kind = RetryKind::Exponential;
  s.client.retry.jitter = Jitter::None;
  s.client.retry.base = 1 * kSecond;
  s.client.retry.cap = 8 * kSecond;
  s.client.retry.max_attempts = 4;
  s.client.think_seconds = Uniform(1000.0, 1000.0);  // the pause after the retries outlasts the patience
  LoadRun run(s, fast(100), always_503);
  const ScenarioCounters c = run.run();
  const auto& sent = run.sender->sent;
  REQUIRE(sent.size() == 4);  // 1 + 3 retries, then the person gives up
  const std::chrono::milliseconds backoff[] = {10ms, 20ms, 40ms};  // 1, 2, 4 simulated s at 100x
  for (std::size_t k = 0; k + 1 < sent.size(); ++k) {
    const auto gap = sent[k + 1].intended - sent[k].answered_at;
    CHECK(gap >= backoff[k]);
    CHECK(gap < backoff[k] + 2s);  // generous: a loaded machine may be late, never early
  }
  CHECK(c.attempts == 4);
  CHECK(c.retries == 3);
  CHECK(c.rejected == 4);
  CHECK(c.patience_expired == 1);
  CHECK(c.people_abandoned == 1);
}

TEST_CASE("an exhausted retry budget stops automatic retries", "[flow][retry]") {
  Scenario s = small_race(1);
  s.client.retry.kind = RetryKind::Immediate;
  s.client.retry.max_attempts = 5;
  s.client.retry.budget_ratio = 0.1;  // 0.1 token per request: one retry, then none
  s.client.think_seconds = Uniform(1000.0, 1000.0);
  LoadRun run(s, fast(100), always_503);
  const ScenarioCounters c = run.run();
  CHECK(run.sender->sent.size() == 2);
  CHECK(c.retries == 1);
  CHECK(c.budget_refused == 1);
}

TEST_CASE("the Idempotency-Key stays the same across retries of one booking", "[flow][retry]") {
  Scenario s = small_race(1);
  s.client.retry.kind = RetryKind::Fixed;
  s.client.retry.base = 1 * kSecond;
  s.client.retry.max_attempts = 3;
  TinyCbpOne mock(5);
  int book_calls = 0;
  mock.override_answer = [&](const HttpRequest& r) -> std::optional<HttpResult> {
    if (r.route == "book" && ++book_calls <= 2) return book_calls == 1 ? timeout_answer() : always_503(r);
    return std::nullopt;
  };
  LoadRun run(s, fast(1000), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  const auto books = run.sender->of_route("book");
  REQUIRE(books.size() == 3);
  CHECK_FALSE(books[0].header("Idempotency-Key").empty());
  CHECK(books[1].header("Idempotency-Key") == books[0].header("Idempotency-Key"));
  CHECK(books[2].header("Idempotency-Key") == books[0].header("Idempotency-Key"));
  CHECK(c.timeouts == 1);
  CHECK(c.retries == 2);
  CHECK(mock.confirmed_slots == 1);
}

TEST_CASE("a 429 from the waiting room is honoured: the user asks again after retry_after_s", "[flow][room]") {
  Scenario s = small_race(1);
  TinyCbpOne mock(5);
  int liveness_calls = 0;
  mock.override_answer = [&](const HttpRequest& r) -> std::optional<HttpResult> {
    if (r.route == "liveness" && ++liveness_calls <= 2)
      return booking_reply(BookingAnswer::WaitingRoom, {{"queued", true}, {"position", 3}, {"retry_after_s", 5}}, "1");
    return std::nullopt;
  };
  LoadRun run(s, fast(100), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  const auto live = run.sender->of_route("liveness");
  REQUIRE(live.size() == 3);
  for (int k = 0; k < 2; ++k) {
    const auto gap = live[k + 1].intended - live[k].answered_at;
    CHECK(gap >= 50ms);  // 5 simulated s at 100x (the body's retry_after_s, finer than the header's 1 s)
    CHECK(gap < 2s);
  }
  CHECK(c.room_waits == 2);
  CHECK(c.attempts == run.sender->sent.size() - 2);  // waiting in line is not a failed attempt
  CHECK(c.people_booked == 1);
}

TEST_CASE("a 503 Retry-After holds back the automatic retry at least that long", "[flow][retry]") {
  Scenario s = small_race(1);
  s.client.retry.kind = RetryKind::Immediate;
  s.client.retry.max_attempts = 2;
  TinyCbpOne mock(5);
  int logins = 0;
  mock.override_answer = [&](const HttpRequest& r) -> std::optional<HttpResult> {
    if (r.route == "login" && ++logins == 1) return booking_reply(BookingAnswer::QueueFull, nlohmann::json::object(), "1");
    return std::nullopt;
  };
  LoadRun run(s, fast(1000), [&](const HttpRequest& r) { return mock.answer(r); });
  const ScenarioCounters c = run.run();
  const auto l = run.sender->of_route("login");
  REQUIRE(l.size() == 2);
  CHECK(l[1].intended - l[0].answered_at >= 1s);  // an immediate retry, held to the server's 1 s
  CHECK(c.retries == 1);
  CHECK(c.people_booked == 1);
}

TEST_CASE("requests that time out are retried, then the person gives up after their patience", "[flow][timeout]") {
  Scenario s = small_race(1);
  s.client.retry.kind = RetryKind::Fixed;
  s.client.retry.base = 1 * kSecond;
  s.client.retry.max_attempts = 2;
  s.population.give_up_after = 60 * kSecond;
  LoadRun run(s, fast(1000), [](const HttpRequest&) { return timeout_answer(); });
  const ScenarioCounters c = run.run();
  const auto& sent = run.sender->sent;
  REQUIRE(sent.size() >= 2);
  CHECK(sent[1].request.route == "login");  // the same step again
  CHECK(sent[1].timeout == sent[0].timeout);
  CHECK(sent[0].timeout == 10ms);  // 10 simulated s at 1000x
  // Each attempt waits 10 s, so at most 60 / 10 attempts start within the 60 s of patience, plus the
  // automatic retry of the last one (automatic retries are not held to patience, as in the simulator).
  CHECK(sent.size() <= 8);
  // Attempts come in pairs (the first try of a round, then its one automatic retry); a round starts
  // only while the pause before it ends within the patience, counted from the flow's start.
  for (std::size_t k = 0; k < sent.size(); k += 2)
    CHECK(run.simulated(sent[k].intended) - run.simulated(sent.front().intended) < 60 * kSecond);
  CHECK(c.timeouts == c.attempts);
  CHECK(c.retries >= 1);
  CHECK(c.patience_expired == 1);
  CHECK(c.people_abandoned == 1);
  CHECK(c.people_booked == 0);
}

TEST_CASE("lottery users log in and enter inside the request window, once each", "[flow][lottery]") {
  Scenario s = small_race(200);
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.window_open = 12 * kHour;
  s.allocation.lottery.window_close = 13 * kHour;
  s.allocation.lottery.draw_time = 12 * kHour;
  s.population.arrival.offset_seconds = Uniform(0.0, 5400.0);  // a third would start after the close
  s.population.arrival.earliest = 0;
  s.population.devices_per_person = {{2, 1.0}};  // an entry needs one device
  TinyCbpOne mock(0);
  LoadRun* self = nullptr;
  mock.window_open = [&] {
    const SimTime t = self->simulated(Clock::now()) % kDay;
    return t >= 12 * kHour && t < 13 * kHour + 30 * kMinute;  // 30 simulated min (3 s) of slack for a slow machine
  };
  LoadRun run(s, fast(600), [&](const HttpRequest& r) { return mock.answer(r); });  // 1 h in 6 s
  self = &run;
  const ScenarioCounters c = run.run(60s);
  const auto entries = run.sender->of_route("lottery_entry");
  CHECK(entries.size() == 200);
  CHECK(mock.entered.size() == 200);
  CHECK(run.sender->of_route("login").size() == 200);
  for (const auto& e : entries) {
    CHECK(e.status == 200);
    CHECK(run.simulated(e.intended) >= 12 * kHour);
  }
  CHECK(c.lottery_entries == 200);
  CHECK(c.people_started == 200);
}

TEST_CASE("the day after an entry, users read the draw's result and confirm a win", "[flow][lottery]") {
  Scenario s = small_race(20);
  s.calendar.days = 2;
  s.allocation.strategy = AllocationStrategy::Lottery;
  s.allocation.lottery.window_open = 12 * kHour;
  s.allocation.lottery.window_close = 13 * kHour;
  s.allocation.lottery.draw_time = 12 * kHour;
  s.allocation.confirmation.deadline = 1 * kHour;  // results are read within 15 min of the draw
  s.population.arrival.offset_seconds = Uniform(0.0, 3000.0);
  TinyCbpOne mock(0);
  mock.lottery_wins = true;
  LoadRun run(s, fast(20000), [&](const HttpRequest& r) { return mock.answer(r); });  // 2 days in ~9 s
  const ScenarioCounters c = run.run(60s);
  const auto results = run.sender->of_route("lottery_result");
  CHECK(results.size() == 20);
  for (const auto& r : results) {
    const SimTime t = run.simulated(r.intended);
    CHECK(t >= kDay + 12 * kHour);                 // after the next day's draw
    CHECK(t < kDay + 15 * kHour);  // planned within 15 min of the draw; hours of slack for a slow machine
  }
  CHECK(run.sender->of_route("confirm").size() == 20);
  CHECK(c.lottery_won == 20);
  CHECK(c.people_booked == 20);
  CHECK(mock.confirmed_slots == 20);
}
