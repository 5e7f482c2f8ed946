// Closed-form reference results for classic queues (Erlang B/C, M/M/c, M/M/1/K, M/G/1),
// used to validate the simulator. Rates are per unit time; a = λ/μ is offered load.
// All functions throw std::invalid_argument on out-of-domain or unstable inputs.
#pragma once

namespace slotrush {

// Erlang-B blocking probability for c servers and offered load a (stable recursion).
[[nodiscard]] double erlang_b(int c, double a);

// Erlang-C probability of waiting; requires c >= 1 and 0 <= a < c.
[[nodiscard]] double erlang_c(int c, double a);

struct MmcMetrics {
    double a;       // offered load λ/μ
    double rho;     // per-server utilisation a/c
    double p_wait;  // Erlang C
    double wq;      // mean wait in queue
    double w;       // mean time in system
    double lq;      // mean queue length
    double l;       // mean number in system
};

// Requires lambda >= 0, mu > 0, c >= 1 and lambda < c·mu.
[[nodiscard]] MmcMetrics mmc_metrics(double lambda, double mu, int c);

struct Mm1kMetrics {
    double p_block;     // P(system full) = P_K, also the loss probability
    double p0;          // P(empty)
    double l;           // mean number in system
    double lq;          // mean number waiting
    double lambda_eff;  // admitted rate λ(1 - P_K)
    double w;           // mean time in system of admitted customers
    double wq;          // mean wait of admitted customers
};

// Single server, capacity k (including the one in service). Any ρ, including ρ = 1.
// Requires lambda >= 0, mu > 0, k >= 1. With lambda == 0: w = 1/mu, wq = 0.
[[nodiscard]] Mm1kMetrics mm1k_metrics(double lambda, double mu, int k);

// M/D/1 mean wait in queue (Pollaczek-Khinchine): ρ / (2μ(1-ρ)); requires ρ < 1.
[[nodiscard]] double md1_mean_wait(double lambda, double mu);

// M/G/1 mean wait in queue: λ E[S²] / (2(1-ρ)), E[S²] = mean²(1 + scv); requires ρ < 1.
[[nodiscard]] double mg1_mean_wait(double lambda, double mean_service, double service_scv);

}  // namespace slotrush
