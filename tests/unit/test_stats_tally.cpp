#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/stats/tally.hpp"

using slotrush::Tally;

namespace {

std::uint64_t xorshift64(std::uint64_t& s) {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

// Values with a large common offset: a naive sum-of-squares variance would lose them.
std::vector<double> offset_samples(std::size_t n) {
    std::uint64_t s = 0x9E3779B97F4A7C15ull;
    std::vector<double> v(n);
    for (auto& x : v) x = 1e9 + static_cast<double>(xorshift64(s) >> 11) * 0x1.0p-53 * 100.0;
    return v;
}

struct TwoPass {
    double mean = 0, variance = 0, min = 0, max = 0, sum = 0;
};

TwoPass two_pass(const std::vector<double>& v) {
    TwoPass r;
    r.min = r.max = v.front();
    for (double x : v) {
        r.sum += x;
        r.min = std::min(r.min, x);
        r.max = std::max(r.max, x);
    }
    r.mean = r.sum / static_cast<double>(v.size());
    double ss = 0;
    for (double x : v) ss += (x - r.mean) * (x - r.mean);
    r.variance = ss / static_cast<double>(v.size() - 1);
    return r;
}

}  // namespace

TEST_CASE("a tally agrees with a direct two-pass computation", "[stats][tally]") {
    const auto v = offset_samples(10'000);
    Tally t;
    for (double x : v) t.add(x);
    const auto ref = two_pass(v);

    CHECK(t.count() == v.size());
    CHECK(t.mean() == Approx(ref.mean).epsilon(1e-14));
    CHECK(t.variance() == Approx(ref.variance).epsilon(1e-7));  // condition number ~1e15
    CHECK(t.stddev() == Approx(std::sqrt(ref.variance)).epsilon(1e-7));
    CHECK(t.min() == ref.min);
    CHECK(t.max() == ref.max);
    CHECK(t.sum() == Approx(ref.sum).epsilon(1e-14));
}

TEST_CASE("an empty or single-observation tally has zero variance", "[stats][tally]") {
    Tally t;
    CHECK(t.count() == 0);
    CHECK(t.mean() == 0.0);
    CHECK(t.variance() == 0.0);
    CHECK(std::isnan(t.min()));
    CHECK(std::isnan(t.max()));
    t.add(4.5);
    CHECK(t.mean() == 4.5);
    CHECK(t.variance() == 0.0);
    CHECK(t.min() == 4.5);
    CHECK(t.max() == 4.5);
}

TEST_CASE("merging tallies equals one tally over all observations", "[stats][tally]") {
    const auto v = offset_samples(5'000);
    Tally whole;
    for (double x : v) whole.add(x);

    // Uneven chunks, including an empty one on each side of a merge.
    const std::size_t cuts[] = {0, 0, 1, 17, 1'000, 1'000, 4'321, 5'000};
    Tally merged;
    for (std::size_t i = 0; i + 1 < std::size(cuts); ++i) {
        Tally part;
        for (std::size_t j = cuts[i]; j < cuts[i + 1]; ++j) part.add(v[j]);
        merged.merge(part);
    }

    CHECK(merged.count() == whole.count());
    CHECK(merged.mean() == Approx(whole.mean()).epsilon(1e-14));
    CHECK(merged.variance() == Approx(whole.variance()).epsilon(1e-9));
    CHECK(merged.min() == whole.min());
    CHECK(merged.max() == whole.max());
    CHECK(merged.sum() == Approx(whole.sum()).epsilon(1e-14));
}

TEST_CASE("resetting a tally forgets every observation", "[stats][tally]") {
    Tally t;
    t.add(1.0);
    t.add(3.0);
    t.reset();
    CHECK(t.count() == 0);
    CHECK(t.sum() == 0.0);
    t.add(7.0);
    CHECK(t.mean() == 7.0);
    CHECK(t.min() == 7.0);
    CHECK(t.max() == 7.0);
}
