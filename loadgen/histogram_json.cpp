#include "loadgen/histogram_json.hpp"

#include <stdexcept>
#include <string>
#include <vector>

namespace slotrush::loadgen {

using nlohmann::json;

std::uint64_t count_of(const json& j, const char* what, std::uint64_t max) {
  // Parsed files hold non-negative integers as unsigned; a value set in code may be a signed one.
  const bool whole = j.is_number_unsigned() || (j.is_number_integer() && j.get<std::int64_t>() >= 0);
  if (!whole || j.get<std::uint64_t>() > max)
    throw std::runtime_error(std::string(what) + " is " + j.dump() + "; allowed: a whole number from 0 to " + std::to_string(max));
  return j.get<std::uint64_t>();
}

std::int64_t integer_of(const json& j, const char* what, std::int64_t low, std::int64_t high) {
  const bool fits = j.is_number_integer() && (!j.is_number_unsigned() || j.get<std::uint64_t>() <= INT64_MAX);
  if (!fits || j.get<std::int64_t>() < low || j.get<std::int64_t>() > high)
    throw std::runtime_error(std::string(what) + " is " + j.dump() + "; allowed: a whole number from " + std::to_string(low) +
                             " to " + std::to_string(high));
  return j.get<std::int64_t>();
}

json histogram_json(const LatencyHistogram& h) {
  json buckets = json::array();
  h.for_each_bucket([&](std::uint64_t lower, std::uint64_t, std::uint64_t count) { buckets.push_back({lower, count}); });
  return {{"count", h.count()}, {"sum", h.sum()}, {"min", h.min()}, {"max", h.max()}, {"buckets", buckets}};
}

LatencyHistogram histogram_of(const json& j) {
  std::vector<LatencyHistogram::Bucket> buckets;
  for (const json& b : j.at("buckets")) buckets.push_back({count_of(b.at(0), "a bucket's bound"), count_of(b.at(1), "a bucket's count")});
  LatencyHistogram h = LatencyHistogram::from_buckets(buckets, j.at("sum").get<double>(), count_of(j.at("min"), "a histogram's min"),
                                                      count_of(j.at("max"), "a histogram's max"));
  if (h.count() != count_of(j.at("count"), "a histogram's count")) throw std::runtime_error("a histogram's buckets do not add up to its count");
  return h;
}

json latencies_json(const AttemptLatencies& a) {
  return {{"useful_us", histogram_json(a.useful_us)}, {"attempts_us", histogram_json(a.attempts_us)}};
}

AttemptLatencies latencies_of(const json& j) {
  AttemptLatencies a;
  a.useful_us = histogram_of(j.at("useful_us"));
  a.attempts_us = histogram_of(j.at("attempts_us"));
  return a;
}

}  // namespace slotrush::loadgen
