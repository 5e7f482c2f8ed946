#include "loadgen/scenario/population_plan.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace slotrush::loadgen {

PopulationPlan::PopulationPlan(const Scenario& scenario, const LoadScaling& scaling)
    : scenario_(scenario),
      scaling_(scaling),
      race_(scenario.allocation.strategy == AllocationStrategy::FirstComeRace),
      run_start_((validate(scaling), scaling.start_at.value_or(default_live_start(scenario)))),
      clock_(run_start_, scaling.time_scale, ScaledClock::steady::time_point{}),
      population_(scenario_, scaling.replication, RunScope{scaling.population_scale, run_start_, {}}) {
  if (run_start_ >= scenario_.horizon())
    throw std::invalid_argument("--start-at: the run would start at or after the scenario's horizon (" +
                                std::to_string(scenario_.calendar.days) + " days); allowed: an earlier time");
  run_end_ = scenario_.horizon();
  if (scaling_.duration) {
    const double simulated = static_cast<double>(scaling_.duration->count()) * scaling_.time_scale;
    run_end_ = std::min<SimTime>(run_end_, run_start_ + static_cast<SimTime>(std::min(simulated, 9.0e18)));
  }
  const PopulationSpec& pop = scenario_.population;
  if (pop.background.rate_per_second > 0) {
    BackgroundLoadSpec spec = pop.background;
    spec.rate_per_second *= scaling_.population_scale;
    background_.emplace(spec, scenario_.horizon());
  }
}

std::chrono::nanoseconds PopulationPlan::wall_of(SimTime simulated) const {
  if (simulated <= run_start_) return std::chrono::nanoseconds(0);
  return wall_duration(simulated - run_start_);
}

SimTime PopulationPlan::simulated_of(std::chrono::nanoseconds wall) const {
  return clock_.at(ScaledClock::steady::time_point{} + wall);
}

std::chrono::nanoseconds PopulationPlan::wall_duration(SimTime simulated_duration) const {
  return clock_.to_wall(simulated_duration);
}

SimTime PopulationPlan::anchor_of_day(int day) const { return population_.anchor_of_day(day); }

std::optional<SimTime> PopulationPlan::start_on_day(std::uint32_t person, int day, int device) const {
  const std::optional<SimTime> start = population_.start_on_day(person, day, device);  // the simulator's rule
  if (!start || *start >= run_end_) return std::nullopt;
  return start;
}

std::vector<PlannedStart> PopulationPlan::starts_of_day(int day) const {
  std::vector<PlannedStart> out;
  for (std::uint32_t id = 0; id < people().size(); ++id)
    for (int d = 0; d < people()[id].devices; ++d)
      if (const auto at = start_on_day(id, day, d)) out.push_back({*at, id, static_cast<std::uint8_t>(d)});
  std::sort(out.begin(), out.end(), [](const PlannedStart& a, const PlannedStart& b) {
    return a.at != b.at ? a.at < b.at : (a.person != b.person ? a.person < b.person : a.device < b.device);
  });
  return out;
}

std::optional<SimTime> PopulationPlan::next_background_after(SimTime after, RandomStream& rng) const {
  if (!background_) return std::nullopt;
  const std::optional<SimTime> next = background_->next_after(after, rng);
  if (!next || *next >= run_end_) return std::nullopt;
  return next;
}

}  // namespace slotrush::loadgen
