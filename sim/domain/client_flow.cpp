#include "sim/domain/client_flow.hpp"

#include <algorithm>

namespace slotrush {

ClientRules::ClientRules(const Scenario& s)
    : retry_(s.client.retry),
      think_(s.client.think_seconds),
      bot_interval_(s.population.adversaries.speed_bots.retry_interval),
      confirm_(s.allocation.confirmation.required),
      per_person_(s.supply.slot_unit == SlotUnit::Person) {
  if (const auto* u = std::get_if<Uniform>(&think_.law())) think_uniform_ = *u;
}

template <class Stream>
SimTime ClientRules::think_time(Stream& rng) const {
  const double seconds = think_uniform_ ? rng.uniform(think_uniform_->low, think_uniform_->high)
                                        : with_stream(rng, [&](RandomStream& r) { return think_.sample(r); });
  return from_seconds(std::max(0.0, seconds));
}

AfterFailure ClientRules::after_failure(const FailedAttempt& f, RandomStream& rng, RetryBudget* budget) const {
  return decide(f, rng, budget);
}
AfterFailure ClientRules::after_failure(const FailedAttempt& f, StreamState& rng, RetryBudget* budget) const {
  return decide(f, rng, budget);
}

template <class Stream>
AfterFailure ClientRules::decide(const FailedAttempt& f, Stream& rng, RetryBudget* budget) const {
  AfterFailure out;
  out.step = f.step;
  if (f.retryable && f.attempts + 1 <= retry_.max_attempts()) {
    const std::optional<SimTime> delay =
        with_stream(rng, [&](RandomStream& r) { return retry_.delay_before(f.attempts + 1, f.previous_delay, r); });
    if (delay) {
      if (!budget || budget->allow_retry()) {
        out.kind = AfterFailure::Kind::Retry;
        out.delay = *delay;
        return out;
      }
      out.budget_refused = true;
    }
  }
  if (f.flow == ClientFlow::Background) return out;  // Stop: a background request is not a person
  out.delay = f.speed_bot ? bot_interval_ : think_time(rng);
  if (f.give_up_at != kNeverGiveUp && f.now + out.delay >= f.give_up_at) {
    out.kind = AfterFailure::Kind::GiveUp;
    return out;
  }
  // A lost hold (expired, or the confirmation refused) sends a racer back to the slot list.
  if (f.step == RequestType::Confirm && !f.holds_slots) {
    if (f.flow != ClientFlow::Race) return out;  // Stop
    out.step = RequestType::ListSlots;
  }
  out.kind = AfterFailure::Kind::Pause;
  return out;
}

RequestType ClientRules::next_step(ClientFlow flow, RequestType step) const {
  switch (flow) {
    case ClientFlow::Race:
      switch (step) {
        case RequestType::Login: return RequestType::Liveness;
        case RequestType::Liveness: return RequestType::ListSlots;
        case RequestType::ListSlots: return RequestType::Book;
        case RequestType::Book: return confirm_ ? RequestType::Confirm : RequestType::Book;
        default: return step;
      }
    case ClientFlow::LotteryEntry: return step == RequestType::Login ? RequestType::LotteryEntry : step;
    case ClientFlow::LotteryResult:
      if (step == RequestType::Login) return RequestType::LotteryResult;
      return step == RequestType::LotteryResult ? RequestType::Confirm : step;
    case ClientFlow::Background: return step;
  }
  return step;
}

bool ClientRules::is_last_step(ClientFlow flow, RequestType step) const {
  switch (flow) {
    case ClientFlow::Race: return step == (confirm_ ? RequestType::Confirm : RequestType::Book);
    case ClientFlow::LotteryEntry: return step == RequestType::LotteryEntry;
    case ClientFlow::LotteryResult: return step == (confirm_ ? RequestType::Confirm : RequestType::LotteryResult);
    case ClientFlow::Background: return true;
  }
  return true;
}

RequestType ClientRules::race_start(int slots_held, int slots_wanted) {
  if (slots_held <= 0) return RequestType::Login;
  return slots_held >= slots_wanted ? RequestType::Confirm : RequestType::Book;
}

}  // namespace slotrush
