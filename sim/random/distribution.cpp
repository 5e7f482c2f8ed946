#include "sim/random/distribution.hpp"

#include <charconv>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string_view>

namespace slotrush {
namespace detail {
namespace {

// Ziggurat parameters for 256 layers: R = start of the tail, V = area of every layer.
constexpr double kExpR = 7.69711747013104972;
constexpr double kExpV = 0.0039496598225815571993;
constexpr double kNormR = 3.6541528853610088;
constexpr double kNormV = 0.00492867323399;

double exp_pdf(double x) { return std::exp(-x); }
double exp_pdf_inv(double y) { return y >= 1.0 ? 0.0 : -std::log(y); }
double norm_pdf(double x) { return std::exp(-0.5 * x * x); }  // unnormalised
double norm_pdf_inv(double y) { return y >= 1.0 ? 0.0 : std::sqrt(-2.0 * std::log(y)); }

ZigguratTable build(double r, double v, double (*pdf)(double), double (*pdf_inv)(double)) {
  ZigguratTable t{};
  t.x[0] = v / pdf(r);
  t.x[1] = r;
  for (std::size_t i = 2; i < 256; ++i) t.x[i] = pdf_inv(v / t.x[i - 1] + pdf(t.x[i - 1]));
  t.x[256] = 0.0;
  for (std::size_t i = 0; i < 257; ++i) t.f[i] = pdf(t.x[i]);
  return t;
}

}  // namespace

ZigguratTable make_exponential_ziggurat() noexcept { return build(kExpR, kExpV, exp_pdf, exp_pdf_inv); }
ZigguratTable make_normal_ziggurat() noexcept { return build(kNormR, kNormV, norm_pdf, norm_pdf_inv); }

double exponential_slow(RandomStream& rng, std::size_t layer, double x) {
  const auto& z = exponential_ziggurat();
  for (;;) {
    if (layer == 0) return kExpR - std::log(rng.uniform_pos01());  // memoryless tail beyond R
    // Wedge: accept when a uniform height under the layer's band lies under the curve.
    if (z.f[layer] + (z.f[layer + 1] - z.f[layer]) * rng.uniform01() < std::exp(-x)) return x;
    const std::uint64_t bits = rng.next();
    layer = bits & 0xff;
    x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) return x;
  }
}

double normal_slow(RandomStream& rng, std::size_t layer, double x, bool negative) {
  const auto& z = normal_ziggurat();
  for (;;) {
    if (layer == 0) {  // Marsaglia (1964) tail beyond R
      double tx = 0.0;
      double ty = 0.0;
      do {
        tx = -std::log(rng.uniform_pos01()) / kNormR;
        ty = -std::log(rng.uniform_pos01());
      } while (2.0 * ty < tx * tx);
      return negative ? -(kNormR + tx) : kNormR + tx;
    }
    if (z.f[layer] + (z.f[layer + 1] - z.f[layer]) * rng.uniform01() < std::exp(-0.5 * x * x)) {
      return negative ? -x : x;
    }
    const std::uint64_t bits = rng.next();
    layer = bits & 0xff;
    negative = (bits & 0x100) != 0;
    x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) return negative ? -x : x;
  }
}

}  // namespace detail

namespace {

void require(bool ok, const char* message) {
  if (!ok) throw std::invalid_argument(message);
}

// ln Gamma(x) for x >= 1 by Stirling's series (as in NumPy); pure, so thread-safe unlike lgamma.
double log_gamma(double x) {
  static constexpr double a[10] = {8.333333333333333e-02, -2.777777777777778e-03,
                                   7.936507936507937e-04, -5.952380952380952e-04,
                                   8.417508417508418e-04, -1.917526917526918e-03,
                                   6.410256410256410e-03, -2.955065359477124e-02,
                                   1.796443723688307e-01, -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0) return 0.0;
  const int n = x < 7.0 ? static_cast<int>(7.0 - x) : 0;
  double x0 = x + n;
  const double x2 = 1.0 / (x0 * x0);
  double gl0 = a[9];
  for (int k = 8; k >= 0; --k) gl0 = gl0 * x2 + a[k];
  double gl = gl0 / x0 + 0.5 * std::log(2.0 * std::numbers::pi) + (x0 - 0.5) * std::log(x0) - x0;
  for (int k = 1; k <= n; ++k) {
    gl -= std::log(x0 - 1.0);
    x0 -= 1.0;
  }
  return gl;
}

std::string fmt(double v) {
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, res.ptr);
}

constexpr double kZ99 = 2.3263478740408408;  // standard normal 0.99 quantile

}  // namespace

Deterministic::Deterministic(double v) : value(v) {
  require(std::isfinite(v), "Deterministic: value must be finite");
}

Exponential::Exponential(double m) : mean(m) {
  require(std::isfinite(m) && m > 0.0, "Exponential: mean must be finite and > 0");
}

Uniform::Uniform(double lo, double hi) : low(lo), high(hi) {
  require(std::isfinite(lo) && std::isfinite(hi), "Uniform: bounds must be finite");
  require(lo <= hi, "Uniform: low must be <= high");
}

Normal::Normal(double m, double sd) : mean(m), stddev(sd) {
  require(std::isfinite(m), "Normal: mean must be finite");
  require(std::isfinite(sd) && sd >= 0.0, "Normal: stddev must be finite and >= 0");
}

