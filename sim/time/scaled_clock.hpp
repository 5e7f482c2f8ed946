// ScaledClock: SimTime on the wall clock, the one rule the mock server and the load generator share.
// now() = start + (steady time since origin) x scale, so with --time-scale 60 one wall second is one
// simulated minute and a simulated day runs in 24 minutes.
// Domain classes take this `now`; service times drawn in simulated seconds are waited for in wall
// time as simulated / scale. Read-only after construction, so threads share it freely.
#pragma once
#include <chrono>
#include <stdexcept>

#include "sim/time/sim_time.hpp"

namespace slotrush {

class ScaledClock {
 public:
  using steady = std::chrono::steady_clock;

  ScaledClock(SimTime start, double scale, steady::time_point origin = steady::now())
      : start_(start), scale_(scale), origin_(origin) {
    if (!(scale > 0)) throw std::invalid_argument("time scale must be > 0");
  }

  SimTime now() const { return at(steady::now()); }
  SimTime at(steady::time_point t) const {
    const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(t - origin_).count();
    return start_ + static_cast<SimTime>(static_cast<double>(wall) * scale_);
  }
  // How long a simulated duration lasts on the wall clock.
  std::chrono::nanoseconds to_wall(SimTime simulated) const {
    return std::chrono::nanoseconds(static_cast<std::int64_t>(static_cast<double>(simulated) / scale_));
  }
  double scale() const { return scale_; }
  SimTime start() const { return start_; }

 private:
  SimTime start_;
  double scale_;
  steady::time_point origin_;
};

}  // namespace slotrush
