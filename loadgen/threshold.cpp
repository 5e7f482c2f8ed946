#include "loadgen/threshold.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/core.h>

#include "sim/scenario/units.hpp"

namespace slotrush::loadgen {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::optional<double> number(std::string_view s) {
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string_view value_syntax(MetricKind kind) {
  switch (kind) {
    case MetricKind::latency: return "a duration with unit, e.g. 2s, 250ms, 900us";
    case MetricKind::ratio: return "a percentage or a fraction, e.g. 1% or 0.01";
    case MetricKind::rate: return "requests per second, e.g. 100 or 100/s";
    case MetricKind::count: return "a whole number, e.g. 1000";
  }
  return "";
}

std::optional<double> parse_value(MetricKind kind, std::string_view text) {
  switch (kind) {
    case MetricKind::latency: {
      const auto d = parse_duration(text);
      if (!d || *d < 0) return std::nullopt;
      return to_seconds(*d);
    }
    case MetricKind::ratio:
      if (!text.empty() && text.back() == '%') {
        const auto v = number(text.substr(0, text.size() - 1));
        return v && *v >= 0 ? std::optional(*v / 100.0) : std::nullopt;
      }
      return number(text);
    case MetricKind::rate:
      if (text.size() > 2 && text.substr(text.size() - 2) == "/s") text.remove_suffix(2);
      return number(text);
    case MetricKind::count: {
      const auto v = number(text);
      return v && *v >= 0 && std::floor(*v) == *v ? v : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

Threshold parse_threshold(std::string_view text) {
  auto bad = [&](const std::string& what) {
    return std::invalid_argument("--threshold '" + std::string(text) + "': " + what);
  };
  const auto at = text.find_first_of("<>");
  if (at == std::string_view::npos)
    throw bad("no comparison; allowed: METRIC<VALUE, <=, >, >=, e.g. 'p99<2s', 'errors<1%', 'rate>100'");
  Threshold t;
  t.text = std::string(text);
  const std::string_view name = trim(text.substr(0, at));
  const bool or_equal = at + 1 < text.size() && text[at + 1] == '=';
  t.op = text[at] == '<' ? (or_equal ? Threshold::Op::less_equal : Threshold::Op::less)
                         : (or_equal ? Threshold::Op::greater_equal : Threshold::Op::greater);
  const std::string_view value = trim(text.substr(at + (or_equal ? 2 : 1)));
  t.metric = find_load_metric(name);
  if (!t.metric) throw bad("unknown metric '" + std::string(name) + "'; allowed: " + load_metric_names());
  const auto limit = parse_value(t.metric->kind, value);
  if (!limit)
    throw bad("'" + std::string(value) + "' is not a value for " + std::string(name) + "; allowed: " +
              std::string(value_syntax(t.metric->kind)));
  t.limit = *limit;
  return t;
}

std::vector<ThresholdVerdict> evaluate(const std::vector<Threshold>& thresholds, const LoadRun& run) {
  std::vector<ThresholdVerdict> out;
  for (const Threshold& t : thresholds) {
    const double v = t.metric->value(run);
    bool ok = false;  // NaN compares false every way
    switch (t.op) {
      case Threshold::Op::less: ok = v < t.limit; break;
      case Threshold::Op::less_equal: ok = v <= t.limit; break;
      case Threshold::Op::greater: ok = v > t.limit; break;
      case Threshold::Op::greater_equal: ok = v >= t.limit; break;
    }
    out.push_back({&t, v, ok});
  }
  return out;
}

std::string format_measured(const ThresholdVerdict& verdict) {
  const double v = verdict.measured;
  if (std::isnan(v)) return "undefined: nothing was answered";
  switch (verdict.threshold->metric->kind) {
    case MetricKind::latency: return fmt::format("{:.6g} s", v);
    case MetricKind::ratio: return fmt::format("{:.4g}%", v * 100);
    case MetricKind::rate: return fmt::format("{:.6g}/s", v);
    case MetricKind::count: return fmt::format("{:.0f}", v);
  }
  return fmt::format("{:.6g}", v);
}

}  // namespace slotrush::loadgen
