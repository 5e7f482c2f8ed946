#include "sim/domain/population.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace slotrush {
namespace {

std::size_t pick_weighted(const std::vector<double>& weights, RandomStream& rng) {
  double total = 0;
  for (double w : weights) total += w;
  double u = rng.uniform01() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (u < weights[i]) return i;
    u -= weights[i];
  }
  return weights.empty() ? 0 : weights.size() - 1;
}

std::vector<double> weights_of(const std::vector<WeightedCount>& counts) {
  std::vector<double> w;
  for (const auto& c : counts) w.push_back(c.weight);
  return w;
}

int pick_count(const std::vector<WeightedCount>& counts, const std::vector<double>& weights, RandomStream& rng) {
  if (counts.empty()) return 1;
  return counts[pick_weighted(weights, rng)].value;
}

std::uint8_t small(int v) { return static_cast<std::uint8_t>(std::clamp(v, 1, 255)); }

}  // namespace

const char* to_string(PersonKind kind) {
  switch (kind) {
    case PersonKind::Regular: return "none";
    case PersonKind::SpeedBot: return "speed_bot";
    case PersonKind::Sybil: return "sybil";
  }
  return "none";
}

Population::Population(const Scenario& s, std::uint64_t replication, const RunScope& scope)
    : scope_(scope),
      return_probability_(s.population.daily_return_probability),
      race_(s.allocation.strategy == AllocationStrategy::FirstComeRace),
      base_(s.seed, "replication", replication),
      draw_time_(s.allocation.lottery.draw_time),
      result_check_spread_(s.allocation.confirmation.deadline / 4),
      start_plan_(s) {
  validate(scope);
  const PopulationSpec& pop = s.population;
  for (const DeviceClassSpec& c : pop.device_classes) {
    class_names_.push_back(c.name);
    class_rtt_.push_back(c.rtt);
    class_loss_.push_back(c.loss);
    class_shares_.push_back(c.share);
  }
  class_names_.push_back("bot");
  class_rtt_.push_back(pop.adversaries.speed_bots.rtt);
  class_loss_.push_back(0.0);
  for (const PortSpec& p : s.supply.ports) port_shares_.push_back(p.share);
  party_weights_ = weights_of(pop.party_sizes);
  device_weights_ = weights_of(pop.devices_per_person);

  // The simulator's order since the first version: the backlog, the adversaries, then each day's
  // registrations (so replication r's people are the ones it always had at full scale).
  RandomStream backlog = base_.derive("backlog", 0);
  for (int i = 0; i < scaled(pop.initial_backlog); ++i)
    add_person(pop, PersonKind::Regular,
               -static_cast<SimTime>(backlog.uniform01() * static_cast<double>(pop.initial_backlog_spread)));
  if (race_)
    for (int i = 0; i < scaled(pop.adversaries.speed_bots.operators); ++i) add_person(pop, PersonKind::SpeedBot, 0);
  else
    for (int i = 0; i < scaled(pop.adversaries.sybils.actors * pop.adversaries.sybils.registrations_per_actor); ++i)
      add_person(pop, PersonKind::Sybil, 0);
  for (int day = 0; day < s.calendar.days; ++day)
    for (int i = 0; i < scaled(pop.new_per_day); ++i) add_person(pop, PersonKind::Regular, day * kDay);
}

int Population::scaled(int n) const {
  if (scope_.population_scale == 1.0) return n;
  return static_cast<int>(std::llround(static_cast<double>(n) * scope_.population_scale));
}

void Population::add_person(const PopulationSpec& pop, PersonKind kind, SimTime registered_at) {
  const auto id = static_cast<std::uint32_t>(people_.size());
  RandomStream traits = base_.derive("person", id);
  PersonTraits p;
  p.registered_at = registered_at;
  p.kind = kind;
  p.port = static_cast<std::uint16_t>(pick_weighted(port_shares_, traits));
  if (kind == PersonKind::SpeedBot) {
    p.devices = small(pop.adversaries.speed_bots.devices_per_operator);
    p.device_class = static_cast<std::uint8_t>(class_names_.size() - 1);
    p.slots_wanted = static_cast<std::uint16_t>(std::clamp(pop.adversaries.speed_bots.slots_per_operator, 1, 65535));
  } else {
    p.party = small(pick_count(pop.party_sizes, party_weights_, traits));
    p.devices = kind == PersonKind::Sybil ? 1 : small(pick_count(pop.devices_per_person, device_weights_, traits));
    p.device_class = static_cast<std::uint8_t>(pick_weighted(class_shares_, traits));
  }
  people_.push_back(p);
}

void Population::starts_on_day(std::uint32_t person, int day, std::vector<std::pair<int, SimTime>>& out) const {
  const PersonTraits& p = people_.at(person);
  if (day < p.first_day()) return;
  RandomStream today = base_.derive("person-day", (std::uint64_t{person} << 16) | static_cast<std::uint64_t>(day));
  // The day they register they try; a later day only if they come back.
  const bool registration_day = p.registered_at > day * kDay - kDay;
  if (!registration_day && !today.bernoulli(return_probability_)) return;
  const bool bot = p.kind == PersonKind::SpeedBot;
  const SimTime first = start_plan_.first_start(bot, day, today);
  const int phones = race_ ? p.devices : 1;  // a lottery entry needs one phone
  for (int i = 0; i < phones; ++i) {
    const SimTime at = first + (i == 0 ? 0 : DeviceStartPlan::next_device_offset(bot, today));
    if (at >= scope_.start) out.emplace_back(i, at);
  }
}

std::optional<SimTime> Population::start_on_day(std::uint32_t person, int day, int device) const {
  std::vector<std::pair<int, SimTime>> starts;
  starts_on_day(person, day, starts);
  for (const auto& [phone, at] : starts)
    if (phone == device) return at;
  return std::nullopt;
}

SimTime Population::result_check_on_day(std::uint32_t person, int day) const {
  RandomStream rng = base_.derive("lottery-result-check", (std::uint64_t{person} << 16) | static_cast<std::uint64_t>(day));
  return SimTime{day} * kDay + draw_time_ + static_cast<SimTime>(rng.uniform01() * static_cast<double>(result_check_spread_));
}

}  // namespace slotrush
