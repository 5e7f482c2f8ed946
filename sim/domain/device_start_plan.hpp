// DeviceStartPlan: when each of a person's devices starts trying on one day. The simulator
// (sim/model) and the live load generator (loadgen/scenario) both ask it, so the same scenario puts
// the same demand on both clocks:
//   - the first device: a scripted speed bot at the anchor +- 50 ms; anyone else at DailyStartTime's
//     draw around the anchor (the release instant, or the lottery window's opening), kept inside
//     the lottery's request window when there is one;
//   - never before the day's midnight, nor before the waiting room's pre-queue opens;
//   - each further device a little later (up to 2 s; a bot's within 0.1 s), drawn in order from the
//     same stream.
#pragma once
#include <optional>

#include "sim/domain/arrival_profile.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

class DeviceStartPlan {
 public:
  explicit DeviceStartPlan(const Scenario& s);

  // Day `day`'s anchor: the release instant in a race, else the lottery window's opening.
  SimTime anchor_of_day(int day) const;
  // When the first device starts on `day`; `today` is the person's stream for that day.
  SimTime first_start(bool speed_bot, int day, RandomStream& today) const;
  // How much later than the first the next device starts: call for devices 1, 2, ... in order,
  // after first_start, with the same stream.
  static SimTime next_device_offset(bool speed_bot, RandomStream& today);

 private:
  DailyStartTime law_;
  bool race_;
  SimTime release_time_, window_open_, window_close_;  // from midnight
  std::optional<SimTime> room_opens_before_;            // a race behind a waiting room
};

}  // namespace slotrush
