#include "sim/results/results.hpp"

#include <algorithm>
#include <cstddef>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace slotrush {

std::vector<double> series_row_values(const SeriesRow& r) {
  return {r.time_seconds,  double(r.offered),     double(r.goodput),      double(r.timeouts),
          double(r.rejected), double(r.retries),  double(r.bookings),     double(r.queue_depth),
          double(r.in_flight), double(r.waiting_room), double(r.slots_left), r.latency_p50,
          r.latency_p99, double(r.throttled), r.attempt_latency_p99, double(r.frozen)};
}

namespace {

using nlohmann::json;

std::optional<ConfidenceInterval> interval_of(const std::vector<double>& samples) {
  std::vector<double> present;
  for (double s : samples)
    if (std::isfinite(s)) present.push_back(s);
  if (present.empty()) return std::nullopt;
  return student_t_interval(present);
}

// JSON has no NaN or infinity: they are written as null.
json number(double x) { return std::isfinite(x) ? json(x) : json(nullptr); }
json numbers(const std::vector<double>& xs) {
  json out = json::array();
  for (double x : xs) out.push_back(number(x));
  return out;
}
double number_from(const json& j) { return j.is_number() ? j.get<double>() : NAN; }

json interval_json(const std::optional<ConfidenceInterval>& ci) {
  if (!ci) return nullptr;
  return json{{"mean", number(ci->mean)},
              {"half_width", number(ci->half_width)},
              {"ci95", json::array({number(ci->lower()), number(ci->upper())})},
              {"n", ci->n}};
}

std::optional<ConfidenceInterval> interval_from(const json& j) {
  if (j.is_null()) return std::nullopt;
  ConfidenceInterval ci;
  ci.mean = number_from(j.at("mean"));
  ci.half_width = j.at("half_width").is_number() ? j.at("half_width").get<double>() : INFINITY;
  ci.n = j.at("n").get<std::size_t>();
  return ci;
}

// Where each of kSeriesColumns is in a results file whose columns are `names`; -1 for a column the
// file lacks (an older file lacks the newer columns, which then read as SeriesRow's defaults: 0 for
// counts, NaN for latencies).
std::vector<std::ptrdiff_t> column_positions(const std::vector<std::string>& names) {
  std::vector<std::ptrdiff_t> at;
  for (const char* column : kSeriesColumns) {
    const auto it = std::find(names.begin(), names.end(), column);
    at.push_back(it == names.end() ? -1 : it - names.begin());
  }
  return at;
}

SeriesRow row_from(const std::vector<double>& file_row, std::size_t width, const std::vector<std::ptrdiff_t>& at) {
  if (file_row.size() != width) throw std::runtime_error("series row of the wrong width");
  std::vector<double> v = series_row_values(SeriesRow{});  // a column the file lacks keeps its default
  for (std::size_t c = 0; c < kSeriesColumns.size(); ++c)
    if (at[c] >= 0) v[c] = file_row[static_cast<std::size_t>(at[c])];
  // A count outside what its field holds is a broken file, not a number to wrap (or, in C++, undefined).
  auto whole = [&](std::size_t c, double low, double high) {
    const double x = v[c];
    if (!std::isfinite(x)) return 0.0;  // absent
    if (x < low || x > high)
      throw std::runtime_error(fmt::format("series column {}: found {}; allowed: {} to {}", kSeriesColumns[c], x, low, high));
    return x;
  };
  auto u = [&](std::size_t c) { return static_cast<std::uint32_t>(whole(c, 0, 4294967295.0)); };
  SeriesRow r;
  r.time_seconds = v[0];
  r.offered = u(1);
  r.goodput = u(2);
  r.timeouts = u(3);
  r.rejected = u(4);
  r.retries = u(5);
  r.bookings = u(6);
  r.queue_depth = u(7);
  r.in_flight = u(8);
  r.waiting_room = u(9);
  r.slots_left = static_cast<std::int64_t>(whole(10, -9.0e18, 9.0e18));
  r.latency_p50 = v[11];
  r.latency_p99 = v[12];
  r.throttled = u(13);
  r.attempt_latency_p99 = v[14];
  r.frozen = u(15);
  return r;
}

}  // namespace

