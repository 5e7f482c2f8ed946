// The launch day's performance goal (issue 3: 450,000 people in under 15 s and under 1 KiB per
// person): one replication of a scenario on one thread, timed, with the model alone linked (no
// command-line front end). Prints one JSON line: events, wall seconds, events per second, peak RSS
// and bytes per person, and every KPI with full precision, so two builds can be checked to compute
// the same run (bench/launch_day.sh compares them).
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>

#include "sim/model/appointment_world.hpp"
#include "sim/scenario/scenario_loader.hpp"

using namespace slotrush;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s SCENARIO.yaml   (e.g. scenarios/cbp1-2023-01-launch.yaml)\n", argv[0]);
    return 2;
  }
  Scenario scenario;
  try {
    scenario = load_scenario(argv[1]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const RunResult r = simulate_appointments(scenario, 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const double people = r[Kpi::PeopleTrying];
  std::printf("{\"scenario\":\"%s\",\"people\":%.0f,\"events\":%llu,\"seconds\":%.3f,\"events_per_second\":%.0f,"
              "\"peak_rss_kib\":%ld,\"bytes_per_person\":%.1f,\"kpis\":{",
              scenario.name.c_str(), people, static_cast<unsigned long long>(r.events), seconds,
              static_cast<double>(r.events) / seconds, u.ru_maxrss,
              people > 0 ? static_cast<double>(u.ru_maxrss) * 1024.0 / people : 0.0);
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const double v = r.kpis[k];
    std::printf("%s\"%.*s\":", k == 0 ? "" : ",", static_cast<int>(kKpiInfo[k].name.size()), kKpiInfo[k].name.data());
    if (std::isnan(v)) std::printf("null");
    else std::printf("%.17g", v);
  }
  std::printf("}}\n");
  return 0;
}
