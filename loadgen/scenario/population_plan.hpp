// PopulationPlan: the scenario's people as virtual users on the wall clock of a load run. Who they
// are and when each phone starts is sim/domain's Population, the simulator's own (replication 0 by
// default): the same people, phones and start times as `slotrush sim --population-scale` of the same
// scale, whatever the thread count or the order in which it is asked. This class adds what only the
// live side needs: the run's window on the scaled clock, registrant ids, and when a lottery winner
// looks at the result. Immutable after construction: shards on several threads read it freely.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/scenario/load_scaling.hpp"
#include "sim/time/scaled_clock.hpp"
#include "sim/domain/arrival_profile.hpp"
#include "sim/domain/population.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::loadgen {

// One planned person: the traits the Population drew.
using PlannedPerson = PersonTraits;

// One device starting on one day, for listing a day's plan.
struct PlannedStart {
  SimTime at = 0;  // simulated time
  std::uint32_t person = 0;
  std::uint8_t device = 0;
};

class PopulationPlan {
 public:
  // Throws std::invalid_argument on bad scaling (see validate(LoadScaling)).
  PopulationPlan(const Scenario& scenario, const LoadScaling& scaling);

  const Scenario& scenario() const { return scenario_; }
  const LoadScaling& scaling() const { return scaling_; }
  const std::vector<PlannedPerson>& people() const { return population_.people(); }
  const Population& population() const { return population_; }
  // The registrant id the server knows `person` by.
  std::uint64_t registrant(std::uint32_t person) const { return scaling_.first_registrant + person; }
  bool race() const { return race_; }

  // The simulated window the run covers: [run_start, run_end), and its days.
  SimTime run_start() const { return run_start_; }
  SimTime run_end() const { return run_end_; }
  int first_day() const { return static_cast<int>(run_start_ / kDay); }
  int last_day() const { return static_cast<int>((run_end_ - 1) / kDay); }

  // Time on the wall clock of the run (since its start) for a simulated time, and back; times before
  // the run's start map to 0.
  std::chrono::nanoseconds wall_of(SimTime simulated) const;
  SimTime simulated_of(std::chrono::nanoseconds wall) const;
  std::chrono::nanoseconds wall_duration(SimTime simulated_duration) const;

  // When `person`'s device `device` starts on `day` (simulated), or nullopt when the person does not
  // try that day (Population::start_on_day) or the start is outside the run. Pure.
  std::optional<SimTime> start_on_day(std::uint32_t person, int day, int device = 0) const;
  // Every device start of `day` for everyone registered by then, sorted by time (for reports, tests).
  std::vector<PlannedStart> starts_of_day(int day) const;

  // The day's anchor: the release (race) or the request window's opening (lottery), simulated.
  SimTime anchor_of_day(int day) const;
  // When a lottery entrant of day `day` - 1 looks at the result (Population::result_check_on_day).
  SimTime result_check_on_day(std::uint32_t person, int day) const { return population_.result_check_on_day(person, day); }

  // Background sessions: the first arrival after `after` (simulated), at population_scale x the
  // scenario's rate, or nullopt when none is left before the run's end.
  std::optional<SimTime> next_background_after(SimTime after, RandomStream& rng) const;
  bool has_background() const { return background_.has_value(); }

  const std::vector<std::string>& device_class_names() const { return population_.device_class_names(); }
  // Round trip and loss of a device class (speed bots: the bots' round trip, no loss).
  SimTime class_rtt(std::uint8_t device_class) const { return population_.class_rtt(device_class); }
  double class_loss(std::uint8_t device_class) const { return population_.class_loss(device_class); }
  SimTime background_rtt() const { return population_.background_rtt(); }
  std::uint64_t seed() const { return scenario_.seed; }

 private:
  Scenario scenario_;
  LoadScaling scaling_;
  bool race_;
  SimTime run_start_ = 0, run_end_ = 0;
  ScaledClock clock_;  // the mock's rule, with the run's start as the steady clock's epoch
  Population population_;
  std::optional<BackgroundArrivals> background_;
};

}  // namespace slotrush::loadgen
