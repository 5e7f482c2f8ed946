// `slotrush mmc`: simulates one station with Poisson arrivals in R independent replications and
// prints each estimate's 95% Student-t interval beside the queueing-theory value.
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "sim/engine/replications.hpp"
#include "sim/model/queue_experiment.hpp"
#include "sim/stats/confidence_interval.hpp"
#include "sim/stats/queueing_theory.hpp"

namespace slotrush::cli {

namespace {

struct MmcOptions {
  double arrival_rate = 9.0;
  double service_rate = 1.0;
  int servers = 10;
  std::string service = "exponential";
  long long capacity = -1;  // K: total in system; -1 unbounded
  std::uint64_t customers = 200'000;
  std::uint64_t warmup = 10'000;
  std::size_t replications = 10;
  std::uint64_t seed = 1;
  unsigned threads = 0;
};

void print_row(const std::string& name, const std::vector<double>& samples,
               std::optional<double> theory) {
  const ConfidenceInterval ci = student_t_interval(samples, 0.95);
  if (theory) {
    fmt::print("  {:<26} {:>12.6f} ± {:<10.6f} {:>12.6f}   {}\n", name, ci.mean, ci.half_width,
               *theory, ci.contains(*theory) ? "inside" : "OUTSIDE");
  } else {
    fmt::print("  {:<26} {:>12.6f} ± {:<10.6f} {:>12}\n", name, ci.mean, ci.half_width, "-");
  }
}

int run_mmc(const MmcOptions& o) {
  QueueExperiment e;
  e.arrival_rate = o.arrival_rate;
  e.servers = o.servers;
  const double mean_service = 1.0 / o.service_rate;
  e.service = o.service == "deterministic" ? Distribution(Deterministic{mean_service})
                                           : Distribution(Exponential{mean_service});
  if (o.capacity >= 0) {
    if (o.capacity < o.servers)
      throw std::invalid_argument("--capacity (K, total in system) must be at least --servers");
    e.queue_limit = static_cast<std::size_t>(o.capacity - o.servers);
  }
  e.customers = o.customers;
  e.warmup_customers = o.warmup;

  const auto runs = run_replications(o.replications, o.threads, [&](std::size_t r) {
    return run_queue_experiment(e, o.seed, r);
  });
  auto column = [&](double QueueEstimates::*field) {
    std::vector<double> v;
    for (const auto& r : runs) v.push_back(r.*field);
    return v;
  };

  const double a = o.arrival_rate / o.service_rate;
  const bool exponential = o.service != "deterministic";
  const std::string kind = fmt::format("M/{}/{}{}", exponential ? "M" : "D", o.servers,
                                       o.capacity >= 0 ? fmt::format("/{}", o.capacity) : "");
  fmt::print("{}  lambda={} mu={} (offered load a={:.3f}, rho={:.3f})\n", kind, o.arrival_rate,
             o.service_rate, a, a / o.servers);
  fmt::print("{} replications x {} customers after {} warm-up, seed {}\n\n", o.replications,
             o.customers, o.warmup, o.seed);
  fmt::print("  {:<26} {:>25}   {:>12}\n", "estimate", "simulated (95% CI)", "theory");

  std::optional<double> wq, pw, util, l, w, pb;
  if (o.capacity < 0 && exponential && a < o.servers) {
    const MmcMetrics m = mmc_metrics(o.arrival_rate, o.service_rate, o.servers);
    wq = m.wq, pw = m.p_wait, util = m.rho, l = m.l, w = m.w;
  } else if (o.capacity < 0 && !exponential && o.servers == 1 && a < 1) {
    wq = md1_mean_wait(o.arrival_rate, o.service_rate);
    w = *wq + mean_service, util = a, l = o.arrival_rate * *w, pw = a;
  } else if (o.capacity >= 0 && exponential && o.servers == 1) {
    const Mm1kMetrics m = mm1k_metrics(o.arrival_rate, o.service_rate, static_cast<int>(o.capacity));
    pb = m.p_block, l = m.l, w = m.w, wq = m.wq, util = m.lambda_eff / o.service_rate;
  } else if (o.capacity == o.servers) {
    pb = erlang_b(o.servers, a);  // insensitive to the service distribution
    util = a * (1 - *pb) / o.servers;
  }
  print_row("mean wait in queue Wq (s)", column(&QueueEstimates::mean_wait), wq);
  print_row("P(wait > 0)", column(&QueueEstimates::p_wait), pw);
  print_row("utilisation", column(&QueueEstimates::utilisation), util);
  print_row("mean in system L", column(&QueueEstimates::mean_in_system), l);
  print_row("mean sojourn W (s)", column(&QueueEstimates::mean_sojourn), w);
  print_row("P(blocked)", column(&QueueEstimates::p_block), pb);
  print_row("throughput (1/s)", column(&QueueEstimates::throughput), std::nullopt);
  return 0;
}

}  // namespace

Command add_mmc_command(CLI::App& app) {
  auto o = std::make_shared<MmcOptions>();
  CLI::App* cmd = app.add_subcommand(
      "mmc", "Simulate an M/M/c (M/D/1, M/M/1/K, M/G/c/c) queue and compare it with theory");
  cmd->add_option("--arrival-rate", o->arrival_rate, "lambda, customers per second")
      ->check(positive())->capture_default_str();
  cmd->add_option("--service-rate", o->service_rate, "mu, services per second per server")
      ->check(positive())->capture_default_str();
  cmd->add_option("--servers", o->servers, "c, number of servers")
      ->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--service", o->service, "service-time distribution")
      ->check(CLI::IsMember({"exponential", "deterministic"}))->capture_default_str();
  cmd->add_option("--capacity", o->capacity, "K, most customers in the system (default unbounded)")
      ->check(CLI::Range(1LL, 1LL << 40));
  cmd->add_option("--customers", o->customers, "measured arrivals per replication")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 40))->capture_default_str();
  cmd->add_option("--warmup", o->warmup, "arrivals deleted as warm-up")->capture_default_str();
  cmd->add_option("--replications,-r", o->replications, "independent replications")
      ->check(CLI::Range(std::size_t{2}, std::size_t{100000}))->capture_default_str();
  cmd->add_option("--seed", o->seed, "base seed")->capture_default_str();
  cmd->add_option("--threads", o->threads, "worker threads (0: all cores)")->capture_default_str();
  return [o] {
    if (o->capacity < 0 && o->arrival_rate / o->service_rate >= o->servers)
      fmt::print(stderr, "note: offered load a >= c with an unbounded queue: no steady state\n");
    return run_mmc(*o);
  };
}

}  // namespace slotrush::cli
