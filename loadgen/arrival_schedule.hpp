// ArrivalSchedule: the open model's target rate over a run, as k6's ramping-arrival-rate executor
// defines it: a start rate, then stages, each a linear ramp from the previous stage's rate to its own
// over its duration (`--stage 30s:200`); a constant `--rate` is one flat stage. It maps "request u
// of the run" to the moment it is due by inverting the expected count Λ(t) = ∫ rate, so constant
// spacing puts request k at Λ = k and Poisson arrivals are a unit-rate process in Λ.
#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace slotrush::loadgen {

struct RateStage {
  std::chrono::nanoseconds duration{};
  double rate = 0;  // requests/s reached at the stage's end (over all threads)
};

// "DURATION:RATE", e.g. "30s:200" or "1m:0"; std::invalid_argument names the flag and what is allowed.
RateStage parse_rate_stage(const std::string& text);

class ArrivalSchedule {
 public:
  // std::invalid_argument unless the rates are finite and >= 0, durations > 0, and some rate > 0.
  ArrivalSchedule(double start_rate, std::vector<RateStage> stages);
  static ArrivalSchedule constant(double rate, std::chrono::nanoseconds duration);

  // Λ(t): requests expected from the start until `seconds` (clamped to the schedule).
  double expected_count(double seconds) const;
  // The t with Λ(t) = count (the earliest one), or nullopt when the schedule ends first.
  std::optional<double> due_seconds(double count) const;
  double duration_seconds() const { return total_seconds_; }
  double total_count() const { return total_count_; }
  double start_rate() const { return start_rate_; }
  const std::vector<RateStage>& stages() const { return stages_; }

 private:
  double start_rate_;
  std::vector<RateStage> stages_;
  double total_seconds_ = 0, total_count_ = 0;
};

}  // namespace slotrush::loadgen
