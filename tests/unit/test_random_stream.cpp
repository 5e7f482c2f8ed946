#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <random>
#include <vector>

#include "sim/random/random_stream.hpp"

using slotrush::RandomStream;

static_assert(std::uniform_random_bit_generator<RandomStream>);
static_assert(slotrush::purpose_hash("") == 0xcbf29ce484222325ULL);   // FNV-1a offset basis
static_assert(slotrush::purpose_hash("a") == 0xaf63dc4c8601ec8cULL);  // published FNV-1a vector
static_assert(slotrush::purpose_hash("foobar") == 0x85944171f73967e8ULL);

namespace {

std::vector<std::uint64_t> draws(RandomStream s, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(s.next());
  return out;
}

double correlation(RandomStream a, RandomStream b, int n) {
  double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform01();
    const double y = b.uniform01();
    sa += x; sb += y; saa += x * x; sbb += y * y; sab += x * y;
  }
  const double cov = sab / n - (sa / n) * (sb / n);
  const double va = saa / n - (sa / n) * (sa / n);
  const double vb = sbb / n - (sb / n) * (sb / n);
  return cov / std::sqrt(va * vb);
}

}  // namespace

TEST_CASE("a stream keyed by the same seed, purpose and index repeats its draws exactly") {
  RandomStream a(42, "arrivals", 0);
  RandomStream b(42, "arrivals");
  CHECK(a == b);
  CHECK(draws(a, 1000) == draws(b, 1000));
}

TEST_CASE("a copied stream continues exactly where the original is") {
  RandomStream a(7, "service", 3);
  for (int i = 0; i < 17; ++i) a.next();
  RandomStream copy = a;
  for (int i = 0; i < 500; ++i) REQUIRE(copy.next() == a.next());
}

TEST_CASE("streams that differ in seed, purpose or index give different and uncorrelated draws") {
  const RandomStream base(42, "arrivals", 0);
  const std::array<RandomStream, 4> others = {RandomStream(43, "arrivals", 0),
                                              RandomStream(42, "service", 0),
                                              RandomStream(42, "arrivals", 1),
                                              RandomStream(0, "arrivals", 0)};
  for (const auto& other : others) {
    CHECK(other.key() != base.key());
    CHECK(draws(base, 100) != draws(other, 100));
    // 100k pairs: the correlation's standard error is ~0.003, so 0.02 is a loose bound.
    CHECK(std::abs(correlation(base, other, 100000)) < 0.02);
  }
  // Neighbouring indices (the common use: one stream per entity) are also uncorrelated.
  CHECK(std::abs(correlation(RandomStream(1, "x", 1), RandomStream(1, "x", 2), 100000)) < 0.02);
}

TEST_CASE("a derived stream does not depend on how many draws the parent has made") {
  RandomStream fresh(9, "world", 0);
  RandomStream used = fresh;
  for (int i = 0; i < 1234; ++i) used.next();
  CHECK(draws(fresh.derive("patient", 5), 200) == draws(used.derive("patient", 5), 200));

  CHECK(draws(fresh.derive("patient", 5), 50) != draws(fresh.derive("patient", 6), 50));
  CHECK(draws(fresh.derive("patient", 5), 50) != draws(fresh.derive("doctor", 5), 50));
  // A child is not the root stream with the same purpose and index.
  CHECK(draws(fresh.derive("world", 0), 50) != draws(fresh, 50));
  CHECK(std::abs(correlation(fresh.derive("a", 0), fresh, 100000)) < 0.02);
}

TEST_CASE("below(n) stays in range and is roughly uniform") {
  RandomStream s(2024, "below");
  constexpr int kBins = 10;
  constexpr int kDraws = 200000;
  std::array<int, kBins> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t v = s.below(kBins);
    REQUIRE(v < kBins);
    ++counts[v];
  }
  double chi2 = 0.0;
  const double expected = static_cast<double>(kDraws) / kBins;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 40.0);  // 9 degrees of freedom: P(chi2 > 40) ~ 1e-5

  for (int i = 0; i < 100; ++i) CHECK(s.below(1) == 0);
  const std::uint64_t big = (std::uint64_t{3} << 62) + 1;  // rejection is frequent here
  std::uint64_t above_half = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t v = s.below(big);
    REQUIRE(v < big);
    above_half += v >= big / 2 ? 1 : 0;
  }
  CHECK(std::abs(static_cast<double>(above_half) / 20000 - 0.5) < 0.02);
  CHECK_THROWS_AS(s.below(0), std::invalid_argument);
}

TEST_CASE("uniform draws respect their intervals and bernoulli its probability") {
  RandomStream s(5, "uniform");
  double sum = 0.0;
  int hits = 0;
  constexpr int n = 200000;
  for (int i = 0; i < n; ++i) {
    const double u = s.uniform01();
    REQUIRE(u >= 0.0);
    REQUIRE(u < 1.0);
    const double p = s.uniform_pos01();
    REQUIRE(p > 0.0);
    REQUIRE(p <= 1.0);
    const double w = s.uniform(-3.0, 2.0);
    REQUIRE(w >= -3.0);
    REQUIRE(w < 2.0);
    sum += u;
    hits += s.bernoulli(0.3) ? 1 : 0;
  }
  CHECK(std::abs(sum / n - 0.5) < 5 * std::sqrt(1.0 / 12 / n));
  CHECK(std::abs(static_cast<double>(hits) / n - 0.3) < 5 * std::sqrt(0.3 * 0.7 / n));
  for (int i = 0; i < 1000; ++i) {
    REQUIRE_FALSE(s.bernoulli(0.0));
    REQUIRE(s.bernoulli(1.0));
  }
}

TEST_CASE("every output bit of a stream is set about half the time") {
  RandomStream s(11, "bits");
  std::array<int, 64> ones{};
  constexpr int n = 50000;
  for (int i = 0; i < n; ++i) {
    const std::uint64_t v = s();
    for (int b = 0; b < 64; ++b) ones[b] += static_cast<int>((v >> b) & 1);
  }
  for (int c : ones) CHECK(std::abs(static_cast<double>(c) / n - 0.5) < 5 * std::sqrt(0.25 / n));
}

TEST_CASE("a parked stream drawn in place gives the draws the resumed stream would have given") {
  // The appointment model draws a device's losses and think times in place on its 32-byte state;
  // they must be exactly the values RandomStream's functions of the same names give.
  RandomStream original(42, "device-behaviour", 7);
  original.next();
  slotrush::StreamState parked = original.state();
  RandomStream resumed(original.state());
  for (int i = 0; i < 1000; ++i) {
    switch (i % 3) {
      case 0: REQUIRE(parked.uniform01() == resumed.uniform01()); break;
      case 1: REQUIRE(parked.uniform(2.0, 5.0) == resumed.uniform(2.0, 5.0)); break;
      default: REQUIRE(parked.bernoulli(0.3) == resumed.bernoulli(0.3)); break;
    }
  }
  REQUIRE(parked.s == resumed.state().s);
}
