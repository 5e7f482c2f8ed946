// The list defaults of shared/domain.md §6 (scalar defaults are the member initialisers in
// scenario.hpp; docs/scenario-reference.md gives the source of each), the names of request types, and
// the live runs' default clock start.
#include "sim/scenario/scenario.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace slotrush {

namespace {

constexpr std::array<std::string_view, kRequestTypeCount> kRequestTypeNames{
    "login", "liveness", "list_slots", "book", "lottery_entry", "lottery_result", "confirm"};

}  // namespace

std::string_view to_string(RequestType type) {
  return kRequestTypeNames[static_cast<std::size_t>(type)];
}

std::optional<RequestType> request_type_from_string(std::string_view name) {
  for (std::size_t i = 0; i < kRequestTypeCount; ++i)
    if (kRequestTypeNames[i] == name) return static_cast<RequestType>(i);
  return std::nullopt;
}

Scenario default_scenario() {
  Scenario s;

  // §6.2: the 8 ports of entry [S6][S10]; San Ysidro's 400 of 1,450 daily slots [S43], the rest
  // split equally (no official per-port split was found: assumption).
  constexpr double kSanYsidroShare = 0.276;
  constexpr double kOtherShare = (1.0 - kSanYsidroShare) / 7.0;
  s.supply.ports = {{"San Ysidro", kSanYsidroShare}, {"Calexico", kOtherShare},
                    {"Nogales", kOtherShare},        {"El Paso", kOtherShare},
                    {"Eagle Pass", kOtherShare},     {"Laredo", kOtherShare},
                    {"Hidalgo", kOtherShare},        {"Brownsville", kOtherShare}};

  // §6.3 group_size_dist 1: 45%, 2-3: 35%, 4-6: 20% (assumption). Splitting each band equally
  // among its sizes is a further assumption; the 4-6 band's rounding goes to size 6.
  s.population.party_sizes = {{1, 0.45},   {2, 0.175},  {3, 0.175},
                              {4, 0.0667}, {5, 0.0667}, {6, 0.0666}};
  // §6.3 devices_per_user 1 (70%), 2 (25%), 3 (5%) (assumption, after [S17]).
  s.population.devices_per_person = {{1, 0.7}, {2, 0.25}, {3, 0.05}};
  // One network class for everyone (assumption: a 200 ms mobile round trip).
  s.population.device_classes = {DeviceClassSpec{"typical", 1.0, 200 * kMillisecond, 0.0}};

  // §6.5: one tier whose capacity, 50 workers / 0.5 s mean service = 100 transactions/s, is the
  // OIG's slowdown knee of 360,000 transactions/h [S18]; FIFO, unbounded queue [M7].
  TierSpec api;
  api.name = "api";
  api.workers = 50;
  s.server.tiers = {api};
  for (RequestCostSpec& cost : s.server.requests) cost = RequestCostSpec{"api", Exponential(0.5)};
  return s;
}

SimTime default_live_start(const Scenario& s) {
  if (s.allocation.strategy != AllocationStrategy::FirstComeRace) return s.allocation.lottery.window_open;
  const SimTime lead = s.waiting_room.enabled ? s.waiting_room.opens_before : s.population.arrival.earliest;
  return std::max<SimTime>(0, s.allocation.race.release_time - lead);
}

}  // namespace slotrush
