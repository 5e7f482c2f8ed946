// AppointmentWorld: one simulated replication of a Scenario. Registrants and their devices are
// event-driven state machines that walk the CBP One request flow with timeouts, retries and
// abandonment; each server tier is a ServiceStation; slot supply, the lottery, the waiting room and
// retry rules come from sim/domain. run() returns the RunResult of the Results schema.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>

#include "sim/domain/run_scope.hpp"
#include "sim/results/run_result.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush {

// Called now and then with the fraction of the horizon simulated so far (for a progress bar).
using ProgressCallback = std::function<void(double fraction)>;

// Simulates replication `replication` of `scenario`. Streams are derived from (scenario.seed,
// purpose, index), so the same seed gives the same people, arrivals and draws under any policy
// (common random numbers) and the result is independent of threads. `scope` runs a fraction of the
// people (sim/domain Population: the people a live run of that scale meets) and, for a run held
// against a live one, only the live run's window: phones due before its start never start, and the
// run ends at its end.
RunResult simulate_appointments(const Scenario& scenario, std::uint64_t replication,
                                const ProgressCallback& progress = {}, const RunScope& scope = {});

}  // namespace slotrush
