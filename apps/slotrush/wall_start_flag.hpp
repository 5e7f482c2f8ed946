// `--start-at-wall TIME`: the wall-clock instant at which every shard of a load test starts sending,
// so that N processes on N machines begin together and a release spike is not smeared. TIME is
// ISO-8601 UTC (`2026-12-07T12:00:00Z`, fractional seconds allowed, the Z required) or seconds since
// the Unix epoch (`1796644800`, `1796644800.25`, what `date -u +%s` prints). An instant more than
// kWallStartTolerance in the past, or more than a day ahead, is refused: a shard that started late
// would send its share after the others.
#pragma once
#include <chrono>
#include <string>

namespace slotrush::cli {

inline constexpr std::chrono::seconds kWallStartTolerance{1};

// std::invalid_argument naming the flag, what was found and what is allowed; `now` is the wall clock.
std::chrono::system_clock::time_point parse_wall_start(const std::string& text, std::chrono::system_clock::time_point now);

// The steady-clock instant of `wall` (the load engine's clock), read now.
std::chrono::steady_clock::time_point steady_instant_of(std::chrono::system_clock::time_point wall);

}  // namespace slotrush::cli
