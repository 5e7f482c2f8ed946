// The JSON form of a LatencyHistogram (its count, sum, min, max and every non-empty bucket as
// [lower, count], so a histogram read back merges exactly) and of AttemptLatencies, shared by the
// files that carry measurements between processes: load-shard.json and its scenario part.
#pragma once
#include <cstdint>

#include <nlohmann/json.hpp>

#include "sim/results/attempt_latencies.hpp"
#include "sim/stats/latency_histogram.hpp"

namespace slotrush::loadgen {

// A count read from a file: a whole number from 0 to `max`, else std::runtime_error naming `what`
// (nlohmann's get<> would cast 1e99 or -1 without a word).
std::uint64_t count_of(const nlohmann::json& j, const char* what, std::uint64_t max = UINT64_MAX);
// A signed whole number (an instant, a day) from `low` to `high`, else std::runtime_error naming `what`.
std::int64_t integer_of(const nlohmann::json& j, const char* what, std::int64_t low = INT64_MIN, std::int64_t high = INT64_MAX);

nlohmann::json histogram_json(const LatencyHistogram& histogram);
// Throws std::runtime_error when the buckets do not add up to the count; nlohmann::json::exception
// on a missing or mistyped field.
LatencyHistogram histogram_of(const nlohmann::json& j);

nlohmann::json latencies_json(const AttemptLatencies& latencies);
AttemptLatencies latencies_of(const nlohmann::json& j);

}  // namespace slotrush::loadgen
