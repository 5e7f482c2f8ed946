// ServiceStation against queueing theory (shared/peers.md part 3): each analytic value must fall in
// the 95% Student-t interval of R independent replications, with a fixed seed so the test is
// repeatable. Each section also checks the interval is tight enough to reject a 5% error, so a
// passing test is not merely the product of wide intervals.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/engine/replications.hpp"
#include "sim/model/queue_experiment.hpp"
#include "sim/stats/confidence_interval.hpp"
#include "sim/stats/queueing_theory.hpp"

using namespace slotrush;

namespace {

constexpr std::uint64_t kSeed = 20230118;  // the CBP One scheduling launch day

std::vector<QueueEstimates> replicate(const QueueExperiment& e, std::size_t replications) {
  return run_replications(replications, 0, [&](std::size_t r) { return run_queue_experiment(e, kSeed, r); });
}

ConfidenceInterval interval(const std::vector<QueueEstimates>& runs, double QueueEstimates::*field) {
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.*field);
  return student_t_interval(v, 0.95);
}

// The value lies in the interval, and a value 5% away would not.
void require_matches(const ConfidenceInterval& ci, double theory, const char* what) {
  INFO(what << ": simulated " << ci.mean << " ± " << ci.half_width << ", theory " << theory);
  REQUIRE(ci.contains(theory));
  REQUIRE(ci.half_width < 0.05 * std::abs(theory));
}

}  // namespace

TEST_CASE("M/M/c waits, waiting probability and utilisation match Erlang C") {
  struct Case { int c; double lambda; std::uint64_t customers; };
  // (c, load): (2, 0.5), (10, 0.9), (5, 0.95)
  const Case cases[] = {{2, 1.0, 200'000}, {10, 9.0, 200'000}, {5, 4.75, 400'000}};
  for (const Case& k : cases) {
    DYNAMIC_SECTION("c=" << k.c << " lambda=" << k.lambda) {
      QueueExperiment e;
      e.arrival_rate = k.lambda;
      e.servers = k.c;
      e.service = Distribution(Exponential{1.0});
      e.customers = k.customers;
      e.warmup_customers = k.customers / 10;
      const auto runs = replicate(e, 20);
      const MmcMetrics m = mmc_metrics(k.lambda, 1.0, k.c);
      require_matches(interval(runs, &QueueEstimates::mean_wait), m.wq, "Wq");
      require_matches(interval(runs, &QueueEstimates::p_wait), m.p_wait, "P(wait > 0)");
      require_matches(interval(runs, &QueueEstimates::utilisation), m.rho, "utilisation");
      require_matches(interval(runs, &QueueEstimates::mean_in_system), m.l, "L");
    }
  }
}

TEST_CASE("M/M/1/K blocking probability and throughput match the finite-capacity formulas") {
  struct Case { double lambda; int k; };
  const Case cases[] = {{0.8, 10}, {1.5, 4}};
  for (const Case& c : cases) {
    DYNAMIC_SECTION("lambda=" << c.lambda << " K=" << c.k) {
      QueueExperiment e;
      e.arrival_rate = c.lambda;
      e.servers = 1;
      e.queue_limit = static_cast<std::size_t>(c.k - 1);
      e.customers = 200'000;
      e.warmup_customers = 10'000;
      const auto runs = replicate(e, 20);
      const Mm1kMetrics m = mm1k_metrics(c.lambda, 1.0, c.k);
      require_matches(interval(runs, &QueueEstimates::p_block), m.p_block, "P_K");
      require_matches(interval(runs, &QueueEstimates::throughput), m.lambda_eff, "throughput");
      require_matches(interval(runs, &QueueEstimates::mean_in_system), m.l, "L");
    }
  }
}

TEST_CASE("M/G/c/c blocking matches Erlang B whatever the service distribution") {
  const double a = 8.0;  // c = 10, B(10, 8) = 0.121661
  const Distribution services[] = {Distribution(Exponential{1.0}), Distribution(Deterministic{1.0}),
                                   Distribution(LogNormal::from_median_p99(0.8, 4.0))};
  for (const Distribution& s : services) {
    DYNAMIC_SECTION("service " << s.describe()) {
      QueueExperiment e;
      e.servers = 10;
      e.queue_limit = 0;
      e.service = s;
      e.arrival_rate = a / s.mean();
      e.customers = 200'000;
      e.warmup_customers = 10'000;
      const auto runs = replicate(e, 20);
      require_matches(interval(runs, &QueueEstimates::p_block), erlang_b(10, a), "Erlang B");
    }
  }
}

TEST_CASE("M/D/1 mean wait matches Pollaczek-Khinchine") {
  QueueExperiment e;
  e.arrival_rate = 0.8;
  e.servers = 1;
  e.service = Distribution(Deterministic{1.0});
  e.customers = 300'000;
  e.warmup_customers = 10'000;
  const auto runs = replicate(e, 20);
  require_matches(interval(runs, &QueueEstimates::mean_wait), md1_mean_wait(0.8, 1.0), "Wq");
}

TEST_CASE("LIFO changes who waits but not the mean wait of M/M/c") {
  QueueExperiment e;
  e.arrival_rate = 9.0;
  e.servers = 10;
  e.discipline = QueueDiscipline::Lifo;
  e.customers = 200'000;
  e.warmup_customers = 20'000;
  const auto runs = replicate(e, 20);
  require_matches(interval(runs, &QueueEstimates::mean_wait), mmc_metrics(9.0, 1.0, 10).wq, "Wq");
}

TEST_CASE("Little's law holds exactly on a run that starts and ends empty") {
  QueueExperiment e;
  e.arrival_rate = 4.5;
  e.servers = 5;
  e.customers = 50'000;
  e.drain = true;
  const QueueEstimates r = run_queue_experiment(e, kSeed, 0);
  REQUIRE(r.completed == r.arrivals);
  // (1/T) * integral N dt == (n/T) * mean W  <=>  integral N dt == sum of sojourns.
  const double lhs = r.mean_in_system;
  const double rhs = (static_cast<double>(r.completed) / r.measured_seconds) * r.mean_sojourn;
  REQUIRE(lhs == Approx(rhs).epsilon(1e-9));
  REQUIRE(r.in_system_integral == Approx(r.total_sojourn).epsilon(1e-12));
}

TEST_CASE("the same seed reproduces a replication exactly and another replication differs") {
  QueueExperiment e;
  e.customers = 20'000;
  const QueueEstimates a = run_queue_experiment(e, kSeed, 3);
  const QueueEstimates b = run_queue_experiment(e, kSeed, 3);
  const QueueEstimates c = run_queue_experiment(e, kSeed, 4);
  REQUIRE(a.mean_wait == b.mean_wait);
  REQUIRE(a.in_system_integral == b.in_system_integral);
  REQUIRE(a.events == b.events);
  REQUIRE(a.mean_wait != c.mean_wait);
}
