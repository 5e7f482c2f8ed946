#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <vector>

#include "sim/domain/retry_policy.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/stats/tally.hpp"

using slotrush::AdaptiveThrottle;
using slotrush::Jitter;
using slotrush::kMillisecond;
using slotrush::kSecond;
using slotrush::RandomStream;
using slotrush::RetryBudget;
using slotrush::RetryKind;
using slotrush::RetryPolicy;
using slotrush::RetrySpec;
using slotrush::SimTime;

namespace {

RetrySpec retry_spec(RetryKind kind, Jitter jitter = Jitter::None, int max_attempts = 5) {
  RetrySpec spec;
  spec.kind = kind;
  spec.jitter = jitter;
  spec.max_attempts = max_attempts;
  spec.base = 100 * kMillisecond;
  spec.cap = 20 * kSecond;
  return spec;
}

// Draws n delays before `attempt`, checks each lies in [lo, hi), and checks the mean is within
// 4.5 standard errors of `mean` for a law of standard deviation `sd`.
void check_delays(const RetryPolicy& policy, int attempt, SimTime previous, double lo, double hi,
                  double mean, double sd) {
  RandomStream rng(21, "retry-test");
  slotrush::Tally delays;
  const int n = 40000;
  for (int i = 0; i < n; ++i) {
    const auto d = policy.delay_before(attempt, previous, rng);
    REQUIRE(d.has_value());
    REQUIRE(static_cast<double>(*d) >= lo);
    REQUIRE(static_cast<double>(*d) < hi);
    delays.add(static_cast<double>(*d));
  }
  CHECK(std::abs(delays.mean() - mean) < 4.5 * sd / std::sqrt(n));
}

}  // namespace

TEST_CASE("no retry, immediate and fixed retries give their delays and stop at max_attempts") {
  RandomStream rng(1, "retry-test");
  const RetryPolicy none(retry_spec(RetryKind::None));
  CHECK(none.max_attempts() == 1);
  CHECK_FALSE(none.delay_before(2, 0, rng).has_value());

  const RetryPolicy immediate(retry_spec(RetryKind::Immediate, Jitter::None, 3));
  CHECK(immediate.delay_before(2, 0, rng) == SimTime{0});
  CHECK(immediate.delay_before(3, 0, rng) == SimTime{0});
  CHECK_FALSE(immediate.delay_before(4, 0, rng).has_value());

  const RetryPolicy fixed(retry_spec(RetryKind::Fixed, Jitter::Full, 3));
  CHECK(fixed.delay_before(3, 0, rng) == 100 * kMillisecond);
  CHECK_THROWS_AS(fixed.delay_before(1, 0, rng), std::invalid_argument);
}

TEST_CASE("exponential backoff without jitter doubles from base up to the cap") {
  RandomStream rng(2, "retry-test");
  const RetryPolicy policy(retry_spec(RetryKind::Exponential, Jitter::None, 100));
  CHECK(policy.delay_before(2, 0, rng) == 100 * kMillisecond);
  CHECK(policy.delay_before(3, 0, rng) == 200 * kMillisecond);
  CHECK(policy.delay_before(8, 0, rng) == 6400 * kMillisecond);
  CHECK(policy.delay_before(9, 0, rng) == 12800 * kMillisecond);
  CHECK(policy.delay_before(10, 0, rng) == 20 * kSecond);
  CHECK(policy.delay_before(100, 0, rng) == 20 * kSecond);  // no overflow
  CHECK_FALSE(policy.delay_before(101, 0, rng).has_value());
}

TEST_CASE("full jitter is uniform on 0 to t with mean t/2") {
  const double t = 800.0 * kMillisecond;  // attempt 5: 100 ms * 2^3
  const RetryPolicy policy(retry_spec(RetryKind::Exponential, Jitter::Full));
  check_delays(policy, 5, 0, 0.0, t, t / 2, t / std::sqrt(12.0));
  const double cap = 20.0 * kSecond;  // capped attempts jitter under the cap
  const RetryPolicy long_policy(retry_spec(RetryKind::Exponential, Jitter::Full, 30));
  check_delays(long_policy, 30, 0, 0.0, cap, cap / 2, cap / std::sqrt(12.0));
}

TEST_CASE("equal jitter is t/2 plus uniform on 0 to t/2 with mean 3t/4") {
  const double t = 400.0 * kMillisecond;
  const RetryPolicy policy(retry_spec(RetryKind::Exponential, Jitter::Equal));
  check_delays(policy, 4, 0, t / 2, t, 0.75 * t, (t / 2) / std::sqrt(12.0));
}