Results aggregate(std::vector<RunResult> runs, std::string kind, std::string scenario_name,
                  std::string scenario_file, std::uint64_t seed) {
  if (runs.empty()) throw std::invalid_argument("aggregate: no runs");
  Results out;
  out.kind = std::move(kind);
  out.scenario_name = std::move(scenario_name);
  out.scenario_file = std::move(scenario_file);
  out.seed = seed;
  out.runs = runs.size();
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    KpiEstimate e;
    e.kpi = static_cast<Kpi>(k);
    for (const RunResult& r : runs) e.samples.push_back(r.kpis[k]);
    out.kpis.push_back(std::move(e));
  }
  // Groups: keyed by (dimension, label), in first-seen order; one sample per run, NaN where a run
  // has no such group (so samples line up with runs, and shards merge exactly).
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const RunResult& r : runs)
    for (const GroupOutcome& g : r.groups)
      if (index.try_emplace({g.dimension, g.label}, out.groups.size()).second)
        out.groups.push_back(GroupEstimate{g.dimension, g.label, 0, {}, {}, {}, {}, {}});
  for (const RunResult& r : runs) {
    for (GroupEstimate& e : out.groups) {
      e.people_samples.push_back(NAN);
      e.probability_samples.push_back(NAN);
      e.days_samples.push_back(NAN);
    }
    for (const GroupOutcome& g : r.groups) {
      GroupEstimate& e = out.groups[index.at({g.dimension, g.label})];
      e.people_samples.back() = g.people;
      e.probability_samples.back() = g.booking_probability();
      e.days_samples.back() = g.mean_days_waited();
    }
  }
  summarize(out);
  out.series = std::move(runs.front().series);
  out.series_interval_seconds = runs.front().series_interval_seconds;
  out.absent_series_columns = runs.front().absent_series_columns;
  for (const RunResult& r : runs) out.events += r.events;
  return out;
}

void summarize(Results& out) {
  for (KpiEstimate& e : out.kpis) e.interval = interval_of(e.samples);
  for (GroupEstimate& g : out.groups) {
    double total = 0;
    for (double p : g.people_samples)
      if (std::isfinite(p)) total += p;  // NaN: a run without the group (no people in it)
    g.people = total / static_cast<double>(out.runs);
    g.booking_probability = interval_of(g.probability_samples);
    g.mean_days_waited = interval_of(g.days_samples);
  }
}

std::optional<ConfidenceInterval> paired_difference(const KpiEstimate& a, const KpiEstimate& b) {
  if (a.samples.size() != b.samples.size() || a.samples.empty()) return std::nullopt;
  std::vector<double> xa, xb;
  for (std::size_t i = 0; i < a.samples.size(); ++i) {
    if (std::isfinite(a.samples[i]) && std::isfinite(b.samples[i])) {
      xa.push_back(a.samples[i]);
      xb.push_back(b.samples[i]);
    }
  }
  if (xa.empty()) return std::nullopt;
  return paired_difference_interval(xa, xb);
}

bool series_column_absent(const Results& r, std::string_view column) {
  return std::find(r.absent_series_columns.begin(), r.absent_series_columns.end(), column) !=
         r.absent_series_columns.end();
}

std::string to_json(const Results& r) {
  json kpis = json::object();
  for (const KpiEstimate& e : r.kpis) {
    json samples = json::array();
    for (double s : e.samples) samples.push_back(number(s));
    json entry = interval_json(e.interval);
    if (entry.is_null()) entry = json::object();
    entry["unit"] = info(e.kpi).unit;
    entry["samples"] = samples;
    kpis[std::string(info(e.kpi).name)] = entry;
  }
  json groups = json::array();
  for (const GroupEstimate& g : r.groups)
    groups.push_back({{"dimension", g.dimension},
                      {"label", g.label},
                      {"people", number(g.people)},
                      {"booking_probability", interval_json(g.booking_probability)},
                      {"mean_days_waited", interval_json(g.mean_days_waited)},
                      {"samples",
                       {{"people", numbers(g.people_samples)},
                        {"booking_probability", numbers(g.probability_samples)},
                        {"mean_days_waited", numbers(g.days_samples)}}}});
  json rows = json::array();
  for (const SeriesRow& row : r.series) {
    json cells = json::array();
    for (double v : series_row_values(row)) cells.push_back(number(v));
    rows.push_back(std::move(cells));
  }
  json scenario{{"name", r.scenario_name}, {"file", r.scenario_file}, {"seed", r.seed},
                 {"population_scale", r.population_scale}};
  if (r.window_seconds) scenario["window_s"] = {r.window_seconds->first, r.window_seconds->second};
  json doc{{"schema", kResultsSchema},
           {"kind", r.kind},
           {"scenario", scenario},
           {"producer", r.producer},
           {"runs", r.runs},
           {"events", r.events},
           {"kpis", kpis},
           {"groups", groups},
           {"series",
            {{"interval_s", r.series_interval_seconds},
             {"columns", kSeriesColumns},
             {"absent_columns", r.absent_series_columns},
             {"rows", rows}}}};
  if (r.shard)
    doc["shard"] = {{"index", r.shard->index}, {"count", r.shard->count},
                    {"replications", r.shard->replications}, {"streams", r.shard->streams}};
  return doc.dump(1);
}

