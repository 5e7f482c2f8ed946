#include "loadgen/scenario/load_scaling.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>


namespace slotrush::loadgen {

void validate(const LoadScaling& s) {
  if (!(s.time_scale > 0) || !std::isfinite(s.time_scale))
    throw std::invalid_argument("--time-scale: found " + std::to_string(s.time_scale) +
                                "; allowed: a finite number > 0 (simulated seconds per wall second)");
  if (!(s.population_scale > 0 && s.population_scale <= 1))
    throw std::invalid_argument("--population-scale: found " + std::to_string(s.population_scale) +
                                "; allowed: a fraction of the scenario's people in (0, 1]");
  if (s.start_at && *s.start_at < 0)
    throw std::invalid_argument("--start-at: found a negative time; allowed: a time of day on day 0 or a duration >= 0");
  if (s.duration && s.duration->count() <= 0)
    throw std::invalid_argument("--duration: found a duration <= 0; allowed: a wall-clock duration > 0");
  if (s.first_registrant == 0)
    throw std::invalid_argument("first registrant: found 0; allowed: registrant ids from 1");
}

}  // namespace slotrush::loadgen
