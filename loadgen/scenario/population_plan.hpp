// PopulationPlan: who the scenario's virtual users are and when each starts trying, on the wall clock
// of a load run. People (registrant id, party size, devices, device class, preferred port, kind) are
// drawn once from streams keyed by (seed, person); each day's start time from a stream keyed by
// (seed, person, day), so the plan is the same for a seed whatever the thread count or the order in
// which it is asked. Start times follow the scenario by the simulator's own rules, sim/domain's
// DeviceStartPlan: the race's release (behind the waiting room's pre-queue when enabled) or the
// lottery's request window; speed bots at the release +-50 ms; extra devices up to 2 s later.
// Immutable after construction: shards on several threads read it freely.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loadgen/scenario/load_scaling.hpp"
#include "mock/scaled_clock.hpp"
#include "sim/domain/arrival_profile.hpp"
#include "sim/domain/device_start_plan.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::loadgen {

enum class PersonKind : std::uint8_t { Regular, SpeedBot, Sybil };
const char* to_string(PersonKind kind);

// One planned person: 12 bytes, the traits that never change during a run.
struct PlannedPerson {
  std::uint32_t registrant = 0;
  std::int16_t first_day = 0;     // the day they registered (0: backlog and adversaries)
  std::uint16_t port = 0;         // preferred port index
  std::uint8_t party = 1;
  std::uint8_t devices = 1;
  std::uint8_t device_class = 0;  // index into device_class_names(); speed bots use the last
  PersonKind kind = PersonKind::Regular;
};

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
  const std::vector<PlannedPerson>& people() const { return people_; }
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
  // try that day (not registered yet, a day they do not come back, a lottery device other than the
  // first, or a start outside the run). Pure: the same answer every time.
  std::optional<SimTime> start_on_day(std::uint32_t person, int day, int device = 0) const;
  // Every device start of `day` for everyone registered by then, sorted by time (for reports, tests).
  std::vector<PlannedStart> starts_of_day(int day) const;

  // The day's anchor: the release (race) or the request window's opening (lottery), simulated.
  SimTime anchor_of_day(int day) const;
  // When a lottery winner of the draw on `day` looks at the result: the draw plus a uniform moment in
  // the first quarter of the confirmation deadline (as the simulator assumes).
  SimTime result_check_on_day(std::uint32_t person, int day) const;

  // Background sessions: the first arrival after `after` (simulated), at population_scale x the
  // scenario's rate, or nullopt when none is left before the run's end.
  std::optional<SimTime> next_background_after(SimTime after, RandomStream& rng) const;
  bool has_background() const { return background_.has_value(); }

  const std::vector<std::string>& device_class_names() const { return class_names_; }
  // Round trip and loss of a device class (speed bots: the bots' round trip, no loss).
  SimTime class_rtt(std::uint8_t device_class) const { return class_rtt_[device_class]; }
  double class_loss(std::uint8_t device_class) const { return class_loss_[device_class]; }
  std::uint64_t seed() const { return scenario_.seed; }

 private:
  struct TraitLaws {
    Empirical party, devices, classes, ports;
  };
  void add_person(PersonKind kind, int first_day, const RandomStream& base, const TraitLaws& laws);

  Scenario scenario_;
  LoadScaling scaling_;
  bool race_;
  SimTime run_start_ = 0, run_end_ = 0;
  mock::ScaledClock clock_;  // the mock's rule, with the run's start as the steady clock's epoch
  DeviceStartPlan start_plan_;
  std::optional<BackgroundArrivals> background_;
  std::vector<PlannedPerson> people_;
  std::vector<std::string> class_names_;
  std::vector<SimTime> class_rtt_;
  std::vector<double> class_loss_;
};

}  // namespace slotrush::loadgen
