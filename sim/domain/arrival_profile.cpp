#include "sim/domain/arrival_profile.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/random/distribution.hpp"

namespace slotrush {

DailyStartTime::DailyStartTime(const ArrivalSpec& spec) : spec_(spec) {
  if (spec.earliest < 0) throw std::invalid_argument("DailyStartTime: earliest must be >= 0");
}

SimTime DailyStartTime::sample(SimTime anchor, RandomStream& rng) const {
  return std::max(anchor - spec_.earliest, anchor + from_seconds(spec_.offset_seconds.sample(rng)));
}

BackgroundArrivals::BackgroundArrivals(const BackgroundLoadSpec& spec, SimTime horizon) {
  if (!(spec.rate_per_second >= 0.0) || !std::isfinite(spec.rate_per_second)) {
    throw std::invalid_argument("BackgroundArrivals: rate_per_second must be finite and >= 0");
  }
  const SimTime start = spec.start;
  const SimTime end = spec.end == 0 ? horizon : spec.end;
  std::vector<SimTime> cuts{start, end};
  for (const LoadSpike& s : spec.spikes) {
    if (!(s.multiplier >= 0.0) || !std::isfinite(s.multiplier) || s.duration < 0) {
      throw std::invalid_argument("BackgroundArrivals: spikes need a multiplier >= 0 and a duration >= 0");
    }
    cuts.push_back(std::clamp(s.at, start, std::max(start, end)));
    cuts.push_back(std::clamp(s.at + s.duration, start, std::max(start, end)));
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  // Each piece's rate is the product at its start: the rate only changes at a cut.
  for (SimTime cut : cuts) {
    double rate = cut >= start && cut < end ? spec.rate_per_second : 0.0;
    for (const LoadSpike& s : spec.spikes) {
      if (cut >= s.at && cut < s.at + s.duration) rate *= s.multiplier;
    }
    pieces_.push_back({cut, rate / static_cast<double>(kSecond)});
  }
}

double BackgroundArrivals::rate_at(SimTime t) const {
  const auto after = std::upper_bound(pieces_.begin(), pieces_.end(), t,
                                      [](SimTime x, const Piece& p) { return x < p.start; });
  if (after == pieces_.begin()) return 0.0;
  return std::prev(after)->per_ns * static_cast<double>(kSecond);
}

std::optional<SimTime> BackgroundArrivals::next_after(SimTime t, RandomStream& rng) const {
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), t,
                             [](SimTime x, const Piece& p) { return x < p.start; });
  if (it == pieces_.begin()) {  // before the first cut the rate is 0: start there
    t = it->start;
    ++it;
  }
  // `it` is the piece after the one holding t. Spend an Exp(1) amount of integrated rate.
  double need = sample_standard_exponential(rng);
  for (auto piece = std::prev(it); it != pieces_.end(); piece = it++) {
    const double mass = piece->per_ns * static_cast<double>(it->start - t);
    if (piece->per_ns > 0.0 && mass >= need) {
      const auto step = static_cast<SimTime>(std::ceil(need / piece->per_ns));
      return std::min(it->start, t + std::max<SimTime>(step, 1));
    }
    need -= mass;
    t = it->start;
  }
  return std::nullopt;  // the last piece has rate 0
}

}  // namespace slotrush