LogNormal::LogNormal(double m, double s) : mu(m), sigma(s) {
  require(std::isfinite(m), "LogNormal: mu must be finite");
  require(std::isfinite(s) && s >= 0.0, "LogNormal: sigma must be finite and >= 0");
}

LogNormal LogNormal::from_median_p99(double median, double p99) {
  require(std::isfinite(median) && median > 0.0, "LogNormal::from_median_p99: median must be > 0");
  require(std::isfinite(p99) && p99 >= median, "LogNormal::from_median_p99: p99 must be >= median");
  const double mu = std::log(median);
  return LogNormal(mu, (std::log(p99) - mu) / kZ99);
}

double LogNormal::sample(RandomStream& rng) const {
  return std::exp(mu + sigma * sample_standard_normal(rng));
}

double analytic_mean(const LogNormal& d) noexcept { return std::exp(d.mu + 0.5 * d.sigma * d.sigma); }
double analytic_variance(const LogNormal& d) noexcept {
  const double s2 = d.sigma * d.sigma;
  return std::expm1(s2) * std::exp(2.0 * d.mu + s2);
}

Empirical::Empirical(std::vector<double> values, std::vector<double> weights)
    : values_(std::move(values)) {
  require(!values_.empty(), "Empirical: needs at least one value");
  require(values_.size() == weights.size(), "Empirical: values and weights differ in size");
  require(values_.size() <= 0xffffffffu, "Empirical: too many values");
  double total = 0.0;
  for (std::size_t i = 0; i < values_.size(); ++i) {
    require(std::isfinite(values_[i]), "Empirical: values must be finite");
    require(std::isfinite(weights[i]) && weights[i] >= 0.0,
            "Empirical: weights must be finite and >= 0");
    total += weights[i];
  }
  require(total > 0.0 && std::isfinite(total), "Empirical: weights must not all be zero");

  const std::size_t n = values_.size();
  probabilities_.resize(n);
  std::vector<double> scaled(n);
  for (std::size_t i = 0; i < n; ++i) {
    probabilities_[i] = weights[i] / total;
    scaled[i] = probabilities_[i] * static_cast<double>(n);
  }

  // Vose's alias method.
  accept_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<std::uint32_t> small;
  std::vector<std::uint32_t> large;
  for (std::size_t i = 0; i < n; ++i) {
    alias_[i] = static_cast<std::uint32_t>(i);
    (scaled[i] < 1.0 ? small : large).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t l = small.back();
    small.pop_back();
    const std::uint32_t g = large.back();
    large.pop_back();
    accept_[l] = scaled[l];
    alias_[l] = g;
    scaled[g] = (scaled[g] + scaled[l]) - 1.0;
    (scaled[g] < 1.0 ? small : large).push_back(g);
  }
  // Leftovers (either list) have probability 1 up to rounding; accept_ already holds 1.
}

double analytic_mean(const Empirical& d) noexcept {
  double m = 0.0;
  for (std::size_t i = 0; i < d.values().size(); ++i) m += d.probabilities()[i] * d.values()[i];
  return m;
}

double analytic_variance(const Empirical& d) noexcept {
  const double m = analytic_mean(d);
  double v = 0.0;
  for (std::size_t i = 0; i < d.values().size(); ++i) {
    const double dev = d.values()[i] - m;
    v += d.probabilities()[i] * dev * dev;
  }
  return v;
}

Poisson::Poisson(double m) : mean(m) {
  require(std::isfinite(m) && m > 0.0, "Poisson: mean must be finite and > 0");
}

double Poisson::sample(RandomStream& rng) const {
  if (mean < 10.0) {  // inversion by sequential multiplication (Knuth)
    const double limit = std::exp(-mean);
    double product = rng.uniform01();
    double k = 0.0;
    while (product > limit) {
      product *= rng.uniform01();
      k += 1.0;
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze (Hörmann 1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform01() - 0.5;
    const double v = rng.uniform01();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - log_gamma(k + 1.0)) {
      return k;
    }
  }
}

std::string Distribution::describe() const {
  struct Describer {
    std::string operator()(const Deterministic& d) const { return "deterministic(value=" + fmt(d.value) + ")"; }
    std::string operator()(const Exponential& d) const { return "exponential(mean=" + fmt(d.mean) + ")"; }
    std::string operator()(const Uniform& d) const {
      return "uniform(low=" + fmt(d.low) + ", high=" + fmt(d.high) + ")";
    }
    std::string operator()(const Normal& d) const {
      return "normal(mean=" + fmt(d.mean) + ", stddev=" + fmt(d.stddev) + ")";
    }
    std::string operator()(const LogNormal& d) const {
      return "lognormal(mu=" + fmt(d.mu) + ", sigma=" + fmt(d.sigma) + ")";
    }
    std::string operator()(const Empirical& d) const {
      return "empirical(n=" + std::to_string(d.values().size()) + ", mean=" + fmt(analytic_mean(d)) + ")";
    }
    std::string operator()(const Poisson& d) const { return "poisson(mean=" + fmt(d.mean) + ")"; }
  };
  return std::visit(Describer{}, law_);
}

}  // namespace slotrush
