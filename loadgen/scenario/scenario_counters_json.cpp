#include "loadgen/scenario/scenario_counters_json.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "loadgen/histogram_json.hpp"

namespace slotrush::loadgen {
namespace {

using nlohmann::json;
using Count = std::uint64_t ScenarioCounters::*;

// Every plain count, one name each way.
constexpr std::pair<const char*, Count> kCounts[] = {
    {"people_planned", &ScenarioCounters::people_planned},
    {"people_started", &ScenarioCounters::people_started},
    {"people_booked", &ScenarioCounters::people_booked},
    {"people_abandoned", &ScenarioCounters::people_abandoned},
    {"people_left", &ScenarioCounters::people_left},
    {"people_active_at_end", &ScenarioCounters::people_active_at_end},
    {"people_waiting_at_end", &ScenarioCounters::people_waiting_at_end},
    {"devices_started", &ScenarioCounters::devices_started},
    {"patience_expired", &ScenarioCounters::patience_expired},
    {"give_ups", &ScenarioCounters::give_ups},
    {"attempts", &ScenarioCounters::attempts},
    {"retries", &ScenarioCounters::retries},
    {"useful", &ScenarioCounters::useful},
    {"rejected", &ScenarioCounters::rejected},
    {"timeouts", &ScenarioCounters::timeouts},
    {"lost", &ScenarioCounters::lost},
    {"throttled", &ScenarioCounters::throttled},
    {"budget_refused", &ScenarioCounters::budget_refused},
    {"room_waits", &ScenarioCounters::room_waits},
    {"unauthorized", &ScenarioCounters::unauthorized},
    {"broken", &ScenarioCounters::broken},
    {"background", &ScenarioCounters::background},
    {"slots_booked", &ScenarioCounters::slots_booked},
    {"lottery_entries", &ScenarioCounters::lottery_entries},
    {"lottery_won", &ScenarioCounters::lottery_won},
    {"lottery_lost", &ScenarioCounters::lottery_lost},
};

// The client-side columns of a series row (the server-side ones stay 0 in a measured run).
constexpr std::uint32_t SeriesRow::*kSeriesCounts[] = {&SeriesRow::offered,  &SeriesRow::goodput,  &SeriesRow::timeouts,
                                                       &SeriesRow::rejected, &SeriesRow::retries,  &SeriesRow::bookings,
                                                       &SeriesRow::in_flight};
constexpr std::size_t kRowWidth = 1 + std::size(kSeriesCounts);  // time_seconds first

constexpr std::uint64_t kMax32 = UINT32_MAX;

}  // namespace

json scenario_counters_json(const ScenarioCounters& c) {
  json counts = json::object();
  for (const auto& [name, member] : kCounts) counts[name] = c.*member;
  json groups = json::array();
  for (const auto& [key, g] : c.groups)
    groups.push_back({{"dimension", g.dimension}, {"label", g.label}, {"people", g.people}, {"booked", g.booked},
                      {"days_waited_sum", g.days_waited_sum}});
  json sold_out = json::array();
  for (const auto& [day, seconds] : c.sold_out_seconds) sold_out.push_back({day, seconds});
  json series = json::array();
  for (const SeriesRow& r : c.series) {
    json row = json::array({r.time_seconds});
    for (const auto member : kSeriesCounts) row.push_back(r.*member);
    series.push_back(std::move(row));
  }
  json buckets = json::array();
  for (const SeriesLatencies::Bucket& b : c.series_latencies.buckets())
    buckets.push_back({b.interval, b.useful, b.middle_us, b.count});
  return {{"counts", counts},
          {"retries_sent_by_step", c.retries_sent_by_step},
          {"days_waited_sum", c.days_waited_sum},
          {"sold_out_seconds", sold_out},
          {"groups", groups},
          {"wake_lag_us", histogram_json(c.wake_lag_us)},
          {"latencies", latencies_json(c.latencies)},
          {"series_interval_s", c.series_interval_seconds},
          {"series", series},
          {"lost_by_row", c.lost_by_row},
          {"series_latency_buckets", buckets}};
}

ScenarioCounters scenario_counters_of(const json& j) {
  try {
    ScenarioCounters c;
    const json& counts = j.at("counts");
    for (const auto& [name, member] : kCounts) c.*member = count_of(counts.at(name), name);
    const json& by_step = j.at("retries_sent_by_step");
    if (by_step.size() != c.retries_sent_by_step.size())
      throw std::runtime_error("retries_sent_by_step has " + std::to_string(by_step.size()) + " entries, not " +
                               std::to_string(c.retries_sent_by_step.size()));
    for (std::size_t i = 0; i < c.retries_sent_by_step.size(); ++i) c.retries_sent_by_step[i] = count_of(by_step.at(i), "a retry count");
    c.days_waited_sum = j.at("days_waited_sum").get<double>();
    for (const json& d : j.at("sold_out_seconds")) c.sold_out_seconds[static_cast<int>(integer_of(d.at(0), "a sold-out day", 0, INT32_MAX))] = d.at(1).get<double>();
    for (const json& g : j.at("groups")) {
      GroupOutcome o;
      o.dimension = g.at("dimension").get<std::string>();
      o.label = g.at("label").get<std::string>();
      o.people = g.at("people").get<double>();
      o.booked = g.at("booked").get<double>();
      o.days_waited_sum = g.at("days_waited_sum").get<double>();
      c.groups[{o.dimension, o.label}] = o;
    }
    c.wake_lag_us = histogram_of(j.at("wake_lag_us"));
    c.latencies = latencies_of(j.at("latencies"));
    c.series_interval_seconds = j.at("series_interval_s").get<double>();
    if (!(c.series_interval_seconds > 0)) throw std::runtime_error("series_interval_s is not a positive number of seconds");
    const json& series = j.at("series");
    const json& lost = j.at("lost_by_row");
    for (const json& row : series) {
      if (row.size() != kRowWidth)
        throw std::runtime_error("a series row has " + std::to_string(row.size()) + " entries, not " + std::to_string(kRowWidth));
      SeriesRow r;
      r.time_seconds = row.at(0).get<double>();
      for (std::size_t k = 0; k < std::size(kSeriesCounts); ++k) r.*kSeriesCounts[k] = static_cast<std::uint32_t>(count_of(row.at(k + 1), "a series count", kMax32));
      c.series.push_back(r);
    }
    for (const json& n : lost) c.lost_by_row.push_back(static_cast<std::uint32_t>(count_of(n, "a lost count", kMax32)));
    for (const json& b : j.at("series_latency_buckets")) {
      c.series_latencies.add({static_cast<std::uint32_t>(count_of(b.at(0), "a latency bucket's row", kMax32)),
                              b.at(1).get<bool>(), count_of(b.at(2), "a latency bucket's middle"),
                              count_of(b.at(3), "a latency bucket's count")});
    }
    return c;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("its scenario counters: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("its scenario counters: ") + e.what());
  }
}

}  // namespace slotrush::loadgen
