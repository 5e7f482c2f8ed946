// When demand shows up: DailyStartTime draws when one person starts trying on a day (around an
// anchor such as the release time), and BackgroundArrivals generates the open-loop background load as
// a Poisson process whose rate is piecewise constant (base rate, multiplied by any spikes). Both are
// immutable after construction and draw only from the caller's stream, so one object may serve many
// callers (threads too) as long as each brings its own RandomStream.
#pragma once
#include <optional>
#include <vector>

#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// A person's start time on one day: anchor + an offset drawn from ArrivalSpec::offset_seconds,
// clipped to no earlier than `earliest` before the anchor (nobody shows up hours early).
class DailyStartTime {
 public:
  explicit DailyStartTime(const ArrivalSpec& spec);  // throws if spec.earliest < 0
  SimTime sample(SimTime anchor, RandomStream& rng) const;

 private:
  ArrivalSpec spec_;
};

// A non-homogeneous Poisson process: rate_per_second between start and end (end 0 = horizon),
// multiplied by every spike in effect (overlapping spikes multiply). Zero outside [start, end).
class BackgroundArrivals {
 public:
  // Throws std::invalid_argument on a negative rate, multiplier or duration.
  BackgroundArrivals(const BackgroundLoadSpec& spec, SimTime horizon);

  double rate_at(SimTime t) const;  // arrivals per second at t
  // The first arrival strictly after t, by inverting the integrated rate from t (exact for a
  // piecewise-constant rate); nullopt when none comes before the end.
  std::optional<SimTime> next_after(SimTime t, RandomStream& rng) const;

 private:
  struct Piece {
    SimTime start;  // the rate holds from here to the next piece's start
    double per_ns;  // arrivals per nanosecond
  };
  std::vector<Piece> pieces_;  // sorted by start; the last has rate 0 and runs forever
};

}  // namespace slotrush
