// QueueExperiment: one ServiceStation fed by Poisson arrivals, run for a number of customers with a
// warm-up deleted: the M/M/c, M/M/c/K, M/D/1 and M/G/c/c experiments that validate the station
// against queueing theory and that `slotrush mmc` runs.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>

#include "sim/model/service_station.hpp"
#include "sim/random/distribution.hpp"

namespace slotrush {

struct QueueExperiment {
  double arrival_rate = 9.0;          // lambda, customers per second
  int servers = 10;                   // c
  Distribution service = Distribution(Exponential{1.0});  // seconds
  QueueDiscipline discipline = QueueDiscipline::Fifo;
  std::optional<std::size_t> queue_limit;  // K - c; nullopt: unbounded
  std::uint64_t customers = 200'000;  // arrivals generated after the warm-up
  std::uint64_t warmup_customers = 0; // arrivals whose statistics are deleted
  bool drain = false;                 // keep running after the last arrival until the station is empty
};

// Steady-state estimates from one replication (time averages over the measured period).
struct QueueEstimates {
  double mean_wait = 0;          // Wq, seconds, over served customers
  double mean_sojourn = 0;       // W, seconds, over completed customers
  double p_wait = 0;             // share of admitted arrivals that had to queue
  double p_block = 0;            // share of arrivals rejected
  double utilisation = 0;        // time-average busy workers / c
  double mean_in_system = 0;     // L
  double mean_in_queue = 0;      // Lq
  double throughput = 0;         // completions per second
  double measured_seconds = 0;   // length of the measured period
  std::uint64_t arrivals = 0;
  std::uint64_t completed = 0;
  double in_system_integral = 0; // integral of N(t) dt over the measured period, customer-seconds
  double total_sojourn = 0;      // sum of completed customers' sojourns, seconds
  std::uint64_t events = 0;      // kernel events fired
};

// Runs replication `replication` of the experiment; arrivals and service times use separate streams
// keyed by (seed, purpose, replication).
QueueEstimates run_queue_experiment(const QueueExperiment& experiment, std::uint64_t seed,
                                    std::uint64_t replication);

}  // namespace slotrush
