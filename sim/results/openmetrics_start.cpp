#include "sim/results/openmetrics_start.hpp"

#include <charconv>
#include <chrono>

namespace slotrush {

std::optional<std::int64_t> local_midnight_unix_ms(std::string_view iso_date, int utc_offset_minutes) {
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
  int year = 0;
  unsigned month = 0, day = 0;
  const char* s = iso_date.data();
  const bool digits = std::from_chars(s, s + 4, year).ptr == s + 4 && std::from_chars(s + 5, s + 7, month).ptr == s + 7 &&
                      std::from_chars(s + 8, s + 10, day).ptr == s + 10;
  const std::chrono::year_month_day date{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}};
  if (!digits || !date.ok()) return std::nullopt;
  const auto midnight_utc = std::chrono::sys_days{date}.time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(midnight_utc).count() - utc_offset_minutes * 60'000LL;
}

}  // namespace slotrush
