// M/M/c on slotrush (lambda 9, mu 1, c 10, 200,000 customers by default), one replication on one
// thread, timed: the counterpart of bench/peers/mmc_simpy.py. Prints one JSON line.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sim/model/queue_experiment.hpp"
#include "sim/stats/queueing_theory.hpp"

using namespace slotrush;

int main(int argc, char** argv) {
  QueueExperiment e;
  double mu = 1.0;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!std::strncmp(a, "--lam=", 6)) e.arrival_rate = std::atof(a + 6);
    else if (!std::strncmp(a, "--mu=", 5)) mu = std::atof(a + 5);
    else if (!std::strncmp(a, "--servers=", 10)) e.servers = std::atoi(a + 10);
    else if (!std::strncmp(a, "--customers=", 12)) e.customers = std::strtoull(a + 12, nullptr, 10);
    else if (!std::strncmp(a, "--seed=", 7)) seed = std::strtoull(a + 7, nullptr, 10);
    else {
      std::fprintf(stderr, "usage: %s [--lam=X] [--mu=X] [--servers=N] [--customers=N] [--seed=N]\n", argv[0]);
      return 2;
    }
  }
  e.service = Distribution(Exponential{1.0 / mu});
  const auto t0 = std::chrono::steady_clock::now();
  const QueueEstimates r = run_queue_experiment(e, seed, 0);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  std::printf(
      "{\"peer\":\"slotrush\",\"customers\":%llu,\"seconds\":%.4f,\"customers_per_second\":%.0f,"
      "\"mean_wait\":%.6f,\"erlang_c_wait\":%.6f,\"events\":%llu,\"peak_rss_kib\":%ld}\n",
      (unsigned long long)e.customers, secs, double(e.customers) / secs, r.mean_wait,
      mmc_metrics(e.arrival_rate, mu, e.servers).wq, (unsigned long long)r.events, u.ru_maxrss);
  return 0;
}
