#include "loadgen/load_report.hpp"

#include <array>
#include <cmath>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/results/freeze_rule.hpp"

namespace slotrush::loadgen {
namespace {

constexpr std::array<double, 6> kPercentiles{50, 90, 99, 99.9, 99.99, 100};
constexpr std::array<const char*, 6> kPercentileNames{"p50", "p90", "p99", "p99.9", "p99.99", "max"};

std::string duration_text(std::uint64_t ns) {
  const double v = static_cast<double>(ns);
  if (v < 1e3) return fmt::format("{:.0f}ns", v);
  if (v < 1e6) return fmt::format("{:.1f}us", v / 1e3);
  if (v < 1e9) return fmt::format("{:.2f}ms", v / 1e6);
  return fmt::format("{:.3f}s", v / 1e9);
}

double per_second(std::uint64_t n, const LoadRun& run) {
  const double s = elapsed_seconds(run);
  return s > 0 ? static_cast<double>(n) / s : 0.0;
}

nlohmann::json spectrum_json(const LatencyHistogram& h) {
  nlohmann::json j = nlohmann::json::object();
  j["count"] = h.count();
  j["mean_s"] = h.mean() * 1e-9;
  j["min_s"] = static_cast<double>(h.min()) * 1e-9;
  for (std::size_t i = 0; i < kPercentiles.size(); ++i)
    j[std::string(kPercentileNames[i]) + "_s"] = static_cast<double>(h.value_at_percentile(kPercentiles[i])) * 1e-9;
  return j;
}

}  // namespace

std::string format_load_report(const LoadRun& run, const LoadRunDescription& d,
                               const std::vector<ThresholdVerdict>& verdicts) {
  const RunMeasurements& m = run.totals;
  std::string out;
  out += fmt::format("slotrush load: {} against {}, {} thread(s), {} connection(s), {:.2f} s{}\n", d.mode,
                     d.target, d.threads, d.connections, elapsed_seconds(run),
                     run.interrupted ? " (interrupted)" : "");
  out += fmt::format("\n{:<24} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}\n", "route", "attempts",
                     "success", "http_4xx", "http_5xx", "timeout", "connect", "reset", "dropped", "p99");
  auto row = [&](const std::string& route, const std::array<std::uint64_t, kOutcomeCount>& o, std::uint64_t attempts,
                 std::uint64_t dropped, const LatencyHistogram& h) {
    out += fmt::format("{:<24} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>11}\n", route, attempts, o[0],
                       o[1], o[2], o[3], o[4], o[5], dropped,
                       h.count() ? duration_text(h.value_at_percentile(99)) : "-");
  };
  std::array<std::uint64_t, kOutcomeCount> all{};
  for (const RouteTally& r : m.routes()) {
    row(r.route, r.outcomes, r.attempts(), r.dropped, r.latency);
    for (int i = 0; i < kOutcomeCount; ++i) all[i] += r.outcomes[i];
  }
  if (m.routes().size() > 1) row("all", all, m.attempts(), m.dropped(), m.latency());

  out += "\n";
  if (d.target_rate) out += fmt::format("rate asked   {:>12.1f} /s\n", *d.target_rate);
  out += fmt::format("rate sent    {:>12.1f} /s   ({} attempts)\n", per_second(m.attempts(), run), m.attempts());
  out += fmt::format("rate answered{:>12.1f} /s   ({} responses, {} successful)\n", per_second(answered(m), run),
                     answered(m), m.count(Outcome::success));
  if (m.dropped()) out += fmt::format("dropped      {:>12}      (not sent on time: --max-in-flight reached)\n", m.dropped());
  if (run.unfinished) out += fmt::format("unfinished   {:>12}      (still in flight when the run ended)\n", run.unfinished);

  out += fmt::format("\n{:<34}", "latency (answered requests)");
  for (const char* name : kPercentileNames) out += fmt::format(" {:>10}", name);
  out += "\n";
  auto spectrum = [&](const char* label, const LatencyHistogram& h) {
    out += fmt::format("{:<34}", label);
    for (double p : kPercentiles) out += fmt::format(" {:>10}", h.count() ? duration_text(h.value_at_percentile(p)) : "-");
    out += "\n";
  };
  spectrum("from intended start (corrected)", m.latency());
  spectrum("from actual send (service time)", m.service_time());

  if (!verdicts.empty()) {
    out += "\nthresholds\n";
    for (const ThresholdVerdict& v : verdicts)
      out += fmt::format("  {:<6} {:<24} measured {}\n", v.passed ? "pass" : "FAIL", v.threshold->text, format_measured(v));
  }
  return out;
}

std::string format_status_line(const SeriesRow& row) {
  auto latency = [](double seconds) {
    return std::isfinite(seconds) ? duration_text(static_cast<std::uint64_t>(seconds * 1e9)) : std::string("-");
  };
  return fmt::format("\r[{:>5.0f} s] attempts {:>7}/s  success {:>7}/s  timeouts {:>5}  5xx {:>5}  in flight {:>6}  "
                     "p99 {:>9}   ",
                     row.time_seconds + 1, row.offered, row.goodput, row.timeouts, row.rejected, row.in_flight,
                     latency(row.latency_p99));
}

std::optional<std::string> nothing_answered(const LoadRun& run) {
  const RunMeasurements& m = run.totals;
  if (m.attempts() == 0 || answered(m) != 0) return std::nullopt;
  std::string text = fmt::format("no request was answered: {} attempts", m.attempts());
  for (int i = 0; i < kOutcomeCount; ++i)
    if (const auto n = m.count(static_cast<Outcome>(i)); n != 0)
      text += fmt::format(", {} {}", n, outcome_name(static_cast<Outcome>(i)));
  return text;
}

RunResult measured_run_result(const LoadRun& run) {
  const RunMeasurements& m = run.totals;
  RunResult r;
  const double attempts = static_cast<double>(m.attempts());
  const double success = static_cast<double>(m.count(Outcome::success));
  r[Kpi::OfferedLoad] = per_second(m.attempts(), run);
  r[Kpi::Goodput] = per_second(m.count(Outcome::success), run);
  if (attempts > 0) {
    r[Kpi::RequestSuccessRate] = success / attempts;
    r[Kpi::RequestTimeoutRate] = static_cast<double>(m.count(Outcome::timeout)) / attempts;
    r[Kpi::RequestRejectRate] = static_cast<double>(m.count(Outcome::http_5xx)) / attempts;
  }
  if (success > 0) r[Kpi::RetryAmplification] = attempts / success;
  m.result_latencies().fill_kpis(r);
  double peak = 0, frozen = 0;
  r.series = run.series;
  for (SeriesRow& row : r.series) {
    peak = std::max(peak, static_cast<double>(row.goodput));
    // Every attempt of a generic run ends at the client in its second (`offered` counts them there);
    // the failed ones are its timeouts and 5xx answers.
    row.frozen = interval_frozen(row.offered, std::uint64_t{row.timeouts} + row.rejected) ? 1 : 0;
    frozen += row.frozen;
  }
  if (!run.series.empty()) {
    r[Kpi::PeakGoodput] = peak;
    r[Kpi::FreezeSeconds] = frozen;
  }
  r.series_interval_seconds = 1.0;
  // A generic run sees only the client's side: no retries, bookings, server queue, waiting room,
  // slots or throttle (docs/results-schema.md, "Measured runs").
  r.absent_series_columns = {"retries", "bookings", "queue_depth", "waiting_room", "slots_left", "throttled"};
  return r;
}

std::string load_report_json(const LoadRun& run, const LoadRunDescription& d,
                             const std::vector<ThresholdVerdict>& verdicts) {
  using nlohmann::json;
  const RunMeasurements& m = run.totals;
  json routes = json::array();
  for (const RouteTally& r : m.routes()) {
    json outcomes = json::object();
    for (int i = 0; i < kOutcomeCount; ++i) outcomes[outcome_name(static_cast<Outcome>(i))] = r.outcomes[i];
    routes.push_back({{"route", r.route}, {"attempts", r.attempts()}, {"dropped", r.dropped},
                      {"outcomes", outcomes}, {"latency", spectrum_json(r.latency)}});
  }
  json thresholds = json::array();
  for (const ThresholdVerdict& v : verdicts)
    thresholds.push_back({{"threshold", v.threshold->text}, {"measured", v.measured}, {"passed", v.passed}});
  json doc{{"schema", "slotrush.load-report/1"},
           {"mode", d.mode},
           {"target", d.target},
           {"target_rate", d.target_rate ? json(*d.target_rate) : json(nullptr)},
           {"threads", d.threads},
           {"connections", d.connections},
           {"elapsed_s", elapsed_seconds(run)},
           {"interrupted", run.interrupted},
           {"attempts", m.attempts()},
           {"answered", answered(m)},
           {"dropped", m.dropped()},
           {"unfinished", run.unfinished},
           {"rate_sent", per_second(m.attempts(), run)},
           {"rate_answered", per_second(answered(m), run)},
           {"routes", routes},
           {"latency", spectrum_json(m.latency())},
           {"service_time", spectrum_json(m.service_time())},
           {"thresholds", thresholds}};
  return doc.dump(1);
}

void write_load_outputs(const std::filesystem::path& dir, const LoadRun& run, const RunResult& result,
                        const LoadRunDescription& d, const std::vector<ThresholdVerdict>& verdicts) {
  std::filesystem::create_directories(dir);
  Results results = aggregate({result}, "measured", d.name, d.target, d.seed);
  results.population_scale = d.population_scale;
  results.window_seconds = d.window_seconds;
  auto write = [&](const std::filesystem::path& file, const std::string& text) {
    std::ofstream out(file);
    out << text << '\n';
    if (!out) throw std::runtime_error("cannot write " + file.string());
  };
  write(dir / "results.json", to_json(results));
  write_series_csv(results, dir / "series.csv");
  write(dir / "load-report.json", load_report_json(run, d, verdicts));
}

}  // namespace slotrush::loadgen
