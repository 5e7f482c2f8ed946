#include "sim/results/openmetrics_writer.hpp"

#include <cmath>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace slotrush {
namespace {

// How a series' value at a sample point follows from the rows closed at that point.
enum class Reading {
  Count,       // counter: cumulative sum of the column since simulated time 0
  Level,       // gauge: the column of the last row; 0 at an idle point
  CarryLevel,  // gauge: the column of the last row; unchanged at an idle point (slots left)
  Quantile,    // gauge: the column of the last row; NaN at an idle point (no answers)
  Clock,       // gauge: simulated seconds since day 0 at the point
};

struct SeriesSpec {
  const char* labels;  // labels beyond job and scenario, already in exposition form
  Reading reading;
  double (*column)(const SeriesRow&);
};

struct FamilySpec {
  const char* name;  // counters without the _total suffix their samples carry
  const char* type;
  const char* help;
  std::vector<SeriesSpec> series;
};

// The metric mapping of docs/metrics.md ("Simulated days"): the live names where the mock or the
// load generator has a counterpart, slotrush_sim_* where only the simulator knows the value. Request
// counts are the client's view (slotrush_load_*): the series counts goodput and timeouts at the
// client, so they are not written as the mock's slotrush_http_requests_total.
const std::vector<FamilySpec>& families() {
  static const std::vector<FamilySpec> all{
      {"slotrush_load_requests_sent", "counter", "Requests that reached the server's side (offered load, simulated)",
       {{R"(route="all")", Reading::Count, [](const SeriesRow& r) { return double(r.offered); }}}},
      {"slotrush_load_requests", "counter", "Client-side outcome of requests (simulated)",
       {{R"(route="all",outcome="ok")", Reading::Count, [](const SeriesRow& r) { return double(r.goodput); }},
        {R"(route="all",outcome="rejected")", Reading::Count,
         [](const SeriesRow& r) { return double(r.rejected); }},
        {R"(route="all",outcome="timeout")", Reading::Count,
         [](const SeriesRow& r) { return double(r.timeouts); }}}},
      {"slotrush_load_retries", "counter", "Automatic retries (simulated)",
       {{R"(route="all")", Reading::Count, [](const SeriesRow& r) { return double(r.retries); }}}},
      {"slotrush_sim_bookings_settled", "counter", "Bookings settled: one per confirmed hold (simulated)",
       {{"", Reading::Count, [](const SeriesRow& r) { return double(r.bookings); }}}},
      {"slotrush_queue_depth", "gauge", "Requests waiting for a worker, all tiers (simulated)",
       {{R"(tier="all")", Reading::Level, [](const SeriesRow& r) { return double(r.queue_depth); }}}},
      {"slotrush_http_requests_in_flight", "gauge", "Requests at the server's side not yet answered (simulated)",
       {{"", Reading::Level, [](const SeriesRow& r) { return double(r.in_flight); }}}},
      {"slotrush_waiting_room_depth", "gauge", "Clients waiting in the waiting room (simulated)",
       {{"", Reading::Level, [](const SeriesRow& r) { return double(r.waiting_room); }}}},
      {"slotrush_slots_open", "gauge", "Slots on sale, all ports (simulated)",
       {{R"(port="all")", Reading::CarryLevel, [](const SeriesRow& r) { return double(r.slots_left); }}}},
      {"slotrush_sim_latency_p50_seconds", "gauge", "Median client-observed latency of the interval's answers",
       {{"", Reading::Quantile, [](const SeriesRow& r) { return r.latency_p50; }}}},
      {"slotrush_sim_latency_p99_seconds", "gauge", "99th percentile client-observed latency of the interval's answers",
       {{"", Reading::Quantile, [](const SeriesRow& r) { return r.latency_p99; }}}},
      {"slotrush_simulated_time_seconds", "gauge", "Simulated seconds since day 0",
       {{"", Reading::Clock, nullptr}}},
  };
  return all;
}

// One sample instant: the close of the rows in `rows` (none: an idle point inside omitted intervals).
struct SamplePoint {
  std::int64_t sim_ms = 0;
  std::vector<const SeriesRow*> rows;
};

std::int64_t to_ms(double seconds) { return std::llround(seconds * 1000.0); }

// Sample points in increasing time: 0, each row's close, and idle points across omitted intervals
// (at the close of the first idle interval, every `idle_every_ms`, and at the next row's start).
std::vector<SamplePoint> sample_points(const Results& results, std::int64_t idle_every_ms) {
  const std::int64_t width = std::max<std::int64_t>(1, to_ms(results.series_interval_seconds));
  std::vector<SamplePoint> points{{0, {}}};
  auto add_idle = [&](std::int64_t at) {
    if (at > points.back().sim_ms) points.push_back({at, {}});
  };
  std::optional<std::int64_t> covered;  // end of the last row written
  for (const SeriesRow& row : results.series) {
    const std::int64_t start = to_ms(row.time_seconds);
    const std::int64_t gap_from = covered.value_or(0);
    if (start > gap_from) {
      if (covered) add_idle(gap_from + width);
      for (std::int64_t t = points.back().sim_ms + idle_every_ms; t < start; t += idle_every_ms) add_idle(t);
      add_idle(start);
    }
    const std::int64_t end = start + width;
    if (end > points.back().sim_ms) points.push_back({end, {}});
    points.back().rows.push_back(&row);  // a repeated closing row folds into the point before it
    covered = std::max(covered.value_or(0), end);
  }
  if (covered) add_idle(*covered + width);
  return points;
}

std::string escaped(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string timestamp(std::int64_t unix_ms) {
  if (unix_ms < 0) throw std::invalid_argument("OpenMetrics export: the start instant is before 1970");
  return fmt::format("{}.{:03}", unix_ms / 1000, unix_ms % 1000);
}

std::string number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", x);
}

void write_series(const FamilySpec& family, const SeriesSpec& spec, const std::string& base_labels,
                  const std::vector<SamplePoint>& points, std::int64_t day0_ms, std::ostream& out) {
  const std::string name = std::string(family.name) + (std::string_view(family.type) == "counter" ? "_total" : "");
  const std::string labels = base_labels + (*spec.labels ? std::string(",") + spec.labels : "");
  double total = 0;
  std::optional<double> carried;
  for (const SamplePoint& p : points) {
    std::optional<double> value;
    switch (spec.reading) {
      case Reading::Count:
        for (const SeriesRow* r : p.rows) total += spec.column(*r);
        value = total;
        break;
      case Reading::Level:
        value = p.rows.empty() ? 0.0 : spec.column(*p.rows.back());
        break;
      case Reading::CarryLevel:
        if (!p.rows.empty()) carried = spec.column(*p.rows.back());
        value = carried;  // nothing before the first row: no sample
        break;
      case Reading::Quantile:
        value = p.rows.empty() ? NAN : spec.column(*p.rows.back());
        break;
      case Reading::Clock:
        value = double(p.sim_ms) / 1000.0;
        break;
    }
    if (value) out << name << '{' << labels << "} " << number(*value) << ' ' << timestamp(day0_ms + p.sim_ms) << '\n';
  }
}

}  // namespace

void write_openmetrics(const Results& results, const OpenMetricsExport& options, std::ostream& out) {
  const std::vector<SamplePoint> points = sample_points(results, std::max<std::int64_t>(1, options.idle_sample_every_ms));
  const std::string base_labels =
      fmt::format(R"(job="{}",scenario="{}")", escaped(options.job), escaped(results.scenario_name));
  for (const FamilySpec& family : families()) {
    out << "# TYPE " << family.name << ' ' << family.type << '\n';
    out << "# HELP " << family.name << ' ' << family.help << '\n';
    for (const SeriesSpec& spec : family.series)
      write_series(family, spec, base_labels, points, options.day0_unix_ms, out);
  }
  out << "# EOF\n";
}

void write_openmetrics_file(const Results& results, const OpenMetricsExport& options,
                            const std::filesystem::path& file) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
  write_openmetrics(results, options, out);
  out.flush();
  if (!out) throw std::runtime_error(fmt::format("error writing {}", file.string()));
}

}  // namespace slotrush
