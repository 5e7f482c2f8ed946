#include "sim/stats/queueing_theory.hpp"

#include <cmath>
#include <stdexcept>

namespace slotrush {

double erlang_b(int c, double a) {
    if (c < 0) throw std::invalid_argument("erlang_b: c must be >= 0");
    if (!(a >= 0.0) || !std::isfinite(a)) throw std::invalid_argument("erlang_b: a must be finite and >= 0");
    double b = 1.0;
    for (int k = 1; k <= c; ++k) b = a * b / (k + a * b);
    return b;
}

double erlang_c(int c, double a) {
    if (c < 1) throw std::invalid_argument("erlang_c: c must be >= 1");
    if (!(a >= 0.0 && a < c)) throw std::invalid_argument("erlang_c: requires 0 <= a < c");
    const double b = erlang_b(c, a);
    const double rho = a / c;
    return b / (1.0 - rho * (1.0 - b));
}

MmcMetrics mmc_metrics(double lambda, double mu, int c) {
    if (!(lambda >= 0.0) || !(mu > 0.0)) throw std::invalid_argument("mmc_metrics: need lambda >= 0, mu > 0");
    if (c < 1) throw std::invalid_argument("mmc_metrics: c must be >= 1");
    MmcMetrics m{};
    m.a = lambda / mu;
    m.rho = m.a / c;
    m.p_wait = erlang_c(c, m.a);  // throws if unstable
    m.wq = m.p_wait / (c * mu - lambda);
    m.w = m.wq + 1.0 / mu;
    m.lq = lambda * m.wq;
    m.l = m.lq + m.a;
    return m;
}

Mm1kMetrics mm1k_metrics(double lambda, double mu, int k) {
    if (!(lambda >= 0.0) || !(mu > 0.0) || !std::isfinite(lambda)) {
        throw std::invalid_argument("mm1k_metrics: need finite lambda >= 0, mu > 0");
    }
    if (k < 1) throw std::invalid_argument("mm1k_metrics: k must be >= 1");
    // Unnormalised p_n ∝ ρ^n. Scale so the largest weight is 1 (ρ^n for ρ <= 1,
    // ρ^{n-K} for ρ > 1): no overflow and no 1-ρ^{K+1} cancellation near ρ = 1.
    const double rho = lambda / mu;
    const bool up = rho <= 1.0;
    const double r = up ? rho : 1.0 / rho;
    double weight = 1.0;  // weight of n = 0 (up) or n = K (down)
    double total = 0.0, first = 0.0, mean_n = 0.0, edge_other = 0.0;
    for (int j = 0; j <= k; ++j) {
        const int n = up ? j : k - j;
        total += weight;
        mean_n += n * weight;
        if (j == 0) first = weight;
        if (j == k) edge_other = weight;
        weight *= r;
    }
    Mm1kMetrics m{};
    m.p0 = (up ? first : edge_other) / total;
    m.p_block = (up ? edge_other : first) / total;
    m.l = mean_n / total;
    m.lq = m.l - (1.0 - m.p0);
    m.lambda_eff = lambda * (1.0 - m.p_block);
    if (m.lambda_eff > 0.0) {
        m.w = m.l / m.lambda_eff;
        m.wq = m.lq / m.lambda_eff;
    } else {
        m.w = 1.0 / mu;
        m.wq = 0.0;
    }
    return m;
}

double mg1_mean_wait(double lambda, double mean_service, double service_scv) {
    if (!(lambda >= 0.0) || !(mean_service > 0.0) || !(service_scv >= 0.0)) {
        throw std::invalid_argument("mg1_mean_wait: need lambda >= 0, mean_service > 0, scv >= 0");
    }
    const double rho = lambda * mean_service;
    if (!(rho < 1.0)) throw std::invalid_argument("mg1_mean_wait: unstable, rho >= 1");
    const double es2 = mean_service * mean_service * (1.0 + service_scv);
    return lambda * es2 / (2.0 * (1.0 - rho));
}

double md1_mean_wait(double lambda, double mu) {
    if (!(mu > 0.0)) throw std::invalid_argument("md1_mean_wait: mu must be > 0");
    return mg1_mean_wait(lambda, 1.0 / mu, 0.0);
}

}  // namespace slotrush
