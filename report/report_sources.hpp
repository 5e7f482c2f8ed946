// ReportSources: what `slotrush report`'s arguments name, read and checked: results files, and twins
// (`slotrush twin --out DIR`: DIR itself or DIR/twin.json), each twin with its two halves, the
// simulated and the measured results file twin.json names. Every argument is checked before anything
// is drawn; a bad one throws a ReportInputError naming it.
#pragma once
#include <cstddef>
#include <filesystem>
#include <vector>

#include "report/report_input.hpp"
#include "report/sweep_input.hpp"
#include "sim/results/twin_file.hpp"

namespace slotrush {

struct TwinInput {
  std::filesystem::path path;  // the twin.json read
  TwinFile twin;
  std::size_t simulated = 0, measured = 0;  // its halves: indices into ReportSources::files
};

struct ReportSources {
  std::vector<ReportInput> files;  // in argument order; a twin adds its simulated, then its measured half
  std::vector<TwinInput> twins;
  std::vector<SweepInput> sweeps;  // parameter studies, drawn as KPIs against their fields
};

// Each argument is a results file (slotrush.results/1), a twin.json (slotrush.twin/1), a sweep.json
// (slotrush.sweep/1) or a directory holding a twin.json or a sweep.json. Throws ReportInputError on the first bad one, or on a twin whose half is bad.
ReportSources load_report_sources(const std::vector<std::filesystem::path>& arguments);

}  // namespace slotrush
