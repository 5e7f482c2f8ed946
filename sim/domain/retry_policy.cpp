#include "sim/domain/retry_policy.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace slotrush {

RetryPolicy::RetryPolicy(const RetrySpec& spec) : spec_(spec) {
  if (spec.max_attempts < 1) throw std::invalid_argument("RetryPolicy: max_attempts must be >= 1");
  if (spec.base < 0) throw std::invalid_argument("RetryPolicy: base must be >= 0");
  if (spec.cap < spec.base) throw std::invalid_argument("RetryPolicy: cap must be >= base");
}

namespace {

// Uniform in [lo, hi) on whole nanoseconds (lo when the range is empty).
SimTime uniform_time(SimTime lo, SimTime hi, RandomStream& rng) {
  if (hi <= lo) return lo;
  return lo + static_cast<SimTime>(rng.below(static_cast<std::uint64_t>(hi - lo)));
}

// min(cap, base * 2^doublings) without overflow.
SimTime capped_exponential(SimTime base, SimTime cap, int doublings) {
  SimTime t = base;
  for (int i = 0; i < doublings && t < cap; ++i) t = t > cap / 2 ? cap : 2 * t;
  return std::min(t, cap);
}

}  // namespace

std::optional<SimTime> RetryPolicy::delay_before(int attempt, SimTime previous_delay,
                                                 RandomStream& rng) const {
  if (attempt < 2) throw std::invalid_argument("RetryPolicy::delay_before: attempt must be >= 2");
  if (attempt > max_attempts()) return std::nullopt;
  switch (spec_.kind) {
    case RetryKind::None:
      return std::nullopt;
    case RetryKind::Immediate:
      return SimTime{0};
    case RetryKind::Fixed:
      return spec_.base;
    case RetryKind::Exponential:
      break;
  }
  const SimTime t = capped_exponential(spec_.base, spec_.cap, attempt - 2);
  switch (spec_.jitter) {
    case Jitter::None:
      return t;
    case Jitter::Full:
      return uniform_time(0, t, rng);
    case Jitter::Equal:
      return t / 2 + uniform_time(0, t - t / 2, rng);
    case Jitter::Decorrelated: {
      const SimTime previous = attempt == 2 ? spec_.base : previous_delay;
      const SimTime high = previous > spec_.cap / 3 ? spec_.cap : 3 * previous;  // no overflow
      return std::min(spec_.cap, uniform_time(spec_.base, high, rng));
    }
  }
  return t;
}

RetryBudget::RetryBudget(double ratio, double max_tokens) : ratio_(ratio), max_tokens_(max_tokens) {
  if (!(ratio >= 0.0) || !std::isfinite(ratio)) {
    throw std::invalid_argument("RetryBudget: ratio must be finite and >= 0");
  }
  if (!(max_tokens > 0.0)) throw std::invalid_argument("RetryBudget: max_tokens must be > 0");
}

void RetryBudget::on_request() { tokens_ = std::min(max_tokens_, tokens_ + ratio_); }

bool RetryBudget::allow_retry() {
  // A small tolerance so that ten requests at ratio 0.1 really earn one retry despite rounding.
  if (tokens_ <= 1e-9) return false;
  tokens_ -= 1.0;
  return true;
}

AdaptiveThrottle::AdaptiveThrottle(double k, SimTime window)
    : k_(k), width_(window / kBuckets), ring_(kBuckets) {
  if (!(k > 0.0) || !std::isfinite(k)) throw std::invalid_argument("AdaptiveThrottle: k must be > 0");
  if (width_ <= 0) throw std::invalid_argument("AdaptiveThrottle: window is too short");
}

AdaptiveThrottle::Bucket& AdaptiveThrottle::slot(std::int64_t epoch) {
  return ring_[static_cast<std::size_t>(((epoch % kBuckets) + kBuckets) % kBuckets)];
}

AdaptiveThrottle::Bucket& AdaptiveThrottle::bucket_at(SimTime now) {
  const std::int64_t epoch = now >= 0 ? now / width_ : -((-now + width_ - 1) / width_);
  if (epoch > newest_epoch_) {
    if (epoch - newest_epoch_ >= kBuckets) {  // a silence longer than the window: nothing is left
      std::fill(ring_.begin(), ring_.end(), Bucket{});
      requests_ = accepts_ = 0;
    } else {  // the slices the ring's slots held before these epochs leave the window
      for (std::int64_t e = newest_epoch_ + 1; e <= epoch; ++e) {
        requests_ -= slot(e).requests;
        accepts_ -= slot(e).accepts;
        slot(e) = Bucket{};
      }
    }
    newest_epoch_ = epoch;
  }
  // A `now` older than the newest slice counts in the newest one (time does not run backwards).
  return slot(newest_epoch_);
}

double AdaptiveThrottle::rejection_probability(SimTime now) {
  bucket_at(now);
  const double requests = static_cast<double>(requests_);
  return std::max(0.0, (requests - k_ * static_cast<double>(accepts_)) / (requests + 1.0));
}

bool AdaptiveThrottle::allow(SimTime now, RandomStream& rng) {
  const double p = rejection_probability(now);
  ++bucket_at(now).requests;
  ++requests_;
  return !rng.bernoulli(p);
}

void AdaptiveThrottle::on_accept(SimTime now) {
  ++bucket_at(now).accepts;
  ++accepts_;
}

}  // namespace slotrush
