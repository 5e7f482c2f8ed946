// The JSON form of ScenarioCounters, whole (every count, the groups, the days' sold-out times, the
// client-side series with its latency buckets, the histograms), kept in a scenario-mode shard's
// load-shard.json so that `slotrush merge` adds the shards' virtual users exactly as one process adds
// its threads' (ScenarioCounters::merge) and fills the same scenario KPIs (fill_run_result).
#pragma once
#include <nlohmann/json.hpp>

#include "loadgen/scenario/scenario_counters.hpp"

namespace slotrush::loadgen {

nlohmann::json scenario_counters_json(const ScenarioCounters& counters);

// Throws std::runtime_error naming what is wrong (a missing or mistyped field, a histogram whose
// buckets do not add up, a series longer than the run could hold).
ScenarioCounters scenario_counters_of(const nlohmann::json& j);

}  // namespace slotrush::loadgen
