// SweepGrid: the points of a parameter study (`slotrush sweep --vary FIELD=VALUES ...`). Each --vary
// names a scenario field (a ScenarioOverride path) and its values, a comma list of YAML scalars or a
// range LOW:HIGH:STEP (a time of day "09:00:00", every part two digits, is a value, not a range); several --vary make the full grid, the last field varying fastest.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

// One varied field and the values it takes, as YAML text ("0.3", "30s", "740").
struct SweepAxis {
  std::string field;
  std::vector<std::string> values;
};

// "FIELD=VALUES" -> an axis; std::invalid_argument naming the flag, what was found and what is
// allowed (no '=', an empty list or item, a range with step <= 0, low > high or a non-number).
SweepAxis parse_axis(const std::string& text);

// "LOW:HIGH:STEP" -> LOW, LOW+STEP, ... up to HIGH (included when within a millionth of a step),
// each printed without float noise (0.3, not 0.30000000000000004).
std::vector<std::string> range_values(const std::string& text, const std::string& origin);

// One point of the grid: its index and, per axis, the value it takes.
struct SweepPoint {
  std::size_t index = 0;
  std::vector<std::string> values;  // one per axis
};

// The full grid in row-major order (the last axis varies fastest).
std::vector<SweepPoint> expand_grid(const std::vector<SweepAxis>& axes);

// The overrides that make a point's scenario from the base file.
std::vector<ScenarioOverride> overrides_of(const std::vector<SweepAxis>& axes, const SweepPoint& point);

}  // namespace slotrush::cli
