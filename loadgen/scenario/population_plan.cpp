#include "loadgen/scenario/population_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace slotrush::loadgen {
namespace {

// n people of the scenario at the population scale (rounded; 0 stays 0).
int scaled_count(int n, double scale) { return static_cast<int>(std::llround(static_cast<double>(n) * scale)); }

Empirical law_of(const std::vector<WeightedCount>& counts) {
  std::vector<double> values, weights;
  for (const WeightedCount& c : counts) {
    values.push_back(c.value);
    weights.push_back(c.weight);
  }
  if (values.empty()) return Empirical({1.0}, {1.0});
  return Empirical(values, weights);
}

template <class Spec>
Empirical index_law(const std::vector<Spec>& items) {
  std::vector<double> values, weights;
  for (std::size_t i = 0; i < items.size(); ++i) {
    values.push_back(static_cast<double>(i));
    weights.push_back(items[i].share);
  }
  if (values.empty()) return Empirical({0.0}, {1.0});
  return Empirical(values, weights);
}

std::uint8_t small(double v) { return static_cast<std::uint8_t>(std::clamp(v, 1.0, 255.0)); }

}  // namespace

const char* to_string(PersonKind kind) {
  switch (kind) {
    case PersonKind::Regular: return "none";
    case PersonKind::SpeedBot: return "speed_bot";
    case PersonKind::Sybil: return "sybil";
  }
  return "none";
}

PopulationPlan::PopulationPlan(const Scenario& scenario, const LoadScaling& scaling)
    : scenario_(scenario),
      scaling_(scaling),
      race_(scenario.allocation.strategy == AllocationStrategy::FirstComeRace),
      run_start_((validate(scaling), scaling.start_at.value_or(default_live_start(scenario)))),
      clock_(run_start_, scaling.time_scale, mock::ScaledClock::steady::time_point{}),
      start_plan_(scenario) {
  if (run_start_ >= scenario_.horizon())
    throw std::invalid_argument("--start-at: the run would start at or after the scenario's horizon (" +
                                std::to_string(scenario_.calendar.days) + " days); allowed: an earlier time");
  run_end_ = scenario_.horizon();
  if (scaling_.duration) {
    const double simulated = static_cast<double>(scaling_.duration->count()) * scaling_.time_scale;
    run_end_ = std::min<SimTime>(run_end_, run_start_ + static_cast<SimTime>(std::min(simulated, 9.0e18)));
  }
  const PopulationSpec& pop = scenario_.population;
  for (const DeviceClassSpec& c : pop.device_classes) {
    class_names_.push_back(c.name);
    class_rtt_.push_back(c.rtt);
    class_loss_.push_back(c.loss);
  }
  class_names_.push_back("bot");
  class_rtt_.push_back(pop.adversaries.speed_bots.rtt);
  class_loss_.push_back(0.0);

  const RandomStream base(scenario_.seed, "loadgen-person");
  const TraitLaws laws{law_of(pop.party_sizes), law_of(pop.devices_per_person), index_law(pop.device_classes),
                       index_law(scenario_.supply.ports)};
  const double y = scaling_.population_scale;
  for (int i = 0; i < scaled_count(pop.initial_backlog, y); ++i) add_person(PersonKind::Regular, 0, base, laws);
  if (race_)
    for (int i = 0; i < scaled_count(pop.adversaries.speed_bots.operators, y); ++i)
      add_person(PersonKind::SpeedBot, 0, base, laws);
  else
    for (int i = 0; i < scaled_count(pop.adversaries.sybils.actors * pop.adversaries.sybils.registrations_per_actor, y); ++i)
      add_person(PersonKind::Sybil, 0, base, laws);
  for (int day = 0; day <= last_day(); ++day)
    for (int i = 0; i < scaled_count(pop.new_per_day, y); ++i) add_person(PersonKind::Regular, day, base, laws);

  if (pop.background.rate_per_second > 0) {
    BackgroundLoadSpec spec = pop.background;
    spec.rate_per_second *= y;
    background_.emplace(spec, scenario_.horizon());
  }
}

