// TwinFile: a twin.json (schema slotrush.twin/1, docs/twin.md) read back into what twin_json() wrote
// it from, so `slotrush report` draws the agreement table `slotrush twin` decided, number for number.
#pragma once
#include <string>

#include "sim/results/twin_comparison.hpp"

namespace slotrush {

struct TwinFile {
  TwinComparison comparison;
  TwinDescription description;
};

// Throws std::runtime_error on another schema, a missing or mistyped field, or an unknown KPI name.
TwinFile twin_from_json(const std::string& text);

}  // namespace slotrush
