#include <catch2/catch.hpp>

#include <stdexcept>

#include "sim/stats/queueing_theory.hpp"

using namespace slotrush;

namespace {
constexpr double kTol = 1e-5;
}

TEST_CASE("Erlang B matches reference values", "[stats][queueing]") {
    CHECK(erlang_b(10, 8.0) == Approx(0.121661).margin(kTol));
    CHECK(erlang_b(5, 3.0) == Approx(0.110054).margin(kTol));
    CHECK(erlang_b(0, 3.0) == 1.0);
    CHECK(erlang_b(1, 1.0) == Approx(0.5));
    // The recursion stays finite where factorial forms overflow.
    const double big = erlang_b(2000, 1900.0);
    CHECK(big > 0.0);
    CHECK(big < 1.0);
}

TEST_CASE("Erlang C matches reference values", "[stats][queueing]") {
    CHECK(erlang_c(2, 1.0) == Approx(0.333333).margin(kTol));
    CHECK(erlang_c(3, 2.0) == Approx(0.444444).margin(kTol));
    CHECK(erlang_c(10, 9.0) == Approx(0.668732).margin(kTol));
    CHECK(erlang_c(50, 45.0) == Approx(0.363864).margin(kTol));
    CHECK_THROWS_AS(erlang_c(2, 2.0), std::invalid_argument);
    CHECK_THROWS_AS(erlang_c(2, 3.0), std::invalid_argument);
}

TEST_CASE("M/M/c metrics match reference values and Little's law", "[stats][queueing]") {
    const auto m = mmc_metrics(9.0, 1.0, 10);
    CHECK(m.a == Approx(9.0));
    CHECK(m.rho == Approx(0.9));
    CHECK(m.p_wait == Approx(0.668732).margin(kTol));
    CHECK(m.wq == Approx(0.668732).margin(kTol));
    CHECK(m.lq == Approx(6.018584).margin(kTol));
    CHECK(m.w == Approx(m.wq + 1.0));
    CHECK(m.l == Approx(9.0 * m.w));

    const auto m50 = mmc_metrics(45.0, 1.0, 50);
    CHECK(m50.p_wait == Approx(0.363864).margin(kTol));
    CHECK(m50.wq == Approx(0.072773).margin(kTol));

    CHECK_THROWS_AS(mmc_metrics(10.0, 1.0, 10), std::invalid_argument);
}

TEST_CASE("M/M/1/K metrics match reference values", "[stats][queueing]") {
    const auto m = mm1k_metrics(0.8, 1.0, 10);
    CHECK(m.p_block == Approx(0.023493).margin(kTol));
    CHECK(m.p0 == Approx(0.218794).margin(kTol));
    CHECK(m.l == Approx(2.966314).margin(kTol));
    CHECK(m.w == Approx(3.797098).margin(kTol));
    CHECK(m.lambda_eff == Approx(0.8 * (1 - m.p_block)));
    CHECK(m.lq == Approx(m.l - (1 - m.p0)));
    CHECK(m.wq == Approx(m.w - 1.0));
}

TEST_CASE("M/M/1/K handles rho equal to one and rho above one", "[stats][queueing]") {
    const auto eq = mm1k_metrics(1.0, 1.0, 5);
    CHECK(eq.p_block == Approx(0.166667).margin(kTol));
    CHECK(eq.l == Approx(2.5).margin(kTol));
    CHECK(eq.w == Approx(3.0).margin(kTol));

    const auto near = mm1k_metrics(1.0 + 1e-12, 1.0, 5);  // no cancellation near rho = 1
    CHECK(near.l == Approx(2.5).margin(1e-9));

    const auto over = mm1k_metrics(1.5, 1.0, 4);
    CHECK(over.p_block == Approx(0.383886).margin(kTol));
    CHECK(over.l == Approx(2.758294).margin(kTol));
    CHECK(over.w == Approx(2.984615).margin(kTol));

    const auto huge = mm1k_metrics(50.0, 1.0, 1000);  // rho^K would overflow
    CHECK(huge.p_block == Approx(1.0 - 1.0 / 50.0).margin(1e-9));

    const auto idle = mm1k_metrics(0.0, 2.0, 3);
    CHECK(idle.p0 == 1.0);
    CHECK(idle.l == 0.0);
}

TEST_CASE("Pollaczek-Khinchine mean waits match closed forms", "[stats][queueing]") {
    // M/D/1 with rho = 0.5, mu = 1: 0.5 / (2 * 0.5) = 0.5
    CHECK(md1_mean_wait(0.5, 1.0) == Approx(0.5));
    CHECK(md1_mean_wait(0.9, 2.0) == Approx(0.45 / (2 * 2.0 * 0.55)));
    // scv = 1 is M/M/1: Wq = rho / (mu - lambda)
    CHECK(mg1_mean_wait(0.8, 1.0, 1.0) == Approx(0.8 / 0.2));
    // M/D/1 is half of M/M/1
    CHECK(mg1_mean_wait(0.8, 1.0, 0.0) == Approx(2.0));
    CHECK_THROWS_AS(md1_mean_wait(1.0, 1.0), std::invalid_argument);
    CHECK_THROWS_AS(mg1_mean_wait(1.0, 1.2, 0.5), std::invalid_argument);
}
