#include "apps/slotrush/calibrate_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <regex>
#include <stdexcept>

#include <fmt/core.h>

#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/point_runs.hpp"

namespace slotrush::cli {

namespace {

// "LOW:HIGH" as two numbers with the same unit suffix; std::invalid_argument naming `origin`.
struct Bounds {
  double low, high;
  std::string unit;
};
Bounds parse_bounds(const std::string& text, const std::string& origin, bool allow_unit) {
  static const std::regex number(R"(^\s*(-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$)");
  const auto colon = text.find(':');
  std::smatch a, b;
  const std::string lo = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string hi = colon == std::string::npos ? "" : text.substr(colon + 1);
  const std::string allowed = allow_unit ? "LOW:HIGH, two numbers with the same unit, e.g. 4:16 or 1s:30s "
                                           "(LOW == HIGH fixes the field)"
                                         : "LOW:HIGH, two numbers, e.g. 60:180";
  if (colon == std::string::npos || !std::regex_match(lo, a, number) || !std::regex_match(hi, b, number))
    throw std::invalid_argument(fmt::format("{}: found '{}'; allowed: {}", origin, text, allowed));
  if (!allow_unit && (a[2].length() > 0 || b[2].length() > 0))
    throw std::invalid_argument(fmt::format("{}: found '{}', with a unit (a KPI is in its results.json unit); "
                                            "allowed: {}", origin, text, allowed));
  if (a[2] != b[2])
    throw std::invalid_argument(fmt::format("{}: found '{}' (units '{}' and '{}'); allowed: {}", origin, text,
                                            a[2].str(), b[2].str(), allowed));
  const double l = std::stod(a[1]), h = std::stod(b[1]);
  if (!(l <= h))
    throw std::invalid_argument(fmt::format("{}: found LOW {} above HIGH {}; allowed: LOW <= HIGH", origin, l, h));
  return {l, h, a[2]};
}

std::vector<ScenarioOverride> overrides_of(const std::vector<VariedField>& fields, const std::vector<double>& x) {
  std::vector<ScenarioOverride> o;
  for (std::size_t i = 0; i < fields.size(); ++i)
    o.push_back({fields[i].path, value_text(fields[i], x[i]), fields[i].origin});
  return o;
}

std::vector<double> lows(const std::vector<VariedField>& fields) {
  std::vector<double> x;
  for (const VariedField& f : fields) x.push_back(f.low);
  return x;
}

}  // namespace

std::string value_text(const VariedField& f, double x) {
  if (f.integer) return fmt::format("{}", static_cast<long long>(std::llround(x)));
  if (x == std::floor(x) && std::abs(x) < 1e15) return fmt::format("{}{}", static_cast<long long>(x), f.unit);
  return fmt::format("{:.6g}{}", x, f.unit);
}

double rounded(const VariedField& f, double x) { return f.integer ? std::round(x) : std::round(x * 1e6) / 1e6; }

std::vector<ScenarioOverride> overrides_at(const CalibrationFields& fields, const std::vector<double>& x) {
  std::vector<ScenarioOverride> o = overrides_of(fields.fixed, lows(fields.fixed));
  for (ScenarioOverride& f : overrides_of(fields.free, x)) o.push_back(std::move(f));
  return o;
}

namespace {

// The unit distances are measured in: the range's width, or max(|high|, 1) for a range of width 0.
double range_width(const KpiTarget& t) { return t.high > t.low ? t.high - t.low : std::max(std::abs(t.high), 1.0); }

// The squared distance of [lower, upper] outside the target's range, in range widths.
double outside(const KpiTarget& t, double lower, double upper) {
  const double d = (std::max(0.0, t.low - lower) + std::max(0.0, upper - t.high)) / range_width(t);
  return d * d;
}

}  // namespace

double target_distance(const KpiTarget& t, double mean) {
  if (std::isnan(mean)) return 1e6;
  return outside(t, mean, mean);
}

TargetJudge parse_target_judge(const std::string& text) {
  if (text == "mean") return TargetJudge::mean;
  if (text == "interval") return TargetJudge::interval;
  throw std::invalid_argument(fmt::format("--met-by: found '{}'; allowed: mean (the replications' mean inside "
                                          "each range) or interval (its whole 95% interval inside)", text));
}

const char* judge_name(TargetJudge judge) { return judge == TargetJudge::mean ? "mean" : "interval"; }

double judged_distance(const KpiTarget& t, const std::optional<ConfidenceInterval>& estimate,
                       std::size_t replications, TargetJudge judge) {
  if (!estimate) return 1e6;
  if (judge == TargetJudge::mean) return target_distance(t, estimate->mean);
  if (estimate->n < replications || !std::isfinite(estimate->half_width)) return 1e6;
  return outside(t, estimate->lower(), estimate->upper());
}

KpiTarget parse_target(const std::string& text) {
  const std::string origin = "--target " + text;
  const auto eq = text.find('=');
  const Kpi kpi = kpi_flag(eq == std::string::npos ? text : text.substr(0, eq), origin);
  if (eq == std::string::npos)
    throw std::invalid_argument(fmt::format("{}: found no '='; allowed: KPI=LOW:HIGH, e.g. sold_out_seconds=60:180",
                                            origin));
  const Bounds b = parse_bounds(text.substr(eq + 1), origin, false);
  return {kpi, b.low, b.high};
}

CalibrationFields parse_fields(const std::string& base, const std::vector<std::string>& texts) {
  CalibrationFields fields;
  for (const std::string& text : texts) {
    const ScenarioOverride o = parse_override(text, "--vary");
    const Bounds b = parse_bounds(o.value, o.origin, true);
    VariedField f{o.path, b.low, b.high, b.unit, false, o.origin};
    (f.fixed() ? fields.fixed : fields.free).push_back(f);
  }
  std::vector<double> highs;
  for (const VariedField& f : fields.free) highs.push_back(f.high);
  const std::vector<double> low = lows(fields.free);
  load_variants(base, {overrides_at(fields, low), overrides_at(fields, highs)});
  for (std::size_t i = 0; i < fields.free.size(); ++i) {
    VariedField& f = fields.free[i];
    if (!f.unit.empty() || f.low != std::floor(f.low) || f.high != std::floor(f.high)) continue;
    std::vector<double> probe = low;
    probe[i] = f.low + 0.5;
    try {
      load_scenario(base, overrides_at(fields, probe));
    } catch (const ScenarioError&) {
      f.integer = true;
    }
  }
  return fields;
}

}  // namespace slotrush::cli
