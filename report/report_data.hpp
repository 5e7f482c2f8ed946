// The data a report page reads: one JSON document (schema "slotrush.report-data/1", described in
// docs/report.md) built from the results files, holding their numbers as they are plus what the page
// should not compute itself: labels, idle intervals put back into the series, each KPI's difference to
// the first file with its 95% interval where the runs are comparable (sim/results/run_pairing.hpp),
// and each twin's agreement table and overlays.
#pragma once
#include <string>
#include <vector>

#include "report/report_sources.hpp"

namespace slotrush {

inline constexpr const char* kReportDataSchema = "slotrush.report-data/1";

struct ReportOptions {
  std::string title;  // empty: made from the scenario names
};

// A short name per file for legends and column heads: the scenario name and kind, with the file's
// name added where two files would otherwise read the same.
std::vector<std::string> report_labels(const std::vector<ReportInput>& inputs);

// The page's title: options.title, else each scenario name once, in file order, joined by " vs ".
std::string report_title(const std::vector<ReportInput>& inputs, const ReportOptions& options);
// The same, and for a page of sweeps alone "sweep of BASE".
std::string report_title(const ReportSources& sources, const ReportOptions& options);

// The JSON text (compact). Files must be non-empty. A twin adds an entry to `twins[]`: its agreement
// table and predicted-vs-measured overlays (report/twin_overlays.hpp).
std::string report_data_json(const ReportSources& sources, const ReportOptions& options);
std::string report_data_json(const std::vector<ReportInput>& inputs, const ReportOptions& options);

}  // namespace slotrush
