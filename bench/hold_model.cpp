// The HOLD model on slotrush's kernel: `pending` events are scheduled up front; each fired event
// schedules one more after an Exp(1 s) delay, until `events` have fired. Prints one JSON line.
// Two variants: plain event actions (--style=event) and one coroutine process per pending event
// (--style=process: `for (;;) co_await sim.delay(...)`), the natural way to write a model.
// end_time is the clock at the last event: a fingerprint of the firing order (each event draws its
// successor's delay, so firing any two events in another order changes it), compared across builds.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "sim/engine/simulation.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"

using namespace slotrush;

namespace {

struct HoldModel {
  Simulation sim;
  RandomStream rng;
  std::uint64_t remaining;

  void fire(std::uint64_t) {
    if (--remaining == 0) {
      sim.stop();
      return;
    }
    sim.schedule(from_seconds(sample_exponential(rng, 1.0)),
                 EventAction::member<HoldModel, &HoldModel::fire>(this));
  }
};

Process holder(Simulation& sim, RandomStream& rng, std::uint64_t& remaining) {
  for (;;) {
    co_await sim.delay(from_seconds(sample_exponential(rng, 1.0)));
    if (--remaining == 0) sim.stop();
  }
}

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t pending = 10'000, events = 5'000'000, seed = 1;
  std::string style = "event";
  for (int i = 1; i < argc; ++i) {
    const char* a = argv[i];
    if (!std::strncmp(a, "--pending=", 10)) pending = std::strtoull(a + 10, nullptr, 10);
    else if (!std::strncmp(a, "--events=", 9)) events = std::strtoull(a + 9, nullptr, 10);
    else if (!std::strncmp(a, "--seed=", 7)) seed = std::strtoull(a + 7, nullptr, 10);
    else if (!std::strncmp(a, "--style=", 8)) style = a + 8;
    else {
      std::fprintf(stderr, "usage: %s [--pending=N] [--events=N] [--seed=N] [--style=event|process]\n", argv[0]);
      return 2;
    }
  }
  HoldModel m{Simulation{}, RandomStream(seed, "hold", 0), events};
  if (style == "event") {
    for (std::uint64_t i = 0; i < pending; ++i)
      m.sim.schedule(from_seconds(sample_exponential(m.rng, 1.0)),
                     EventAction::member<HoldModel, &HoldModel::fire>(&m));
  } else {
    for (std::uint64_t i = 0; i < pending; ++i) m.sim.spawn(holder(m.sim, m.rng, m.remaining));
    m.sim.run_until(0);  // start the processes: each is now waiting on its first delay
  }
  const std::uint64_t before = m.sim.fired_events();
  const auto t0 = std::chrono::steady_clock::now();
  m.sim.run();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double fired = static_cast<double>(m.sim.fired_events() - before);
  std::printf(
      "{\"peer\":\"slotrush\",\"scheduler\":\"%s\",\"pending\":%llu,\"events\":%.0f,"
      "\"seconds\":%.4f,\"events_per_second\":%.0f,\"peak_rss_kib\":%ld,\"end_time\":%lld}\n",
      style == "event" ? "ladder-queue" : "ladder-queue+coroutines", (unsigned long long)pending,
      fired, secs, fired / secs, peak_rss_kib(), static_cast<long long>(m.sim.now()));
  return 0;
}
