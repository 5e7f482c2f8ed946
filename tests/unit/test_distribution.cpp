#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>

#include "sim/random/distribution.hpp"

using namespace slotrush;

namespace {

constexpr int kDraws = 200000;

struct Moments {
  double mean, variance, m4;
};

std::vector<double> sample_many(const Distribution& d, RandomStream rng, int n = kDraws) {
  std::vector<double> xs(static_cast<std::size_t>(n));
  for (auto& x : xs) x = d.sample(rng);
  return xs;
}

Moments moments(const std::vector<double>& xs) {
  double mean = 0.0;
  for (double x : xs) mean += x;
  mean /= static_cast<double>(xs.size());
  double m2 = 0.0, m4 = 0.0;
  for (double x : xs) {
    const double d2 = (x - mean) * (x - mean);
    m2 += d2;
    m4 += d2 * d2;
  }
  return {mean, m2 / static_cast<double>(xs.size() - 1), m4 / static_cast<double>(xs.size())};
}

// Sample mean and variance within 5 standard errors of the analytic values.
void check_moments(const Distribution& d, std::uint64_t seed) {
  INFO(d.describe());
  const auto xs = sample_many(d, RandomStream(seed, "moments"));
  const Moments m = moments(xs);
  const double n = static_cast<double>(xs.size());
  const double se_mean = std::sqrt(d.variance() / n);
  const double se_var = std::sqrt(std::max(m.m4 - m.variance * m.variance, 0.0) / n);
  CHECK(std::abs(m.mean - d.mean()) <= 5 * se_mean + 1e-12);
  CHECK(std::abs(m.variance - d.variance()) <= 5 * se_var + 1e-12);
}

double quantile(std::vector<double> xs, double q) {
  const auto k = static_cast<std::size_t>(q * static_cast<double>(xs.size()));
  std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
  return xs[k];
}

template <typename Cdf>
double ks_statistic(std::vector<double> xs, Cdf cdf) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double d = 0.0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

}  // namespace

TEST_CASE("every distribution's sample mean and variance match its analytic moments") {
  check_moments(Exponential(0.5), 1);
  check_moments(Exponential(120.0), 2);
  check_moments(Uniform(2.0, 5.0), 3);
  check_moments(Normal(10.0, 3.0), 4);
  check_moments(LogNormal(0.2, 0.5), 5);
  check_moments(LogNormal::from_median_p99(1.0, 3.0), 6);
  check_moments(Empirical({1.0, 2.0, 5.0, 10.0}, {1.0, 2.0, 3.0, 4.0}), 7);
  check_moments(Poisson(3.0), 8);
  check_moments(Poisson(50.0), 9);
  check_moments(Poisson(9.99), 10);
  check_moments(Poisson(10.0), 11);
}

TEST_CASE("a deterministic distribution always returns its value") {
  const Distribution d = Deterministic(2.5);
  RandomStream rng(1, "det");
  for (int i = 0; i < 100; ++i) REQUIRE(d.sample(rng) == 2.5);
  CHECK(d.mean() == 2.5);
  CHECK(d.variance() == 0.0);
}

TEST_CASE("the exponential ziggurat follows 1 - exp(-x), tail included") {
  RandomStream rng(314, "ziggurat");
  std::vector<double> xs(kDraws);
  for (auto& x : xs) x = sample_standard_exponential(rng);
  CHECK(*std::min_element(xs.begin(), xs.end()) >= 0.0);
  const double d = ks_statistic(xs, [](double x) { return -std::expm1(-x); });
  CHECK(d < 1.63 / std::sqrt(static_cast<double>(kDraws)));

  // The tail beyond R = 7.697 (about 90 of 200k draws) is sampled with the right weight.
  const double r = 7.69711747013104972;
  const auto tail = std::count_if(xs.begin(), xs.end(), [r](double x) { return x > r; });
  const double expected = kDraws * std::exp(-r);
  CHECK(std::abs(static_cast<double>(tail) - expected) < 5 * std::sqrt(expected));
  // and beyond 10 as well (memoryless fallback), within a loose bound
  const auto far = std::count_if(xs.begin(), xs.end(), [](double x) { return x > 10.0; });
  CHECK(far < 40);

  RandomStream scaled(314, "ziggurat");
  RandomStream unit(314, "ziggurat");
  for (int i = 0; i < 100; ++i) {
    REQUIRE(sample_exponential(scaled, 3.0) == 3.0 * sample_standard_exponential(unit));
  }
}

TEST_CASE("the standard normal sampler follows the normal CDF and is symmetric") {
  RandomStream rng(2718, "normal");
  std::vector<double> xs(kDraws);
  for (auto& x : xs) x = sample_standard_normal(rng);
  const double d = ks_statistic(xs, [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); });
  CHECK(d < 1.63 / std::sqrt(static_cast<double>(kDraws)));
  const auto beyond = std::count_if(xs.begin(), xs.end(), [](double x) { return std::abs(x) > 3.6541528853610088; });
  const double expected = kDraws * std::erfc(3.6541528853610088 / std::sqrt(2.0));
  CHECK(std::abs(static_cast<double>(beyond) - expected) < 5 * std::sqrt(expected));
}

