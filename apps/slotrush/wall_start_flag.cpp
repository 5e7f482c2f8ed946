#include "apps/slotrush/wall_start_flag.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include <fmt/core.h>

namespace slotrush::cli {
namespace {

using std::chrono::system_clock;

constexpr const char* kAllowed =
    "allowed: ISO-8601 UTC like 2026-12-07T12:00:00Z (fractional seconds allowed) or seconds since the Unix epoch "
    "like 1796644800 (date -u +%s), at most 1 s in the past and at most a day ahead";

std::invalid_argument refused(const std::string& text, const std::string& why) {
  return std::invalid_argument("--start-at-wall: found '" + text + "'" + why + "; " + kAllowed);
}

// Whole seconds and up to 9 decimals, read apart: a double would round 1796644830.25 s in nanoseconds.
std::optional<system_clock::time_point> epoch_seconds(const std::string& text) {
  const std::size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot), fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  std::int64_t s = 0;
  const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), s);
  // Past 2100 is refused here: nanoseconds of a larger count would overflow before the range check.
  if (whole.empty() || ec != std::errc{} || end != whole.data() + whole.size() || s < 0 || s > 4'102'444'800)
    return std::nullopt;
  if (dot != std::string::npos && (fraction.empty() || fraction.size() > 9)) return std::nullopt;
  std::int64_t ns = 0;
  for (std::size_t i = 0; i < 9; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    ns = ns * 10 + (c - '0');
  }
  return system_clock::time_point(std::chrono::duration_cast<system_clock::duration>(std::chrono::seconds(s) + std::chrono::nanoseconds(ns)));
}

std::optional<system_clock::time_point> iso_utc(const std::string& text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double s = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6) return std::nullopt;
  if (static_cast<std::size_t>(consumed) + 1 != text.size() || text.back() != 'Z') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                         std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok() || h > 23 || mi > 59 || !(s >= 0 && s < 60) || text[4] != '-' || text[10] != 'T') return std::nullopt;
  const auto day = std::chrono::sys_days(date);
  return system_clock::time_point(day) + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::duration_cast<system_clock::duration>(std::chrono::duration<double>(s));
}

}  // namespace

system_clock::time_point parse_wall_start(const std::string& text, system_clock::time_point now) {
  const auto at = text.find('T') != std::string::npos ? iso_utc(text) : epoch_seconds(text);
  if (!at) throw refused(text, "");
  const double ahead = std::chrono::duration<double>(*at - now).count();
  if (*at < now - kWallStartTolerance) throw refused(text, fmt::format(", {:.1f} s in the past", -ahead));
  if (*at > now + std::chrono::hours(24)) throw refused(text, fmt::format(", {:.0f} s ahead", ahead));
  return *at;
}

std::chrono::steady_clock::time_point steady_instant_of(system_clock::time_point wall) {
  const auto steady_now = std::chrono::steady_clock::now();
  const auto wall_now = system_clock::now();
  return steady_now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(wall - wall_now);
}

}  // namespace slotrush::cli
