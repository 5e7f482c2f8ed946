// Client-side retry rules (shared/domain.md §5.2, §6.6): how long to wait before each retry
// (RetryPolicy), how many retries a client may spend overall (RetryBudget), and when to fail a request
// locally because the server is rejecting most of them (AdaptiveThrottle, Google SRE "Handling
// Overload"). One object per client; none reads a clock; not thread-safe.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// The delay schedule of one request's retries: none, immediate, fixed, or capped exponential backoff
// with one of the jitters of Brooker's "Exponential Backoff and Jitter" (AWS, 2015).
class RetryPolicy {
 public:
  explicit RetryPolicy(const RetrySpec& spec);  // throws std::invalid_argument on a bad spec

  int max_attempts() const { return spec_.kind == RetryKind::None ? 1 : spec_.max_attempts; }

  // The wait before attempt `attempt` (2 = the first retry; must be >= 2), or nullopt when the request
  // has no attempts left. Exponential: t = min(cap, base * 2^(attempt-2)), then by jitter
  // None t, Full uniform[0, t), Equal t/2 + uniform[0, t/2),
  // Decorrelated min(cap, uniform[base, 3 * previous_delay)) with previous_delay = base on the first
  // retry (the argument is ignored then).
  std::optional<SimTime> delay_before(int attempt, SimTime previous_delay, RandomStream& rng) const;

 private:
  RetrySpec spec_;
};

// Retries allowed while retries < ratio * requests, as a token bucket: each on_request() adds `ratio`
// tokens (up to max_tokens, so a long calm spell cannot bank a storm), each allowed retry spends one,
// and a retry is allowed while the balance is > 0. Counts never decay with time (no clock); over a
// run, retries <= ratio * requests + max_tokens. A ratio of 0 allows no retries; RetrySpec's
// "0 = off" means no budget object at all.
class RetryBudget {
 public:
  explicit RetryBudget(double ratio, double max_tokens = 10.0);
  void on_request();   // an original request (first attempt), not a retry
  bool allow_retry();  // counts the retry if allowed
  double tokens() const { return tokens_; }

 private:
  double ratio_;
  double max_tokens_;
  double tokens_ = 0.0;
};

// Client-side adaptive throttling: rejects a request locally with probability
// max(0, (requests - k * accepts) / (requests + 1)), counted over the last `window` in a ring of
// kBuckets time slices: the current slice plus the kBuckets - 1 before it, so the window slides in
// steps of window / kBuckets.
class AdaptiveThrottle {
 public:
  static constexpr int kBuckets = 60;

  AdaptiveThrottle(double k, SimTime window);  // k > 0, window >= kBuckets ns
  // Counts a request (rejected ones too, as in the SRE book) and says whether to send it.
  bool allow(SimTime now, RandomStream& rng);
  // The server accepted a request.
  void on_accept(SimTime now);
  // The probability the next allow(now) rejects.
  double rejection_probability(SimTime now);

 private:
  struct Bucket {
    std::uint64_t requests = 0;
    std::uint64_t accepts = 0;
  };
  Bucket& slot(std::int64_t epoch);  // the ring slot of a window / kBuckets slice of time
  Bucket& bucket_at(SimTime now);    // slides the window to now and returns the newest slot

  double k_;
  SimTime width_;
  std::vector<Bucket> ring_;
  std::int64_t newest_epoch_ = 0;
  std::uint64_t requests_ = 0;
  std::uint64_t accepts_ = 0;
};

}  // namespace slotrush
