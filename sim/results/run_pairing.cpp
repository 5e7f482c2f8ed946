#include "sim/results/run_pairing.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace slotrush {
namespace {

// Windows are written as whole simulated seconds (or fractions of one series interval); a
// microsecond apart is the same window.
bool same_window(const Results& a, const Results& b) {
  if (a.window_seconds.has_value() != b.window_seconds.has_value()) return false;
  if (!a.window_seconds) return true;
  return std::abs(a.window_seconds->first - b.window_seconds->first) < 1e-6 &&
         std::abs(a.window_seconds->second - b.window_seconds->second) < 1e-6;
}

std::string window_text(const Results& r) {
  if (!r.window_seconds) return "the whole horizon";
  return fmt::format("[{:g}, {:g}) s", r.window_seconds->first, r.window_seconds->second);
}

}  // namespace

bool comparable(const Results& a, const Results& b) {
  return a.population_scale == b.population_scale && same_window(a, b);
}

bool paired(const Results& a, const Results& b) {
  return comparable(a, b) && a.kind == "simulated" && b.kind == "simulated" && a.seed == b.seed && a.runs == b.runs;
}

std::string why_not_comparable(const Results& a, const Results& b) {
  if (a.population_scale != b.population_scale)
    return fmt::format("they ran different shares of the people ({:g} and {:g})", a.population_scale,
                       b.population_scale);
  if (!same_window(a, b))
    return fmt::format("they cover different windows ({} and {})", window_text(a), window_text(b));
  return {};
}

std::optional<KpiDifference> kpi_difference(const Results& a, const Results& b, Kpi kpi) {
  if (!comparable(a, b)) return std::nullopt;
  if (paired(a, b)) {
    const auto d = paired_difference(a[kpi], b[kpi]);
    if (!d) return std::nullopt;
    return KpiDifference{*d, true};
  }
  const auto& x = a[kpi].interval;
  const auto& y = b[kpi].interval;
  if (!x || !y) return std::nullopt;
  ConfidenceInterval d;
  d.mean = y->mean - x->mean;
  d.n = std::min(x->n, y->n);
  d.half_width = INFINITY;
  if (x->n >= 2 && y->n >= 2 && std::isfinite(x->half_width) && std::isfinite(y->half_width))
    d.half_width = std::hypot(x->half_width, y->half_width);  // conservative for Welch's t
  return KpiDifference{d, false};
}

}  // namespace slotrush
