#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/stats/confidence_interval.hpp"

using namespace slotrush;

TEST_CASE("the Student-t quantile matches tabulated values", "[stats][ci]") {
    CHECK(student_t_quantile(0.975, 4) == Approx(2.7764451051977987).epsilon(1e-12));
    CHECK(student_t_quantile(0.5, 7) == Approx(0.0).margin(1e-12));
    CHECK(student_t_quantile(0.025, 4) == Approx(-2.7764451051977987).epsilon(1e-12));
    CHECK_THROWS_AS(student_t_quantile(1.0, 4), std::invalid_argument);
    CHECK_THROWS_AS(student_t_quantile(0.9, 0), std::invalid_argument);
}

TEST_CASE("a small sample gives the hand-computed t interval", "[stats][ci]") {
    const std::vector<double> x = {1, 2, 3, 4, 5};  // mean 3, s^2 = 2.5
    const auto ci = student_t_interval(x);
    const double hw = 2.7764451051977987 * std::sqrt(2.5) / std::sqrt(5.0);
    CHECK(ci.mean == Approx(3.0));
    CHECK(ci.half_width == Approx(hw).epsilon(1e-12));
    CHECK(ci.n == 5);
    CHECK(ci.confidence == 0.95);
    CHECK(ci.lower() == Approx(3.0 - hw));
    CHECK(ci.upper() == Approx(3.0 + hw));
    CHECK(ci.contains(3.0 + hw * 0.99));
    CHECK_FALSE(ci.contains(3.0 + hw * 1.01));

    const auto wider = student_t_interval(x, 0.99);
    CHECK(wider.half_width > ci.half_width);
}

TEST_CASE("a single sample has an infinite half-width and no samples throws", "[stats][ci]") {
    const std::vector<double> one = {42.0};
    const auto ci = student_t_interval(one);
    CHECK(ci.mean == 42.0);
    CHECK(ci.half_width == std::numeric_limits<double>::infinity());
    CHECK(ci.contains(-1e300));
    CHECK_THROWS_AS(student_t_interval(std::vector<double>{}), std::invalid_argument);
    CHECK_THROWS_AS(student_t_interval(one, 1.0), std::invalid_argument);
}

TEST_CASE("a paired difference interval is the t interval of b minus a", "[stats][ci]") {
    // Common random numbers: large shared noise, small consistent improvement.
    const std::vector<double> a = {10, 52, 31, 93, 9};
    const std::vector<double> b = {11, 54, 32, 96, 10};  // diffs 1 2 1 3 1: mean 1.6, s^2 0.8
    const auto d = paired_difference_interval(a, b);
    CHECK(d.mean == Approx(1.6));
    CHECK(d.half_width == Approx(2.7764451051977987 * std::sqrt(0.8 / 5.0)).epsilon(1e-12));
    CHECK(d.n == 5);
    CHECK_FALSE(d.contains(0.0));  // significant when paired ...
    const auto ia = student_t_interval(a), ib = student_t_interval(b);
    CHECK(ib.lower() < ia.upper());  // ... though the separate intervals overlap

    const std::vector<double> shorter = {1, 2};
    CHECK_THROWS_AS(paired_difference_interval(a, shorter), std::invalid_argument);
}
