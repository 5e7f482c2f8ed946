#include "sim/scenario/units.hpp"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <utility>

namespace slotrush {

namespace {

// Parses exactly `width` decimal digits at text[pos]; nullopt if any is not a digit.
std::optional<int> fixed_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::optional<SimTime> parse_duration(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, SimTime>, 7> kUnits{{
      {"ns", kNanosecond}, {"us", kMicrosecond}, {"ms", kMillisecond}, {"s", kSecond},
      {"m", kMinute}, {"h", kHour}, {"d", kDay}}};
  const std::size_t unit_at = text.find_first_not_of("+-0123456789.");
  if (unit_at == std::string_view::npos || unit_at == 0) return std::nullopt;
  std::string_view number = text.substr(0, unit_at);
  const std::string_view unit = text.substr(unit_at);
  bool negative = false;
  if (number.front() == '-' || number.front() == '+') {
    negative = number.front() == '-';
    number.remove_prefix(1);
  }
  // Plain decimal only: digits, at most one point, a digit before it (no "1e3", no ".5").
  if (number.empty() || number.front() < '0' || number.front() > '9') return std::nullopt;
  double value = 0.0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value,
                                         std::chars_format::fixed);
  if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
  for (const auto& [name, ticks] : kUnits) {
    if (unit != name) continue;
    const double ns = value * static_cast<double>(ticks);
    if (!(ns < 9.2e18)) return std::nullopt;  // beyond SimTime's range
    const auto magnitude = static_cast<SimTime>(std::llround(ns));
    return negative ? -magnitude : magnitude;
  }
  return std::nullopt;
}

std::optional<SimTime> parse_time_of_day(std::string_view text) {
  if (text.size() != 5 && text.size() != 8) return std::nullopt;
  if (text[2] != ':' || (text.size() == 8 && text[5] != ':')) return std::nullopt;
  const auto hours = fixed_digits(text, 0, 2);
  const auto minutes = fixed_digits(text, 3, 2);
  const auto seconds = text.size() == 8 ? fixed_digits(text, 6, 2) : std::optional<int>(0);
  if (!hours || !minutes || !seconds || *minutes > 59 || *seconds > 59) return std::nullopt;
  if (*hours > 24 || (*hours == 24 && (*minutes != 0 || *seconds != 0))) return std::nullopt;
  return *hours * kHour + *minutes * kMinute + *seconds * kSecond;
}

std::optional<int> parse_utc_offset(std::string_view text) {
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  const auto hours = fixed_digits(text, 1, 2);
  const auto minutes = fixed_digits(text, 4, 2);
  if (!hours || !minutes || *minutes > 59) return std::nullopt;
  const int total = *hours * 60 + *minutes;
  if (total > 14 * 60) return std::nullopt;
  return text[0] == '-' ? -total : total;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  const auto year = fixed_digits(text, 0, 4);
  const auto month = fixed_digits(text, 5, 2);
  const auto day = fixed_digits(text, 8, 2);
  if (!year || !month || !day) return false;
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  return date.ok();
}

}  // namespace slotrush
