#include "apps/slotrush/sweep_grid.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/core.h>

namespace slotrush::cli {

namespace {

constexpr const char* kAllowed =
    "allowed: FIELD=V1,V2,... (YAML scalars, e.g. 740,1000 or 30s,1m) or FIELD=LOW:HIGH:STEP with "
    "LOW <= HIGH and STEP > 0 (e.g. 0:1:0.1)";

double number_of(const std::string& text, const std::string& what, const std::string& origin) {
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || !std::isfinite(value))
    throw std::invalid_argument(fmt::format("{}: found {} '{}', not a number; {}", origin, what, text, kAllowed));
  return value;
}

// The shortest text that reads back as `value` after rounding to 12 significant digits, so that
// 0.1 * 3 prints as 0.3.
std::string clean_number(double value) {
  const double rounded = std::stod(fmt::format("{:.12g}", value));
  std::string text = fmt::format("{}", rounded);
  if (text == "-0") text = "0";
  return text;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i)
    if (i == text.size() || text[i] == sep) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  return parts;
}

}  // namespace

std::vector<std::string> range_values(const std::string& text, const std::string& origin) {
  const std::vector<std::string> parts = split(text, ':');
  if (parts.size() != 3)
    throw std::invalid_argument(fmt::format("{}: found range '{}' with {} part{}; {}", origin, text, parts.size(),
                                            parts.size() == 1 ? "" : "s", kAllowed));
  const double low = number_of(parts[0], "LOW", origin);
  const double high = number_of(parts[1], "HIGH", origin);
  const double step = number_of(parts[2], "STEP", origin);
  if (step <= 0) throw std::invalid_argument(fmt::format("{}: found STEP {}; {}", origin, parts[2], kAllowed));
  if (low > high)
    throw std::invalid_argument(fmt::format("{}: found LOW {} above HIGH {}; {}", origin, parts[0], parts[1], kAllowed));
  const double steps = std::floor((high - low) / step + 1e-6);
  if (steps > 10000)
    throw std::invalid_argument(fmt::format("{}: found {} values in '{}'; allowed: at most 10001", origin, steps + 1, text));
  std::vector<std::string> values;
  for (double k = 0; k <= steps; ++k) values.push_back(clean_number(low + k * step));
  return values;
}

SweepAxis parse_axis(const std::string& text) {
  const std::string origin = "--vary " + text;
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0)
    throw std::invalid_argument(fmt::format("{}: found no FIELD=VALUES; {}", origin, kAllowed));
  SweepAxis axis{text.substr(0, eq), {}};
  const std::string values = text.substr(eq + 1);
  if (values.empty()) throw std::invalid_argument(fmt::format("{}: found no values; {}", origin, kAllowed));
  // A range is three numbers joined by ':'; a time of day ("09:00:00", every part two digits) and a
  // list are not.
  const std::vector<std::string> parts = split(values, ':');
  const bool time_of_day = std::all_of(parts.begin(), parts.end(), [](const std::string& p) {
    return p.size() == 2 && std::isdigit(static_cast<unsigned char>(p[0])) && std::isdigit(static_cast<unsigned char>(p[1]));
  });
  const bool range = parts.size() == 3 && !time_of_day && values.find(',') == std::string::npos &&
                     values.find_first_of("smhd\"'") == std::string::npos;
  if (range) {
    axis.values = range_values(values, origin);
  } else {
    for (std::string& v : split(values, ',')) {
      if (v.empty()) throw std::invalid_argument(fmt::format("{}: found an empty value in '{}'; {}", origin, values, kAllowed));
      axis.values.push_back(std::move(v));
    }
  }
  return axis;
}

std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes) {
  std::vector<SweepPoint> points;
  if (axes.empty()) return points;
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t index = 0;; ++index) {
    SweepPoint p{index, {}};
    for (std::size_t a = 0; a < axes.size(); ++a) p.values.push_back(axes[a].values[at[a]]);
    points.push_back(std::move(p));
    std::size_t a = axes.size();
    while (a > 0 && ++at[a - 1] == axes[a - 1].values.size()) at[--a] = 0;
    if (a == 0) return points;
  }
}

std::vector<ScenarioOverride> overrides_of(const std::vector<SweepAxis>& axes, const SweepPoint& point) {
  std::vector<ScenarioOverride> overrides;
  for (std::size_t a = 0; a < axes.size(); ++a)
    overrides.push_back(ScenarioOverride{axes[a].field, point.values[a],
                                         "--vary " + axes[a].field + "=" + point.values[a]});
  return overrides;
}

}  // namespace slotrush::cli
