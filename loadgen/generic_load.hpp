// The generic modes of `slotrush load` for any HTTP/1.1 target, all sending one fixed request:
//  - closed loop (no rate): each connection sends its next request as soon as the last one ended,
//    as wrk does; throughput is what the server allows;
//  - open model (a rate, or ramping stages): requests are due on a schedule whatever the server does
//    (constant spacing, or Poisson arrivals, along the ArrivalSchedule's rate); a due request waits
//    for a free keep-alive connection, its latency counts from when it was due, and it is dropped
//    (counted, never sent) if --max-in-flight are pending.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "loadgen/arrival_schedule.hpp"
#include "loadgen/http_request.hpp"
#include "loadgen/load_engine.hpp"
#include "loadgen/load_share.hpp"

namespace slotrush::loadgen {

enum class Arrivals { constant, poisson };

struct GenericLoadPlan {
  HttpRequest request;                   // target path, method, headers, body, route label
  std::optional<double> rate;            // requests/s over all threads (the start rate with stages)
  std::vector<RateStage> stages;         // ramping arrival rate; with no rate and no stages: closed loop
  Arrivals arrivals = Arrivals::constant;
  std::uint64_t seed = 1;                // Poisson arrivals only
  std::size_t connections = 64;          // over all threads
  std::optional<std::uint64_t> max_requests;  // over all threads
  std::size_t max_in_flight = 10000;     // open model, over all threads: pending beyond this drop
  Clock::duration timeout = std::chrono::seconds(10);
  Clock::duration duration = std::chrono::seconds(10);  // with stages: their sum (see schedule_of)
  LoadShare share;  // --shard: the figures above are the whole test's; this process sends its share


  bool open_model() const { return rate.has_value() || !stages.empty(); }
};

// The open model's schedule: the stages from `rate` (or 0), else `rate` held for `duration`.
ArrivalSchedule schedule_of(const GenericLoadPlan& plan);

// Engine options for the plan: the pool holds the open model's connections; closed loops own theirs.
LoadEngineOptions engine_options_for(const GenericLoadPlan& plan, TargetUrl target, std::size_t threads);

// Runs the plan on `engine` (built from engine_options_for) and returns what was measured.
LoadRun run_generic_load(LoadEngine& engine, const GenericLoadPlan& plan);

// The share of `total` that thread `index` of `threads` takes (the first ones take the remainder).
inline std::uint64_t share_of(std::uint64_t total, std::size_t threads, std::size_t index) {
  return LoadShare::part(total, threads, index);
}

}  // namespace slotrush::loadgen
