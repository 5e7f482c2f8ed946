// RunTime: what one run of a study (a point's replication) cost, measured as the CPU time of the
// thread that ran it, so runs sharing the cores are each charged their own work. A sweep writes them
// as DIR/timing.csv and prints how the time splits between its points (docs/analysis.md). Timing is
// of this process, not of the study: it is kept out of sweep.json and results.json, which merge
// byte for byte across shards, and a merge writes none.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace slotrush::cli {

struct RunTime {
  std::size_t point = 0;   // a sweep's point index, a calibration's evaluation number
  std::size_t stream = 0;  // the replication's stream index
  double cpu_seconds = 0;
  std::uint64_t events = 0;
};

// The calling thread's CPU time so far, in seconds.
double thread_cpu_seconds();

// Columns: point, stream, cpu_seconds, events, events_per_second (empty when no time was measured).
void write_run_times(const std::vector<RunTime>& times, const std::filesystem::path& file);

// One line: the runs' total CPU time and events/s, and each point's time (the sum of its runs'): the
// cheapest and the dearest point and the median; `unit` names a point ("point", "evaluation").
// Empty when there are no runs.
std::string describe_time_split(const std::vector<RunTime>& times, const std::string& unit = "point");

}  // namespace slotrush::cli
