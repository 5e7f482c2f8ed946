// Population: the scenario's people for one run, the same on both clocks. Who they are (kind, party,
// phones, device class, preferred port, registration time) and when each phone starts trying on each
// day are drawn from streams keyed by (seed, replication, person) and (..., person, day), so the
// simulator's replication r and a live load run of replication r meet the same people at the same
// simulated instants, whatever the thread count or the order of the questions. A population scale
// keeps that fraction of every group (backlog, adversaries, daily registrations); a run scope's start
// drops the starts before a live run's first instant, as the load generator must.
// Immutable after construction.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/domain/device_start_plan.hpp"
#include "sim/domain/run_scope.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

enum class PersonKind : std::uint8_t { Regular, SpeedBot, Sybil };
// "none", "speed_bot", "sybil": the labels of the `adversary` group dimension.
const char* to_string(PersonKind kind);

// One person's traits, fixed for the run (16 bytes).
struct PersonTraits {
  SimTime registered_at = 0;       // simulated; before 0 for the initial backlog
  std::uint16_t port = 0;          // preferred port index
  std::uint8_t party = 1;
  std::uint8_t devices = 1;
  std::uint8_t device_class = 0;   // index into Population::device_class_names(); speed bots use the last
  PersonKind kind = PersonKind::Regular;
  std::uint16_t slots_wanted = 1;  // a speed-bot operator books slots_per_operator, anyone else one booking
  int first_day() const { return registered_at <= 0 ? 0 : static_cast<int>(registered_at / kDay); }
};

class Population {
 public:
  // The people of `scenario` for replication `replication` (a live run is replication 0 unless told
  // otherwise), at `scope.population_scale`. Throws std::invalid_argument on a scale outside (0, 1].
  Population(const Scenario& scenario, std::uint64_t replication, const RunScope& scope = {});

  const std::vector<PersonTraits>& people() const { return people_; }
  const RunScope& scope() const { return scope_; }
  bool race() const { return race_; }
  // n scaled by the population scale, rounded to the nearest whole person (0 stays 0).
  int scaled(int n) const;

  // When `person`'s phone `device` starts on `day` (simulated), or nullopt when the person does not
  // try that day: not registered yet, a later day they do not come back, a lottery phone other than
  // the first (an entry needs one), or a start before the scope's start. Starts at or after the end
  // of the run are returned: each clock decides what its end means. The day they register (day
  // 0 for the backlog) they always try; later days with daily_return_probability. Pure.
  std::optional<SimTime> start_on_day(std::uint32_t person, int day, int device = 0) const;
  // The same for all of the person's phones at once (the simulator's day plan): appends the starts
  // from the scope's start on, in phone order, as (phone, start).
  void starts_on_day(std::uint32_t person, int day, std::vector<std::pair<int, SimTime>>& out) const;

  // When `person`, who entered the lottery on day `day` - 1, looks at the result on `day`: the draw
  // plus a uniform moment in the first quarter of the confirmation deadline (assumption: winners are
  // notified "around 12 noon" [S26], and everyone who entered opens the app to see; shared/domain.md).
  // Winners and losers alike, on both clocks. Pure.
  SimTime result_check_on_day(std::uint32_t person, int day) const;

  // Day `day`'s anchor: the release instant in a race, else the lottery window's opening.
  SimTime anchor_of_day(int day) const { return start_plan_.anchor_of_day(day); }

  // The scenario's device class names, then "bot" for the speed bots' class.
  const std::vector<std::string>& device_class_names() const { return class_names_; }
  // Round trip and loss of a device class (the bots' class: the bots' round trip, no loss).
  SimTime class_rtt(std::uint8_t device_class) const { return class_rtt_[device_class]; }
  double class_loss(std::uint8_t device_class) const { return class_loss_[device_class]; }
  // Background clients have the first device class's round trip and no losses.
  SimTime background_rtt() const { return class_rtt_.front(); }
  // The network, on both clocks: a request reaches the server, and an answer its phone, half a round
  // trip after it leaves; a client's timeout runs from the moment its phone sends.
  static SimTime one_way(SimTime rtt) { return rtt / 2; }

 private:
  void add_person(const PopulationSpec& pop, PersonKind kind, SimTime registered_at);

  RunScope scope_;
  double return_probability_;
  bool race_;
  RandomStream base_;  // the replication's stream: RandomStream(seed, "replication", r)
  SimTime draw_time_, result_check_spread_;
  DeviceStartPlan start_plan_;
  std::vector<PersonTraits> people_;
  std::vector<std::string> class_names_;
  std::vector<SimTime> class_rtt_;
  std::vector<double> class_loss_;
  std::vector<double> port_shares_, class_shares_, party_weights_, device_weights_;
};

}  // namespace slotrush
