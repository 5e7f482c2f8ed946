// SimTime: integer nanoseconds since the start of a run: the virtual clock of the kernel and, scaled,
// the wall clock of the mock server and load generator. Integer time makes event order exact and
// reproducible; int64 nanoseconds spans +-292 years.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>

namespace slotrush {

using SimTime = std::int64_t;  // nanoseconds of virtual time

inline constexpr SimTime kNanosecond = 1;
inline constexpr SimTime kMicrosecond = 1'000;
inline constexpr SimTime kMillisecond = 1'000'000;
inline constexpr SimTime kSecond = 1'000'000'000;
inline constexpr SimTime kMinute = 60 * kSecond;
inline constexpr SimTime kHour = 60 * kMinute;
inline constexpr SimTime kDay = 24 * kHour;
inline constexpr SimTime kSimTimeMax = std::numeric_limits<SimTime>::max();

// Converts seconds (as distributions produce them) to ticks, rounding to the nearest nanosecond.
// (Round half away from zero by hand: std::llround is a libm call on the hottest path.)
inline SimTime from_seconds(double seconds) {
  const double ns = seconds * 1e9;
  return ns >= 0 ? static_cast<SimTime>(ns + 0.5) : -static_cast<SimTime>(-ns + 0.5);
}
inline constexpr double to_seconds(SimTime t) { return static_cast<double>(t) * 1e-9; }
// The same, correctly rounded (by division): whole seconds come out whole, for values people read.
inline constexpr double exact_seconds(SimTime t) { return static_cast<double>(t) / 1e9; }

}  // namespace slotrush