TEST_CASE("a lognormal fitted from median and p99 reproduces both within 2%") {
  const LogNormal law = LogNormal::from_median_p99(2.0, 10.0);
  CHECK(law.mu == Approx(std::log(2.0)));
  CHECK(law.sigma == Approx(std::log(5.0) / 2.3263478740408408));
  const auto xs = sample_many(law, RandomStream(77, "lognormal"));
  CHECK(quantile(xs, 0.5) == Approx(2.0).epsilon(0.02));
  CHECK(quantile(xs, 0.99) == Approx(10.0).epsilon(0.02));
}

TEST_CASE("poisson draws are non-negative integers with the right probabilities") {
  for (double mean : {3.0, 50.0}) {
    INFO("mean " << mean);
    const auto xs = sample_many(Poisson(mean), RandomStream(static_cast<std::uint64_t>(mean), "poisson"));
    std::map<long, int> counts;
    for (double x : xs) {
      REQUIRE(x >= 0.0);
      REQUIRE(x == std::floor(x));
      ++counts[static_cast<long>(x)];
    }
    for (long k : {0L, 1L, 3L, 5L, 40L, 50L, 60L}) {
      const double pmf = std::exp(-mean + static_cast<double>(k) * std::log(mean) - std::lgamma(k + 1.0));
      const double expected = pmf * kDraws;
      if (expected < 20) continue;
      INFO("k " << k);
      CHECK(std::abs(counts[k] - expected) < 5 * std::sqrt(expected));
    }
  }
}

TEST_CASE("empirical draws land on the given values with frequencies proportional to weights") {
  const std::vector<double> values = {1.0, 2.0, 5.0, 10.0, 20.0};
  const std::vector<double> weights = {1.0, 0.0, 3.0, 6.0, 0.5};
  const Empirical law(values, weights);
  const auto xs = sample_many(law, RandomStream(3, "empirical"));
  std::map<double, int> counts;
  for (double x : xs) ++counts[x];
  CHECK(counts.size() == 4);  // the zero-weight value never appears
  CHECK(counts.count(2.0) == 0);
  const double total = 10.5;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double p = weights[i] / total;
    CHECK(law.probabilities()[i] == Approx(p));
    const double expected = p * kDraws;
    CHECK(std::abs(counts[values[i]] - expected) <= 5 * std::sqrt(expected * (1 - p)));
  }

  const Empirical single({4.0}, {2.0});
  RandomStream rng(1, "single");
  for (int i = 0; i < 100; ++i) REQUIRE(single.sample(rng) == 4.0);
}

TEST_CASE("a distribution sampled from identically keyed streams gives identical draws") {
  const Distribution laws[] = {Exponential(1.0), Normal(0.0, 1.0), Poisson(3.0), Poisson(80.0),
                               LogNormal(0.0, 1.0), Empirical({1.0, 2.0}, {1.0, 1.0}), Uniform(0, 1)};
  for (const auto& law : laws) {
    CHECK(sample_many(law, RandomStream(8, "same"), 1000) == sample_many(law, RandomStream(8, "same"), 1000));
  }
}

TEST_CASE("invalid distribution parameters are rejected with invalid_argument") {
  CHECK_THROWS_AS(Exponential(0.0), std::invalid_argument);
  CHECK_THROWS_AS(Exponential(-1.0), std::invalid_argument);
  CHECK_THROWS_AS(Exponential(INFINITY), std::invalid_argument);
  CHECK_THROWS_AS(Exponential(NAN), std::invalid_argument);
  CHECK_THROWS_AS(Deterministic(NAN), std::invalid_argument);
  CHECK_THROWS_AS(Uniform(2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(Uniform(0.0, INFINITY), std::invalid_argument);
  CHECK_THROWS_AS(Normal(0.0, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(LogNormal(0.0, -0.1), std::invalid_argument);
  CHECK_THROWS_AS(LogNormal::from_median_p99(0.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(LogNormal::from_median_p99(2.0, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(Poisson(0.0), std::invalid_argument);
  CHECK_THROWS_AS(Poisson(-2.0), std::invalid_argument);
  CHECK_THROWS_AS(Empirical({}, {}), std::invalid_argument);
  CHECK_THROWS_AS(Empirical({1.0, 2.0}, {1.0}), std::invalid_argument);
  CHECK_THROWS_AS(Empirical({1.0, 2.0}, {1.0, -1.0}), std::invalid_argument);
  CHECK_THROWS_AS(Empirical({1.0, 2.0}, {0.0, 0.0}), std::invalid_argument);
  CHECK_THROWS_AS(Empirical({1.0, NAN}, {1.0, 1.0}), std::invalid_argument);
  CHECK_NOTHROW(Uniform(1.0, 1.0));
  CHECK_NOTHROW(Normal(0.0, 0.0));
}

TEST_CASE("a distribution describes itself readably") {
  CHECK(Distribution(Exponential(0.5)).describe() == "exponential(mean=0.5)");
  CHECK(Distribution(Deterministic(3)).describe() == "deterministic(value=3)");
  CHECK(Distribution(Uniform(1, 2.5)).describe() == "uniform(low=1, high=2.5)");
  CHECK(Distribution(Normal(0, 1)).describe() == "normal(mean=0, stddev=1)");
  CHECK(Distribution(LogNormal(0, 0.25)).describe() == "lognormal(mu=0, sigma=0.25)");
  CHECK(Distribution(Poisson(3)).describe() == "poisson(mean=3)");
  CHECK(Distribution(Empirical({1, 3}, {1, 1})).describe() == "empirical(n=2, mean=2)");
  CHECK(Distribution(Poisson(3)).mean() == 3.0);
}
