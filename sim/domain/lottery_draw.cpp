#include "sim/domain/lottery_draw.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>
#include <unordered_set>

#include "sim/random/distribution.hpp"

namespace slotrush {

LotteryRules lottery_rules_of(const Scenario& scenario) {
  const LotterySpec& l = scenario.allocation.lottery;
  const double weight = scenario.allocation.strategy == AllocationStrategy::WeightedLottery ? l.weight_per_day_waited : 0.0;
  return LotteryRules{l.senior_reserve_fraction, weight, l.entries_per_identity, l.duplicate_detection};
}

LotteryDraw::LotteryDraw(LotteryRules rules) : rules_(rules) {
  if (!(rules.senior_reserve_fraction >= 0.0 && rules.senior_reserve_fraction <= 1.0)) {
    throw std::invalid_argument("LotteryDraw: senior_reserve_fraction must be in [0, 1]");
  }
  if (!(rules.weight_per_day_waited >= 0.0) || !std::isfinite(rules.weight_per_day_waited)) {
    throw std::invalid_argument("LotteryDraw: weight_per_day_waited must be finite and >= 0");
  }
  if (rules.entries_per_identity < 1) {
    throw std::invalid_argument("LotteryDraw: entries_per_identity must be >= 1");
  }
}

bool LotteryDraw::enter(const LotteryEntry& entry) {
  if (entry.party_size < 1) throw std::invalid_argument("LotteryDraw::enter: party_size must be >= 1");
  if (withdrawn_.contains(entry.registrant)) return false;
  int& count = entries_by_registrant_[entry.registrant];
  if (count >= rules_.entries_per_identity) return false;
  ++count;
  entries_.push_back(entry);
  return true;
}

void LotteryDraw::withdraw(std::uint64_t registrant) {
  const auto it = entries_by_registrant_.find(registrant);
  if (it == entries_by_registrant_.end() || !withdrawn_.insert(registrant).second) return;
  withdrawn_entries_ += static_cast<std::size_t>(it->second);
}

std::vector<std::uint64_t> LotteryDraw::draw(int slots, bool slots_per_person, SimTime now,
                                             RandomStream& rng) {
  if (slots < 0) throw std::invalid_argument("LotteryDraw::draw: slots must be >= 0");
  auto ordered = std::move(entries_);
  entries_.clear();
  entries_by_registrant_.clear();
  const std::unordered_set<std::uint64_t> withdrawn = std::move(withdrawn_);
  withdrawn_.clear();
  withdrawn_entries_ = 0;

  std::sort(ordered.begin(), ordered.end(), [](const LotteryEntry& a, const LotteryEntry& b) {
    return std::tie(a.registrant, a.registered_at, a.party_size, a.sybil) <
           std::tie(b.registrant, b.registered_at, b.party_size, b.sybil);
  });
  if (rules_.duplicate_detection) {
    std::erase_if(ordered, [](const LotteryEntry& e) { return e.sybil; });
  }

  // Efraimidis–Spirakis in its exponential form: the smallest Exp(1)/weight wins first, which is
  // weighted sampling without replacement. Drawn in registrant order, one key per entry.
  std::vector<double> key(ordered.size());
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const double days = std::max<double>(0.0, to_seconds(now - ordered[i].registered_at) / 86400.0);
    key[i] = sample_standard_exponential(rng) / (1.0 + rules_.weight_per_day_waited * days);
  }

  std::vector<std::uint64_t> winners;
  std::unordered_set<std::uint64_t> won;
  int left = 0;
  // Tries candidates in order until `left` is used up; returns how many won.
  auto allocate = [&](const std::vector<std::size_t>& candidates) {
    const std::size_t before = winners.size();
    for (std::size_t i : candidates) {
      if (left == 0) break;
      const LotteryEntry& e = ordered[i];
      const int cost = slots_per_person ? e.party_size : 1;
      if (cost > left || won.contains(e.registrant) || withdrawn.contains(e.registrant)) continue;
      left -= cost;
      won.insert(e.registrant);
      winners.push_back(e.registrant);
    }
    return winners.size() - before;
  };

  std::vector<std::size_t> candidates(ordered.size());
  std::iota(candidates.begin(), candidates.end(), std::size_t{0});

  // The epsilon keeps e.g. 100 * 0.29 = 28.999... from losing a reserve slot to rounding.
  const int reserve = static_cast<int>(std::floor(slots * rules_.senior_reserve_fraction + 1e-9));
  left = reserve;
  std::stable_sort(candidates.begin(), candidates.end(), [&](std::size_t a, std::size_t b) {
    return ordered[a].registered_at < ordered[b].registered_at;  // ties keep registrant order
  });
  last_reserve_winners_ = allocate(candidates);

  left += slots - reserve;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
  allocate(candidates);
  last_slots_used_ = slots - left;
  return winners;
}

}  // namespace slotrush
