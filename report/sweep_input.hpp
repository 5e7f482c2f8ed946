// SweepInput: a parameter study (`slotrush sweep --out DIR`: DIR or DIR/sweep.json, schema
// slotrush.sweep/1) read for a report: its varied fields and, per point, the field values and each
// KPI's estimate. An estimate the sweep lacks (a null, or a KPI or group a point does not list) stays
// absent here, never zero.
#pragma once
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace slotrush {

inline constexpr const char* kSweepSchema = "slotrush.sweep/1";

struct SweepEstimate {
  double mean = 0, ci_low = 0, ci_high = 0;
  long n = 0;
};

struct SweepGroupEstimates {
  std::string dimension, label;  // "party_size", "5"
  std::map<std::string, std::optional<SweepEstimate>> kpis;  // booking_probability, mean_days_waited
};

struct SweepInputPoint {
  std::vector<std::string> values;  // one per field, as sweep.json writes it (a number's JSON text)
  std::map<std::string, std::optional<SweepEstimate>> kpis;
  std::vector<SweepGroupEstimates> groups;
};

struct SweepField {
  std::string field;
  bool numeric = true;  // every value a number: drawn on a linear axis, else as categories
  std::vector<std::string> values;
};

struct SweepInput {
  std::filesystem::path path;  // the sweep.json read
  std::string base;            // the base scenario file
  long replications = 0;
  std::vector<SweepField> fields;
  std::vector<SweepInputPoint> points;
};

// Whether a file's text is a sweep (its "schema"), whatever the file is called.
bool is_sweep_text(const std::string& text);

// The text of `file`, checked; throws ReportInputError naming it when it is malformed.
SweepInput sweep_input_from_text(const std::filesystem::path& file, const std::string& text);

}  // namespace slotrush
