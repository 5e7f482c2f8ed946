#include "sim/model/queue_experiment.hpp"

#include <stdexcept>

#include "sim/engine/simulation.hpp"

namespace slotrush {

namespace {

// The arrival process: Poisson arrivals, one job each, warm-up deleted after the first arrivals.
Process poisson_source(Simulation& sim, ServiceStation& station, const QueueExperiment& e,
                       RandomStream arrivals, SimTime& measure_start) {
  const double mean_gap = 1.0 / e.arrival_rate;
  const std::uint64_t total = e.warmup_customers + e.customers;
  for (std::uint64_t n = 0; n < total; ++n) {
    co_await sim.delay(from_seconds(sample_exponential(arrivals, mean_gap)));
    if (n == e.warmup_customers) {
      station.reset_statistics();
      measure_start = sim.now();
    }
    station.submit(n, JobCallback{});
  }
  if (!e.drain) sim.stop();
}

}  // namespace

QueueEstimates run_queue_experiment(const QueueExperiment& e, std::uint64_t seed,
                                    std::uint64_t replication) {
  if (e.arrival_rate <= 0) throw std::invalid_argument("arrival rate must be positive");
  if (e.customers == 0) throw std::invalid_argument("customers must be at least 1");
  Simulation sim;
  StationConfig config{e.servers, e.discipline, e.queue_limit};
  ServiceStation station(sim, config, e.service, RandomStream(seed, "service", replication));
  SimTime measure_start = 0;
  sim.spawn(poisson_source(sim, station, e, RandomStream(seed, "arrivals", replication),
                           measure_start));
  sim.run();

  const SimTime end = sim.now();
  const StationStatistics& s = station.statistics();
  QueueEstimates out;
  out.measured_seconds = to_seconds(end - measure_start);
  out.arrivals = s.arrivals;
  out.completed = s.completed;
  out.mean_wait = s.wait_seconds.mean();
  out.mean_sojourn = s.sojourn_seconds.mean();
  const std::uint64_t admitted = s.arrivals - s.rejected;
  out.p_wait = admitted > 0 ? static_cast<double>(s.waited) / static_cast<double>(admitted) : 0.0;
  out.p_block = s.arrivals > 0 ? static_cast<double>(s.rejected) / static_cast<double>(s.arrivals) : 0.0;
  out.utilisation = s.busy.mean(end) / e.servers;
  out.mean_in_system = s.in_system.mean(end);
  out.mean_in_queue = s.in_queue.mean(end);
  out.throughput = out.measured_seconds > 0 ? static_cast<double>(s.completed) / out.measured_seconds : 0;
  out.in_system_integral = s.in_system.integral(end) * 1e-9;
  out.total_sojourn = to_seconds(s.sojourn_ticks);
  out.events = sim.fired_events();
  return out;
}

}  // namespace slotrush
