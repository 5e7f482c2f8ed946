#include "apps/slotrush/run_times.hpp"

#include <time.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/core.h>

namespace slotrush::cli {

double thread_cpu_seconds() {
  timespec ts{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0.0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void write_run_times(const std::vector<RunTime>& times, const std::filesystem::path& file) {
  std::ofstream out(file);
  out << "point,stream,cpu_seconds,events,events_per_second\n";
  for (const RunTime& t : times) {
    out << t.point << ',' << t.stream << ',' << fmt::format("{:.6f}", t.cpu_seconds) << ',' << t.events << ',';
    if (t.cpu_seconds > 0) out << fmt::format("{:.0f}", static_cast<double>(t.events) / t.cpu_seconds);
    out << '\n';
  }
  if (!out) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

std::string describe_time_split(const std::vector<RunTime>& times, const std::string& unit) {
  if (times.empty()) return {};
  std::map<std::size_t, double> by_point;
  double cpu = 0;
  std::uint64_t events = 0;
  for (const RunTime& t : times) {
    by_point[t.point] += t.cpu_seconds;
    cpu += t.cpu_seconds;
    events += t.events;
  }
  std::vector<std::pair<double, std::size_t>> points;
  for (const auto& [point, seconds] : by_point) points.emplace_back(seconds, point);
  std::sort(points.begin(), points.end());
  const auto& [low, low_point] = points.front();
  const auto& [high, high_point] = points.back();
  const double median = points.size() % 2 == 1
                            ? points[points.size() / 2].first
                            : (points[points.size() / 2 - 1].first + points[points.size() / 2].first) / 2;
  const std::string rate = cpu > 0 ? fmt::format(", {:.3g} events/s", static_cast<double>(events) / cpu) : "";
  return fmt::format(
      "time: {} runs, {:.2f} s of CPU, {} events{}; by {}: cheapest {:.2f} s ({} {}), median {:.2f} s, "
      "dearest {:.2f} s ({} {})",
      times.size(), cpu, events, rate, unit, low, unit, low_point, median, high, unit, high_point);
}

}  // namespace slotrush::cli
