// Distribution: the probability laws the simulator draws from (service times, arrivals, ...),
// as small validated value types plus a variant wrapper, all sampled from a RandomStream.
// Samplers avoid std:: distributions (implementation-defined) so draws are reproducible.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/random/random_stream.hpp"

namespace slotrush {

namespace detail {

// Ziggurat tables (Marsaglia & Tsang 2000), 256 layers of equal area.
// x[0] is the base layer's virtual width V/f(R), x[1] = R, ..., x[256] = 0; f[i] = f(x[i]).
struct ZigguratTable {
  std::array<double, 257> x;
  std::array<double, 257> f;
};

ZigguratTable make_exponential_ziggurat() noexcept;
ZigguratTable make_normal_ziggurat() noexcept;

// Built once, on first use (thread-safe magic static), from deterministic arithmetic.
inline const ZigguratTable& exponential_ziggurat() noexcept {
  static const ZigguratTable table = make_exponential_ziggurat();
  return table;
}
inline const ZigguratTable& normal_ziggurat() noexcept {
  static const ZigguratTable table = make_normal_ziggurat();
  return table;
}

// Rare paths (wedge tests and tails), kept out of line.
double exponential_slow(RandomStream& rng, std::size_t layer, double x);
double normal_slow(RandomStream& rng, std::size_t layer, double x, bool negative);

}  // namespace detail

// Standard exponential (mean 1) by ziggurat: one 64-bit draw in ~98.9% of calls.
// Low 8 bits pick the layer, the top 53 bits place x, so the two are independent.
inline double sample_standard_exponential(RandomStream& rng) {
  const auto& z = detail::exponential_ziggurat();
  const std::uint64_t bits = rng.next();
  const std::size_t i = bits & 0xff;
  const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[i];
  if (x < z.x[i + 1]) return x;
  return detail::exponential_slow(rng, i, x);
}

inline double sample_exponential(RandomStream& rng, double mean) {
  return mean * sample_standard_exponential(rng);
}

// Standard normal by ziggurat; bit 8 of the draw is the sign.
inline double sample_standard_normal(RandomStream& rng) {
  const auto& z = detail::normal_ziggurat();
  const std::uint64_t bits = rng.next();
  const std::size_t i = bits & 0xff;
  const bool negative = (bits & 0x100) != 0;
  const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[i];
  if (x < z.x[i + 1]) return negative ? -x : x;
  return detail::normal_slow(rng, i, x, negative);
}

// Each law validates its parameters (std::invalid_argument) and samples with sample(rng).
// Analytic moments are free functions analytic_mean(law) / analytic_variance(law).

struct Deterministic {
  double value;
  explicit Deterministic(double value);  // finite
  double sample(RandomStream&) const noexcept { return value; }
};

struct Exponential {
  double mean;
  explicit Exponential(double mean);  // mean > 0, finite
  double sample(RandomStream& rng) const { return sample_exponential(rng, mean); }
};

struct Uniform {
  double low, high;
  Uniform(double low, double high);  // finite, low <= high; samples in [low, high)
  double sample(RandomStream& rng) const noexcept { return rng.uniform(low, high); }
};

struct Normal {
  double mean, stddev;
  Normal(double mean, double stddev);  // finite, stddev >= 0
  double sample(RandomStream& rng) const { return mean + stddev * sample_standard_normal(rng); }
};

struct LogNormal {
  double mu, sigma;  // of the underlying normal
  LogNormal(double mu, double sigma);  // finite, sigma >= 0
  // Fit so the median and the 99th percentile are as given (0 < median <= p99):
  // mu = ln median, sigma = (ln p99 - mu) / z_0.99.
  static LogNormal from_median_p99(double median, double p99);
  double sample(RandomStream& rng) const;
};

// Discrete law over given values with given (unnormalised) weights; O(1) sampling through a
// Vose alias table.
struct Empirical {
 public:
  // Throws std::invalid_argument on empty input, size mismatch, negative / non-finite / all-zero
  // weights, or non-finite values.
  Empirical(std::vector<double> values, std::vector<double> weights);
  double sample(RandomStream& rng) const {
    const std::uint64_t i = rng.below(values_.size());
    return rng.uniform01() < accept_[i] ? values_[i] : values_[alias_[i]];
  }
  const std::vector<double>& values() const noexcept { return values_; }
  const std::vector<double>& probabilities() const noexcept { return probabilities_; }

 private:
  std::vector<double> values_;
  std::vector<double> probabilities_;  // normalised weights
  std::vector<double> accept_;         // alias table: chance of keeping column i
  std::vector<std::uint32_t> alias_;   // alias table: fallback column
};

// Integer-valued Poisson: inversion by multiplication for mean < 10, else Hörmann's PTRS.
struct Poisson {
  double mean;
  explicit Poisson(double mean);  // mean > 0, finite
  double sample(RandomStream& rng) const;
};

inline double analytic_mean(const Deterministic& d) noexcept { return d.value; }
inline double analytic_mean(const Exponential& d) noexcept { return d.mean; }
inline double analytic_mean(const Uniform& d) noexcept { return 0.5 * (d.low + d.high); }
inline double analytic_mean(const Normal& d) noexcept { return d.mean; }
double analytic_mean(const LogNormal& d) noexcept;
double analytic_mean(const Empirical& d) noexcept;
inline double analytic_mean(const Poisson& d) noexcept { return d.mean; }

inline double analytic_variance(const Deterministic&) noexcept { return 0.0; }
inline double analytic_variance(const Exponential& d) noexcept { return d.mean * d.mean; }
inline double analytic_variance(const Uniform& d) noexcept {
  return (d.high - d.low) * (d.high - d.low) / 12.0;
}
inline double analytic_variance(const Normal& d) noexcept { return d.stddev * d.stddev; }
double analytic_variance(const LogNormal& d) noexcept;
double analytic_variance(const Empirical& d) noexcept;
inline double analytic_variance(const Poisson& d) noexcept { return d.mean; }

class Distribution {
 public:
  using Variant =
      std::variant<Deterministic, Exponential, Uniform, Normal, LogNormal, Empirical, Poisson>;

  template <typename T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, Distribution> &&
             std::is_constructible_v<Variant, T>)
  Distribution(T&& law) : law_(std::forward<T>(law)) {}  // NOLINT: implicit by design

  double sample(RandomStream& rng) const {
    return std::visit([&rng](const auto& d) { return d.sample(rng); }, law_);
  }
  double mean() const {
    return std::visit([](const auto& d) { return analytic_mean(d); }, law_);
  }
  double variance() const {
    return std::visit([](const auto& d) { return analytic_variance(d); }, law_);
  }
  // Human-readable form, e.g. "exponential(mean=0.5)".
  std::string describe() const;
  const Variant& law() const noexcept { return law_; }

 private:
  Variant law_;
};

}  // namespace slotrush