TEST_CASE("decorrelated jitter is uniform on base to 3 x previous under the cap") {
  const double base = 100.0 * kMillisecond;
  const RetryPolicy policy(retry_spec(RetryKind::Exponential, Jitter::Decorrelated));
  // The first retry uses previous = base whatever is passed.
  check_delays(policy, 2, 5 * kSecond, base, 3 * base, 2 * base, 2 * base / std::sqrt(12.0));
  const double previous = 1.0 * kSecond;
  check_delays(policy, 3, kSecond, base, 3 * previous, (base + 3 * previous) / 2,
               (3 * previous - base) / std::sqrt(12.0));
  // Near the cap the draw is clipped: never above 20 s.
  RandomStream rng(3, "retry-test");
  for (int i = 0; i < 1000; ++i) REQUIRE(*policy.delay_before(4, 15 * kSecond, rng) <= 20 * kSecond);
}

TEST_CASE("retry policies refuse a bad spec") {
  auto spec = retry_spec(RetryKind::Exponential);
  spec.max_attempts = 0;
  CHECK_THROWS_AS(RetryPolicy(spec), std::invalid_argument);
  spec = retry_spec(RetryKind::Exponential);
  spec.cap = spec.base - 1;
  CHECK_THROWS_AS(RetryPolicy(spec), std::invalid_argument);
}

TEST_CASE("a retry budget keeps retries to about its ratio of requests") {
  RetryBudget budget(0.1);
  int retries = 0;
  for (int i = 0; i < 10000; ++i) {
    budget.on_request();
    retries += budget.allow_retry();  // every request fails and wants a retry
  }
  CHECK(retries >= 999);
  CHECK(retries <= 1001);
  SECTION("a calm spell banks at most max_tokens retries") {
    RetryBudget calm(0.1, 10.0);
    for (int i = 0; i < 100000; ++i) calm.on_request();
    int burst = 0;
    while (calm.allow_retry()) ++burst;
    CHECK(burst == 10);
  }
  SECTION("a zero ratio allows none") {
    RetryBudget zero(0.0);
    zero.on_request();
    CHECK_FALSE(zero.allow_retry());
  }
}

TEST_CASE("adaptive throttling rejects with probability max(0, (requests - k accepts) / (requests + 1))") {
  AdaptiveThrottle throttle(2.0, 120 * kSecond);
  RandomStream rng(4, "throttle-test");
  for (int i = 0; i < 100; ++i) throttle.allow(kSecond, rng);
  for (int i = 0; i < 20; ++i) throttle.on_accept(kSecond);
  const double p = (100.0 - 2.0 * 20.0) / 101.0;
  CHECK(throttle.rejection_probability(kSecond) == Approx(p));

  // Empirically: 20,000 copies in that state each decide once; sd = sqrt(p(1-p)/n).
  int rejected = 0;
  const int n = 20000;
  for (int i = 0; i < n; ++i) {
    AdaptiveThrottle copy = throttle;
    rejected += !copy.allow(kSecond, rng);
  }
  CHECK(std::abs(rejected / double(n) - p) < 4.5 * std::sqrt(p * (1 - p) / n));

  SECTION("enough accepts mean no rejection") {
    for (int i = 0; i < 100; ++i) throttle.on_accept(2 * kSecond);  // 2 * 120 > 150 requests
    CHECK(throttle.rejection_probability(2 * kSecond) == 0.0);
    int allowed = 0;
    for (int i = 0; i < 50; ++i) allowed += throttle.allow(2 * kSecond, rng);
    CHECK(allowed == 50);
  }
  SECTION("counts leave the window after it passes") {
    CHECK(throttle.rejection_probability(kSecond + 100 * kSecond) == Approx(p));
    CHECK(throttle.rejection_probability(kSecond + 121 * kSecond) == 0.0);
  }
}

TEST_CASE("under a server that accepts nothing the throttle lets through ever fewer requests") {
  AdaptiveThrottle throttle(2.0, 120 * kSecond);
  RandomStream rng(5, "throttle-test");
  int sent = 0;
  for (int i = 0; i < 1000; ++i) sent += throttle.allow(i * 10 * kMillisecond, rng);
  // With no accepts p = r / (r + 1): the expected number sent is the sum of 1/(r+1) ~ ln 1000 + 0.58.
  CHECK(sent >= 1);
  CHECK(sent < 25);
}