void PopulationPlan::add_person(PersonKind kind, int first_day, const RandomStream& base, const TraitLaws& laws) {
  const auto id = static_cast<std::uint32_t>(people_.size());
  RandomStream traits = base.derive("traits", id);
  PlannedPerson p;
  p.registrant = static_cast<std::uint32_t>(scaling_.first_registrant + id);
  p.first_day = static_cast<std::int16_t>(first_day);
  p.kind = kind;
  p.port = static_cast<std::uint16_t>(laws.ports.sample(traits));
  if (kind == PersonKind::SpeedBot) {
    p.devices = small(scenario_.population.adversaries.speed_bots.devices_per_operator);
    p.device_class = static_cast<std::uint8_t>(class_names_.size() - 1);
  } else {
    p.party = small(laws.party.sample(traits));
    p.devices = kind == PersonKind::Sybil ? 1 : small(laws.devices.sample(traits));
    p.device_class = static_cast<std::uint8_t>(laws.classes.sample(traits));
  }
  people_.push_back(p);
}

std::chrono::nanoseconds PopulationPlan::wall_of(SimTime simulated) const {
  if (simulated <= run_start_) return std::chrono::nanoseconds(0);
  return wall_duration(simulated - run_start_);
}

SimTime PopulationPlan::simulated_of(std::chrono::nanoseconds wall) const {
  return clock_.at(mock::ScaledClock::steady::time_point{} + wall);
}

std::chrono::nanoseconds PopulationPlan::wall_duration(SimTime simulated_duration) const {
  return clock_.to_wall(simulated_duration);
}

SimTime PopulationPlan::anchor_of_day(int day) const { return start_plan_.anchor_of_day(day); }

std::optional<SimTime> PopulationPlan::start_on_day(std::uint32_t person, int day, int device) const {
  const PlannedPerson& p = people_.at(person);
  if (day < p.first_day || device >= p.devices || (!race_ && device > 0)) return std::nullopt;
  RandomStream today(scenario_.seed, "loadgen-person-day", (std::uint64_t{person} << 16) | static_cast<std::uint64_t>(day));
  if (day > p.first_day && !today.bernoulli(scenario_.population.daily_return_probability)) return std::nullopt;
  const bool bot = p.kind == PersonKind::SpeedBot;
  SimTime start = start_plan_.first_start(bot, day, today);  // the simulator's rules (sim/domain)
  for (int i = 1; i <= device; ++i) {
    const SimTime offset = DeviceStartPlan::next_device_offset(bot, today);
    if (i == device) start += offset;
  }
  if (start < run_start_ || start >= run_end_) return std::nullopt;
  return start;
}

std::vector<PlannedStart> PopulationPlan::starts_of_day(int day) const {
  std::vector<PlannedStart> out;
  for (std::uint32_t id = 0; id < people_.size(); ++id)
    for (int d = 0; d < people_[id].devices; ++d)
      if (const auto at = start_on_day(id, day, d)) out.push_back({*at, id, static_cast<std::uint8_t>(d)});
  std::sort(out.begin(), out.end(), [](const PlannedStart& a, const PlannedStart& b) {
    return a.at != b.at ? a.at < b.at : (a.person != b.person ? a.person < b.person : a.device < b.device);
  });
  return out;
}

SimTime PopulationPlan::result_check_on_day(std::uint32_t person, int day) const {
  RandomStream rng(scenario_.seed, "loadgen-result-check", (std::uint64_t{person} << 16) | static_cast<std::uint64_t>(day));
  return day * kDay + scenario_.allocation.lottery.draw_time +
         static_cast<SimTime>(rng.uniform01() * static_cast<double>(scenario_.allocation.confirmation.deadline / 4));
}

std::optional<SimTime> PopulationPlan::next_background_after(SimTime after, RandomStream& rng) const {
  if (!background_) return std::nullopt;
  const std::optional<SimTime> next = background_->next_after(after, rng);
  if (!next || *next >= run_end_) return std::nullopt;
  return next;
}

}  // namespace slotrush::loadgen
