// Units: the text forms a scenario file (and, later, a command-line flag) uses for durations, times
// of day, UTC offsets and dates, parsed into typed values. Every parser accepts only the exact
// syntax below and returns nullopt otherwise, so the caller can say what was found and what is
// allowed (kDurationSyntax and friends are those sentences).
#pragma once
#include <optional>
#include <string_view>

#include "sim/time/sim_time.hpp"

namespace slotrush {

// "250ms", "30s", "1.5s", "2m", "1h", "1d", "-20s": an optional sign, a decimal number, no space,
// then one of the units ns, us, ms, s, m, h, d. A unit is always required, even for zero ("0s").
std::optional<SimTime> parse_duration(std::string_view text);
inline constexpr std::string_view kDurationSyntax =
    "a number with a unit (ns, us, ms, s, m, h, d), e.g. 250ms, 1.5s, 2m, 1h";

// "09:00" or "09:00:30" (24-hour clock, two digits each), as the offset from local midnight;
// "24:00" is allowed for the end of a day.
std::optional<SimTime> parse_time_of_day(std::string_view text);
inline constexpr std::string_view kTimeOfDaySyntax =
    "a time of day \"HH:MM\" or \"HH:MM:SS\" from \"00:00\" to \"24:00\", e.g. \"09:00\"";

// "-05:00", "+05:30", "+00:00" (sign required) -> minutes east of UTC, within +-14:00.
std::optional<int> parse_utc_offset(std::string_view text);
inline constexpr std::string_view kUtcOffsetSyntax =
    "a UTC offset \"+HH:MM\" or \"-HH:MM\" within +-14:00, e.g. \"-05:00\"";

// "2023-01-18": a valid proleptic Gregorian calendar date.
bool is_iso_date(std::string_view text);
inline constexpr std::string_view kIsoDateSyntax = "a calendar date \"YYYY-MM-DD\", e.g. \"2023-01-18\"";

}  // namespace slotrush
