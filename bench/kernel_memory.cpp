// Memory per pending event and per live (suspended) process: grows each by N and reports the
// resident-set growth divided by N, alongside the event queue's own accounting. Prints JSON.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "sim/engine/simulation.hpp"

using namespace slotrush;

namespace {
long rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  long size = 0, resident = 0;
  statm >> size >> resident;
  return resident * 4096;
}
void noop(void*, std::uint64_t) {}
Process sleeper(Simulation& sim) { co_await sim.delay(kDay); }
}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  Simulation events;
  const long r0 = rss_bytes();
  for (std::uint64_t i = 0; i < n; ++i) events.schedule(static_cast<SimTime>(i), EventAction{noop, nullptr, 0});
  const long r1 = rss_bytes();

  Simulation procs;
  const long r2 = rss_bytes();
  for (std::uint64_t i = 0; i < n; ++i) procs.spawn(sleeper(procs));
  procs.run_until(0);
  const long r3 = rss_bytes();
  std::printf(
      "{\"n\":%llu,\"bytes_per_pending_event\":%.1f,\"queue_bytes_per_event\":%.1f,"
      "\"bytes_per_live_process\":%.1f}\n",
      (unsigned long long)n, double(r1 - r0) / double(n),
      double(events.event_queue_bytes()) / double(n), double(r3 - r2) / double(n));
  return 0;
}
