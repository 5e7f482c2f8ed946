// Where a simulated day lands on the wall clock for the OpenMetrics export: simulated time 0 is
// midnight of the scenario's calendar start date in its UTC offset, unless the user names an instant
// (`slotrush sim --openmetrics-start`, parsed in the sim command with sim/scenario/units).
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

namespace slotrush {

// Midnight starting `iso_date` ("YYYY-MM-DD") in a zone `utc_offset_minutes` east of UTC, in Unix
// milliseconds; nullopt if the text is not a valid calendar date in that form.
std::optional<std::int64_t> local_midnight_unix_ms(std::string_view iso_date, int utc_offset_minutes);

}  // namespace slotrush
