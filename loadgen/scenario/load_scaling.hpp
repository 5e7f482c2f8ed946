// LoadScaling: how a scenario is replayed on the wall clock by `slotrush load SCENARIO`: simulated
// seconds per wall second, the fraction of the scenario's people to generate, where the run's clock
// starts and how long it runs. The clock rule is the mock's (sim/time/scaled_clock.hpp):
// simulated = start_at + wall since the run's start x time_scale, so a load run and a `slotrush serve`
// started together with the same --time-scale and --start-at agree on the time.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>

#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush::loadgen {

struct LoadScaling {
  double time_scale = 1.0;        // simulated seconds per wall second (> 0)
  double population_scale = 1.0;  // fraction of people (and background load) generated, in (0, 1]
  std::optional<SimTime> start_at;  // simulated time at the run's start; default: default_live_start (sim/scenario)
  std::optional<std::chrono::nanoseconds> duration;  // wall time; default: until the horizon
  std::uint64_t first_registrant = 1;  // registrant id of the first planned person
  std::uint64_t replication = 0;       // whose people: the simulator's replication of that index
  std::size_t liveness_bytes = 16 * 1024;  // size of the liveness photo upload (the scenario has none)
};

// Throws std::invalid_argument naming the field and what is allowed when a value is out of range.
void validate(const LoadScaling& scaling);


}  // namespace slotrush::loadgen
