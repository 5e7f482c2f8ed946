#include "loadgen/arrival_schedule.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "sim/scenario/units.hpp"

namespace slotrush::loadgen {
namespace {

double seconds_of(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

// Requests expected in the first `tau` seconds of a stage ramping from `a` to `b` over `length`.
double ramp_count(double a, double b, double length, double tau) {
  return a * tau + (b - a) * tau * tau / (2 * length);
}

}  // namespace

RateStage parse_rate_stage(const std::string& text) {
  const auto fail = [&] {
    return std::invalid_argument("--stage: found '" + text +
                                 "'; allowed: DURATION:RATE, a positive duration with a unit (ns, us, ms, s, m, h, d) "
                                 "and the rate in requests/s (>= 0) reached at its end, e.g. 30s:200 or 1m:0");
  };
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) throw fail();
  const auto d = parse_duration(text.substr(0, colon));
  if (!d || *d <= 0) throw fail();
  std::string rate_text = text.substr(colon + 1);
  if (rate_text.size() > 2 && rate_text.substr(rate_text.size() - 2) == "/s") rate_text.resize(rate_text.size() - 2);
  double rate = 0;
  const auto [end, ec] = std::from_chars(rate_text.data(), rate_text.data() + rate_text.size(), rate);
  if (ec != std::errc{} || end != rate_text.data() + rate_text.size() || !std::isfinite(rate) || rate < 0) throw fail();
  return {std::chrono::nanoseconds(*d), rate};
}

ArrivalSchedule::ArrivalSchedule(double start_rate, std::vector<RateStage> stages)
    : start_rate_(start_rate), stages_(std::move(stages)) {
  if (!std::isfinite(start_rate_) || start_rate_ < 0)
    throw std::invalid_argument("ArrivalSchedule: the start rate must be finite and >= 0");
  if (stages_.empty()) throw std::invalid_argument("ArrivalSchedule: needs at least one stage");
  double previous = start_rate_;
  for (const RateStage& s : stages_) {
    if (s.duration.count() <= 0 || !std::isfinite(s.rate) || s.rate < 0)
      throw std::invalid_argument("ArrivalSchedule: a stage needs a positive duration and a finite rate >= 0");
    total_seconds_ += seconds_of(s.duration);
    total_count_ += (previous + s.rate) / 2 * seconds_of(s.duration);
    previous = s.rate;
  }
  if (!(total_count_ > 0))
    throw std::invalid_argument("--stage: every rate is 0, so no request would be sent; allowed: some stage (or --rate) > 0");
}

ArrivalSchedule ArrivalSchedule::constant(double rate, std::chrono::nanoseconds duration) {
  return ArrivalSchedule(rate, {RateStage{duration, rate}});
}

double ArrivalSchedule::expected_count(double seconds) const {
  double count = 0, begin = 0, previous = start_rate_;
  for (const RateStage& s : stages_) {
    const double length = seconds_of(s.duration);
    if (seconds <= begin + length) return count + ramp_count(previous, s.rate, length, std::max(0.0, seconds - begin));
    count += (previous + s.rate) / 2 * length;
    begin += length;
    previous = s.rate;
  }
  return count;
}

std::optional<double> ArrivalSchedule::due_seconds(double count) const {
  if (count <= 0) return 0.0;
  double before = 0, begin = 0, previous = start_rate_;
  for (const RateStage& s : stages_) {
    const double length = seconds_of(s.duration);
    const double in_stage = (previous + s.rate) / 2 * length;
    if (count <= before + in_stage && in_stage > 0) {
      // Solve a*tau + slope*tau^2/2 = u in the stable form tau = 2u / (a + sqrt(a^2 + 2 slope u)).
      const double u = count - before, a = previous, slope = (s.rate - previous) / length;
      const double root = std::sqrt(std::max(0.0, a * a + 2 * slope * u));
      const double tau = a + root > 0 ? 2 * u / (a + root) : length;
      return begin + std::min(tau, length);
    }
    before += in_stage;
    begin += length;
    previous = s.rate;
  }
  return std::nullopt;
}

}  // namespace slotrush::loadgen