Results results_from_json(const std::string& text) {
  try {
    const json doc = json::parse(text);
    if (doc.at("schema") != kResultsSchema)
      throw std::runtime_error(fmt::format("schema is {}, expected {}", doc.at("schema").dump(),
                                           kResultsSchema));
    Results r;
    r.kind = doc.at("kind").get<std::string>();
    r.scenario_name = doc.at("scenario").at("name").get<std::string>();
    r.scenario_file = doc.at("scenario").at("file").get<std::string>();
    r.seed = doc.at("scenario").at("seed").get<std::uint64_t>();
    r.population_scale = doc.at("scenario").value("population_scale", 1.0);  // older files: everyone
    if (const json& sc = doc.at("scenario"); sc.contains("window_s"))
      r.window_seconds.emplace(sc.at("window_s").at(0).get<double>(), sc.at("window_s").at(1).get<double>());
    r.runs = doc.at("runs").get<std::size_t>();
    r.events = doc.value("events", std::uint64_t{0});
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      KpiEstimate e;
      e.kpi = static_cast<Kpi>(k);
      const std::string name(kKpiInfo[k].name);
      if (doc.at("kpis").contains(name)) {
        const json& j = doc.at("kpis").at(name);
        if (j.contains("mean")) e.interval = interval_from(j);
        for (const json& s : j.value("samples", json::array())) e.samples.push_back(number_from(s));
      }
      r.kpis.push_back(std::move(e));
    }
    const auto samples_of = [](const json& g, const char* name) {
      std::vector<double> out;
      if (g.contains("samples"))
        for (const json& x : g.at("samples").value(name, json::array())) out.push_back(number_from(x));
      return out;
    };
    for (const json& g : doc.at("groups"))
      r.groups.push_back(GroupEstimate{g.at("dimension").get<std::string>(),
                                       g.at("label").get<std::string>(),
                                       number_from(g.at("people")),
                                       interval_from(g.at("booking_probability")),
                                       interval_from(g.at("mean_days_waited")),
                                       samples_of(g, "people"), samples_of(g, "booking_probability"),
                                       samples_of(g, "mean_days_waited")});
    r.producer = doc.value("producer", std::string("slotrush (unknown version)"));
    if (doc.contains("shard")) {
      const json& sh = doc.at("shard");
      r.shard = ShardPart{sh.at("index").get<std::size_t>(), sh.at("count").get<std::size_t>(),
                          sh.at("replications").get<std::size_t>(), sh.at("streams").get<std::vector<std::size_t>>()};
    }
    r.series_interval_seconds = doc.at("series").at("interval_s").get<double>();
    const auto names = doc.at("series").at("columns").get<std::vector<std::string>>();
    const std::vector<std::ptrdiff_t> at = column_positions(names);
    // Absent: what the file says it did not measure, and every column it does not have.
    r.absent_series_columns = doc.at("series").value("absent_columns", std::vector<std::string>{});
    for (std::size_t c = 0; c < kSeriesColumns.size(); ++c)
      if (at[c] < 0 && !series_column_absent(r, kSeriesColumns[c])) r.absent_series_columns.emplace_back(kSeriesColumns[c]);
    for (const json& row : doc.at("series").at("rows")) {
      std::vector<double> v;
      for (const json& c : row) v.push_back(number_from(c));
      r.series.push_back(row_from(v, names.size(), at));
    }
    return r;
  } catch (const json::exception& e) {
    throw std::runtime_error(fmt::format("not a slotrush results file: {}", e.what()));
  }
}

void write_series_csv(const Results& r, const std::filesystem::path& file) {
  std::ofstream out(file);
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
  for (std::size_t c = 0; c < kSeriesColumns.size(); ++c)
    out << (c ? "," : "") << kSeriesColumns[c];
  out << '\n';
  for (const SeriesRow& row : r.series) {
    const std::vector<double> v = series_row_values(row);
    for (std::size_t c = 0; c < v.size(); ++c) {
      if (c) out << ',';
      if (std::isfinite(v[c])) out << fmt::format("{}", v[c]);  // shortest exact form
    }
    out << '\n';
  }
  if (!out) throw std::runtime_error(fmt::format("error writing {}", file.string()));
}

}  // namespace slotrush
