// hold_ns3: benchmark peer. The classic HOLD model run on ns-3's own discrete-event kernel
// (ns3::Simulator with a selectable ns3::Scheduler), for comparison with slotrush's event engine.
//
// Model: pre-schedule --pending N events, each after an Exp(1)-second delay; every fired event
// schedules exactly one more after a fresh Exp(1) s delay (so N events are always pending);
// the run stops after --events E fired events. Only Simulator::Run() is timed
// (std::chrono::steady_clock wall time, plus process CPU time); peak RSS comes from getrusage(RUSAGE_SELF).ru_maxrss.
//
// Delays come from an inline xoshiro256++ (seeded through splitmix64 from --seed) with the
// exponential drawn as -log(u), NOT from ns-3's MRG32k3a RandomVariableStream: the point is to
// measure the schedulers and the event loop, not ns-3's (much slower) random number machinery.
// Delays are converted to ns-3 time steps directly (TimeStep, default resolution 1 ns), which
// avoids the double->int64x64 conversion that Seconds(double) performs on every event.
//
// Usage: hold_ns3 [--scheduler=heap|map|calendar|priority] [--pending N] [--events E] [--seed S]
//        (both "--name value" and "--name=value" are accepted)
// Output: one JSON line on stdout.
// Build:  bench/peers/build.sh [outdir]

// Only the headers needed: ns-3.37's singleton.h / simulation-singleton.h (pulled in by
// core-module.h) use "Singleton<T>()" constructor declarations that GCC rejects in C++20 mode.
#include <ns3/nstime.h>
#include <ns3/object-factory.h>
#include <ns3/simulator.h>

#include <sys/resource.h>
#include <time.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

namespace {

// ---- xoshiro256++ seeded with splitmix64 (Blackman & Vigna) -----------------------------------
struct Xoshiro256pp {
  std::uint64_t s[4];

  explicit Xoshiro256pp(std::uint64_t seed) {
    for (auto& w : s) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  // Uniform in (0, 1]: never 0, so -log(u) is finite.
  double uniform_open0() { return (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53; }
  double exponential(double mean) { return -std::log(uniform_open0()) * mean; }
};

Xoshiro256pp* g_rng = nullptr;
std::uint64_t g_fired = 0;
std::uint64_t g_target = 0;

// Exp(1) seconds as ns-3 time steps (default resolution: 1 ns).
ns3::Time ExpDelay() {
  const double ns = g_rng->exponential(1.0) * 1e9;
  return ns3::TimeStep(static_cast<std::uint64_t>(ns));
}

void Hold() {
  if (++g_fired >= g_target) {
    ns3::Simulator::Stop();  // stop right after this event
    return;
  }
  ns3::Simulator::Schedule(ExpDelay(), &Hold);
}

// CPU time of this process: reported beside wall time because on a shared 2-core machine
// wall time also counts time spent preempted by other work.
double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void Usage(const char* msg) {
  std::fprintf(stderr,
               "hold_ns3: %s\nusage: hold_ns3 [--scheduler=heap|map|calendar|priority] "
               "[--pending N] [--events E] [--seed S]\n",
               msg);
  std::exit(2);
}

std::uint64_t ParseU64(const std::string& name, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long x = std::strtoull(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || v[0] == '-') Usage(("bad value for --" + name).c_str());
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  std::string scheduler = "heap";
  std::uint64_t pending = 10000;
  std::uint64_t events = 5000000;
  std::uint64_t seed = 1;

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0) Usage(("unexpected argument " + arg).c_str());
    std::string name = arg.substr(2), value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      Usage(("missing value for --" + name).c_str());
    }
    if (name == "scheduler") scheduler = value;
    else if (name == "pending") pending = ParseU64(name, value);
    else if (name == "events") events = ParseU64(name, value);
    else if (name == "seed") seed = ParseU64(name, value);
    else Usage(("unknown option --" + name).c_str());
  }
  if (pending == 0 || events == 0) Usage("--pending and --events must be positive");

  static const std::map<std::string, std::string> kSchedulers = {
      {"heap", "ns3::HeapScheduler"},
      {"map", "ns3::MapScheduler"},
      {"calendar", "ns3::CalendarScheduler"},
      {"priority", "ns3::PriorityQueueScheduler"},
  };
  const auto it = kSchedulers.find(scheduler);
  if (it == kSchedulers.end()) Usage(("unknown scheduler " + scheduler).c_str());

  // Must happen before the first Schedule(): the simulator singleton is created lazily then.
  ns3::ObjectFactory factory;
  factory.SetTypeId(it->second);
  ns3::Simulator::SetScheduler(factory);

  Xoshiro256pp rng(seed);
  g_rng = &rng;
  g_target = events;

  for (std::uint64_t i = 0; i < pending; ++i) ns3::Simulator::Schedule(ExpDelay(), &Hold);

  const double c0 = ProcessCpuSeconds();
  const auto t0 = std::chrono::steady_clock::now();
  ns3::Simulator::Run();
  const auto t1 = std::chrono::steady_clock::now();
  const double cpu_seconds = ProcessCpuSeconds() - c0;
  const double seconds = std::chrono::duration<double>(t1 - t0).count();

  if (g_fired != events) {
    std::fprintf(stderr, "hold_ns3: fired %llu events, expected %llu\n",
                 static_cast<unsigned long long>(g_fired), static_cast<unsigned long long>(events));
    return 1;
  }
  const double sim_end = ns3::Simulator::Now().GetSeconds();
  ns3::Simulator::Destroy();

  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf(
      "{\"peer\":\"ns-3.37\",\"scheduler\":\"%s\",\"pending\":%llu,\"events\":%llu,\"seed\":%llu,"
      "\"seconds\":%.6f,\"events_per_second\":%.1f,\"cpu_seconds\":%.6f,\"peak_rss_kib\":%ld,\"sim_time_s\":%.3f}\n",
      scheduler.c_str(), static_cast<unsigned long long>(pending),
      static_cast<unsigned long long>(events), static_cast<unsigned long long>(seed), seconds,
      static_cast<double>(events) / seconds, cpu_seconds, ru.ru_maxrss, sim_end);
  return 0;
}
