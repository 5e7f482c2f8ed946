// ClientFlow: what a phone does next, the CBP One client's rules written once for both clocks. The
// simulator's devices (sim/model) and the load generator's virtual users (loadgen/scenario) keep their
// own records and timers and ask these functions what follows an answer: the next step of a flow,
// where a flow begins again, and what a failed attempt leads to (an automatic retry, a person's pause
// and another try, giving up for the day). Time comes in as `now`, randomness as a stream.
// Which kind of move an answer calls for (advance, try again, done for today, ...) is meaning_of(), beside
// the answers themselves in sim/domain/booking_answer.hpp.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>

#include "sim/domain/retry_policy.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// Where a registrant stands for the run.
enum class PersonState : std::uint8_t { Waiting, Booked, Left };

// Which sequence of requests a phone walks.
enum class ClientFlow : std::uint8_t {
  Race,           // login, liveness (per member), list slots, book (per member), confirm
  LotteryEntry,   // login, lottery entry inside the day's window
  LotteryResult,  // after the draw: read the result, confirm if won
  Background,     // one request of the background load, with automatic retries only
};

inline constexpr SimTime kNeverGiveUp = std::numeric_limits<SimTime>::max();

// A failed attempt as the client sees it.
struct FailedAttempt {
  ClientFlow flow = ClientFlow::Race;
  RequestType step = RequestType::Login;
  bool retryable = false;       // a 503, a reset or a timeout; not a refusal or "not yet"
  int attempts = 0;             // attempts made at this step so far, this one included
  SimTime previous_delay = 0;   // the last automatic retry's delay (decorrelated jitter)
  bool speed_bot = false;
  bool holds_slots = true;      // the person still holds slots (a failed confirmation may have lost them)
  SimTime now = 0;              // when the client learnt of the failure
  SimTime give_up_at = kNeverGiveUp;
};

struct AfterFailure {
  enum class Kind : std::uint8_t {
    Retry,   // an automatic retry of the same request after `delay`
    Pause,   // the person waits `delay` (think time, a bot's interval) and tries `step`
    GiveUp,  // patience ran out: done for the day
    Stop,    // the flow has nothing left to try (a background request, a lottery hold gone)
  };
  // (delay first: 16 bytes, returned in registers rather than through memory)
  SimTime delay = 0;
  Kind kind = Kind::Stop;
  RequestType step = RequestType::Login;
  bool budget_refused = false;  // a retry was due but the retry budget said no
};
static_assert(sizeof(AfterFailure) == 16);

class ClientRules {
 public:
  explicit ClientRules(const Scenario& scenario);

  // What a failed attempt leads to. Draws the retry delay (when a retry is due) and then the think
  // time from `rng`, in that order; asks `budget` (may be null) before a retry.
  AfterFailure after_failure(const FailedAttempt& f, RandomStream& rng, RetryBudget* budget) const;
  // The same, drawing in place on a parked stream (a simulated device's own): the same draws as from
  // RandomStream(state), without copying the state out and back on every refused attempt.
  AfterFailure after_failure(const FailedAttempt& f, StreamState& rng, RetryBudget* budget) const;

  // The step after `step` succeeded, for a flow that is not finished (see is_last_step).
  RequestType next_step(ClientFlow flow, RequestType step) const;
  bool is_last_step(ClientFlow flow, RequestType step) const;
  // Where a racing person begins (again): at Confirm with every slot held, at Book with part of a
  // family's slots held, else at sign-in.
  static RequestType race_start(int slots_held, int slots_wanted);
  // Whether a step is done once per party member when slots are per person: each member needs their
  // own liveness photo and their own slot [S14].
  bool per_member(RequestType step) const { return per_person_ && (step == RequestType::Liveness || step == RequestType::Book); }

  const RetryPolicy& retry() const { return retry_; }
  bool confirmation_required() const { return confirm_; }

 private:
  template <class Stream>
  AfterFailure decide(const FailedAttempt& f, Stream& rng, RetryBudget* budget) const;
  template <class Stream>
  SimTime think_time(Stream& rng) const;

  RetryPolicy retry_;
  Distribution think_;
  std::optional<Uniform> think_uniform_;  // the think-time law when uniform: no variant dispatch
  SimTime bot_interval_;
  bool confirm_;
  bool per_person_;
};

}  // namespace slotrush
