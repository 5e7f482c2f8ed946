// RunScope: how much of a scenario one run covers, said once for both clocks: the fraction of its
// people, and the simulated window [start, end) of a live run (or of the simulation held against it).
#pragma once
#include <optional>
#include <stdexcept>
#include <string>

#include "sim/time/sim_time.hpp"

namespace slotrush {

struct RunScope {
  double population_scale = 1.0;  // in (0, 1]
  SimTime start = 0;              // phones due to start before it never start
  std::optional<SimTime> end;     // the run stops here; default: the scenario's horizon
};

// Throws std::invalid_argument naming the flag and what is allowed.
inline void validate(const RunScope& scope) {
  if (!(scope.population_scale > 0 && scope.population_scale <= 1))
    throw std::invalid_argument("--population-scale: found " + std::to_string(scope.population_scale) +
                                "; allowed: a fraction of the people in (0, 1], e.g. 0.004");
  if (scope.end && *scope.end <= scope.start)
    throw std::invalid_argument("the run's window ends before it starts; allowed: an end after the start");
}

}  // namespace slotrush
