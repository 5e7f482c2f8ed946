// The OpenMetrics export of a run's series (sim/results/openmetrics_writer): sample placement, idle
// fill, cumulative counters, the closing "# EOF", and the start-date mapping.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/results/openmetrics_start.hpp"
#include "sim/results/openmetrics_writer.hpp"

namespace slotrush {
namespace {

SeriesRow row(double t, std::uint32_t offered, std::uint32_t queue, std::int64_t slots) {
  SeriesRow r;
  r.time_seconds = t;
  r.offered = offered;
  r.queue_depth = queue;
  r.slots_left = slots;
  r.latency_p99 = 0.5;
  return r;
}

Results two_bursts() {
  Results r;
  r.scenario_name = "tiny \"race\"";
  r.series_interval_seconds = 1.0;
  // A burst at 09:00:00-09:00:01, ten idle minutes, one more row, and a repeated closing row.
  r.series = {row(32400, 10, 5, 40), row(32401, 20, 7, 30), row(33002, 3, 0, 30), row(33002, 2, 1, 29)};
  return r;
}

// Samples of one series (the text before the value), as (timestamp, value) strings in file order.
std::vector<std::pair<std::string, std::string>> samples(const std::string& text, const std::string& series) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(series + " ", 0) != 0) continue;
    std::istringstream fields(line.substr(series.size() + 1));
    std::string value, ts;
    fields >> value >> ts;
    out.emplace_back(ts, value);
  }
  return out;
}

const std::string kLabels = R"({job="slotrush-sim",scenario="tiny \"race\""})";
std::string labels_with(const std::string& extra) { return kLabels.substr(0, kLabels.size() - 1) + "," + extra + "}"; }

}  // namespace

TEST_CASE("the OpenMetrics export ends in # EOF and declares each family once before its samples") {
  std::ostringstream out;
  write_openmetrics(two_bursts(), OpenMetricsExport{1'000'000, "slotrush-sim"}, out);
  const std::string text = out.str();
  REQUIRE(text.size() > 6);
  CHECK(text.substr(text.size() - 6) == "# EOF\n");
  CHECK(text.find("# TYPE slotrush_load_requests_sent counter\n") < text.find("slotrush_load_requests_sent_total{"));
  CHECK(text.find("# TYPE slotrush_queue_depth gauge\n") != std::string::npos);
  CHECK(text.find("# TYPE slotrush_load_requests_sent counter", text.find("# TYPE slotrush_load_requests_sent counter") + 1) ==
        std::string::npos);
}

TEST_CASE("counters are cumulative from 0 at simulated time 0 and stamped at each row's close") {
  std::ostringstream out;
  write_openmetrics(two_bursts(), OpenMetricsExport{1'000'000, "slotrush-sim"}, out);
  const auto sent = samples(out.str(), "slotrush_load_requests_sent_total" + labels_with(R"(route="all")"));
  REQUIRE(sent.size() > 4);
  CHECK(sent.front() == std::pair<std::string, std::string>{"1000.000", "0"});  // day 0 at Unix 1000 s
  std::map<std::string, std::string> at(sent.begin(), sent.end());
  CHECK(at.at("33401.000") == "10");  // 1000 + 32400 + 1: the first row's close
  CHECK(at.at("33402.000") == "30");
  CHECK(at.at("34003.000") == "35");  // the repeated closing row folds into the same instant
  for (std::size_t i = 1; i < sent.size(); ++i) CHECK(std::stod(sent[i - 1].first) < std::stod(sent[i].first));
}

TEST_CASE("idle intervals read as idle: empty queue, slots unchanged, no latency, no gap over 60 s") {
  std::ostringstream out;
  write_openmetrics(two_bursts(), OpenMetricsExport{0, "slotrush-sim"}, out);
  const std::string text = out.str();
  const auto queue = samples(text, "slotrush_queue_depth" + labels_with(R"(tier="all")"));
  std::map<std::string, std::string> q(queue.begin(), queue.end());
  CHECK(q.at("32401.000") == "5");
  CHECK(q.at("32402.000") == "7");
  CHECK(q.at("32403.000") == "0");    // the first idle interval closes
  CHECK(q.at("33002.000") == "0");    // the next row's start
  CHECK(q.at("33003.000") == "1");    // the closing row's level wins
  for (std::size_t i = 1; i < queue.size(); ++i)
    CHECK(std::stod(queue[i].first) - std::stod(queue[i - 1].first) <= 60.0);
  const auto slots = samples(text, "slotrush_slots_open" + labels_with(R"(port="all")"));
  REQUIRE_FALSE(slots.empty());
  CHECK(slots.front() == std::pair<std::string, std::string>{"32401.000", "40"});  // nothing before the first row
  std::map<std::string, std::string> s(slots.begin(), slots.end());
  CHECK(s.at("32403.000") == "30");
  const auto p99 = samples(text, "slotrush_sim_latency_p99_seconds" + kLabels);
  std::map<std::string, std::string> p(p99.begin(), p99.end());
  CHECK(p.at("32401.000") == "0.5");
  CHECK(p.at("32403.000") == "NaN");
}

TEST_CASE("simulated time 0 is local midnight of the start date") {
  CHECK(local_midnight_unix_ms("2023-01-18", -300) == 1'674'018'000'000);  // 05:00 UTC
  CHECK(local_midnight_unix_ms("1970-01-01", 0) == 0);
  CHECK(local_midnight_unix_ms("2024-02-29", 60) == 1'709'161'200'000);
  CHECK_FALSE(local_midnight_unix_ms("2023-02-29", 0));
  CHECK_FALSE(local_midnight_unix_ms("2023-1-18", 0));
  CHECK_FALSE(local_midnight_unix_ms("2023-01-1x", 0));
}

}  // namespace slotrush
