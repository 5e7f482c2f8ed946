#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <tuple>
#include <vector>

#include "sim/stats/latency_histogram.hpp"

using slotrush::LatencyHistogram;

namespace {

std::uint64_t xorshift64(std::uint64_t& s) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

double uniform01(std::uint64_t& s) { return static_cast<double>(xorshift64(s) >> 11) * 0x1.0p-53; }

// Bell-shaped in log10 between 1e3 and 1e10 (mean of three uniforms in the exponent).
std::vector<std::uint64_t> lognormalish(std::size_t n, std::uint64_t seed) {
    std::vector<std::uint64_t> v(n);
    for (auto& x : v) {
        const double e = 3.0 + 7.0 * (uniform01(seed) + uniform01(seed) + uniform01(seed)) / 3.0;
        x = static_cast<std::uint64_t>(std::pow(10.0, e));
    }
    return v;
}

// Nearest-rank percentile of a sorted array, the definition the histogram follows.
std::uint64_t exact_percentile(const std::vector<std::uint64_t>& sorted, double p) {
    if (p <= 0.0) return sorted.front();
    const auto n = static_cast<double>(sorted.size());
    const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * n)));
    return sorted[std::min<std::size_t>(rank, sorted.size()) - 1];
}

using Buckets = std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>>;

Buckets buckets_of(const LatencyHistogram& h) {
    Buckets b;
    h.for_each_bucket([&](std::uint64_t lo, std::uint64_t hi, std::uint64_t c) { b.emplace_back(lo, hi, c); });
    return b;
}

const double kPercentiles[] = {0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100};

}  // namespace

TEST_CASE("histogram percentiles are within 1% of exact sorted-array percentiles", "[stats][histogram]") {
    auto values = lognormalish(100'000, 0xC0FFEE123456789ull);
    LatencyHistogram h;
    for (auto v : values) h.record(v);
    std::sort(values.begin(), values.end());
    REQUIRE(values.front() >= 1'000);
    REQUIRE(values.back() <= 10'000'000'000ull);

    CHECK(h.count() == values.size());
    CHECK(h.min() == values.front());
    CHECK(h.max() == values.back());
    for (double p : kPercentiles) {
        INFO("p = " << p);
        const auto exact = static_cast<double>(exact_percentile(values, p));
        const auto got = static_cast<double>(h.value_at_percentile(p));
        CHECK(std::abs(got - exact) / exact <= 0.01);
    }
    CHECK(h.value_at_percentile(0) == values.front());
    CHECK(h.value_at_percentile(100) == values.back());

    double sum = 0;
    for (auto v : values) sum += static_cast<double>(v);
    CHECK(h.mean() == Approx(sum / static_cast<double>(values.size())).epsilon(1e-12));
}

TEST_CASE("small values are recorded exactly", "[stats][histogram]") {
    LatencyHistogram h;
    for (std::uint64_t v = 0; v < 256; ++v) h.record(v);
    CHECK(h.value_at_percentile(50) == 127);  // rank 128 of 0..255
    CHECK(h.value_at_percentile(0) == 0);
    CHECK(h.value_at_percentile(100) == 255);
    for (const auto& [lo, hi, c] : buckets_of(h)) {
        CHECK(hi == lo + 1);
        CHECK(c == 1);
    }
}

TEST_CASE("every bucket holds its values and is at most 1/128 of its lower bound wide",
          "[stats][histogram]") {
    std::vector<std::uint64_t> probes = {0, 1, 255, 256, 257, 511, 512, 1000, 123'456'789,
                                         std::numeric_limits<std::uint64_t>::max()};
    for (unsigned k = 8; k < 64; ++k) {
        const std::uint64_t p2 = std::uint64_t{1} << k;
        probes.insert(probes.end(), {p2 - 1, p2, p2 + 1, p2 + p2 / 3});
    }
    for (auto v : probes) {
        INFO("value = " << v);
        const auto i = LatencyHistogram::index_of(v);
        REQUIRE(i < LatencyHistogram::kMaxCounters);
        const auto lo = LatencyHistogram::lower_of(i);
        const auto hi = LatencyHistogram::upper_of(i);
        CHECK(lo <= v);
        CHECK((v < hi || hi == std::numeric_limits<std::uint64_t>::max()));
        if (lo >= 256) CHECK(static_cast<double>(hi - lo) <= static_cast<double>(lo) / 128.0);
    }
}

TEST_CASE("merging histograms is exact", "[stats][histogram]") {
    const auto values = lognormalish(20'000, 42);
    LatencyHistogram whole, left, right;
    for (std::size_t i = 0; i < values.size(); ++i) {
        whole.record(values[i]);
        (values[i] % 3 == 0 ? left : right).record(values[i]);
    }
    left.record(5, 7);  // weighted record on one side ...
    whole.record(5, 7);  // ... equals the same in the reference
    LatencyHistogram merged;
    merged.merge(left);
    merged.merge(right);
    merged.merge(LatencyHistogram{});  // merging nothing changes nothing

    CHECK(merged.count() == whole.count());
    CHECK(merged.min() == whole.min());
    CHECK(merged.max() == whole.max());
    CHECK(merged.mean() == Approx(whole.mean()).epsilon(1e-12));
    CHECK(buckets_of(merged) == buckets_of(whole));
    for (double p : kPercentiles) CHECK(merged.value_at_percentile(p) == whole.value_at_percentile(p));
}

TEST_CASE("for_each_bucket visits non-empty buckets in ascending order", "[stats][histogram]") {
    LatencyHistogram h;
    h.record(1'000'000, 3);
    h.record(10);
    h.record(1'000'000'000);
    const auto b = buckets_of(h);
    REQUIRE(b.size() == 3);
    std::uint64_t total = 0, prev_hi = 0;
    for (const auto& [lo, hi, c] : b) {
        CHECK(lo >= prev_hi);
        CHECK(lo < hi);
        prev_hi = hi;
        total += c;
    }
    CHECK(total == h.count());
    CHECK(std::get<2>(b[1]) == 3);
}

TEST_CASE("memory stays bounded after recording huge values", "[stats][histogram]") {
    LatencyHistogram h;
    const auto small = h.memory_bytes();
    h.record(100);
    CHECK(h.memory_bytes() < 4096);  // only the first octaves exist

    constexpr auto top = std::numeric_limits<std::uint64_t>::max();
    const auto bound = sizeof(LatencyHistogram) + LatencyHistogram::kMaxCounters * sizeof(std::uint64_t);
    h.record(top);
    const auto big = h.memory_bytes();
    CHECK(big > small);
    CHECK(big <= bound);
    for (int i = 0; i < 1000; ++i) h.record(top - static_cast<std::uint64_t>(i) * 1'000'003, 1'000);
    CHECK(h.memory_bytes() == big);
    CHECK(h.max() == top);
    CHECK(h.value_at_percentile(100) == top);
    CHECK(h.value_at_percentile(0) == 100);

    h.reset();  // keeps buckets: no reallocation on the next record
    CHECK(h.count() == 0);
    CHECK(h.value_at_percentile(50) == 0);
    CHECK(h.memory_bytes() == big);
    CHECK(buckets_of(h).empty());
}
