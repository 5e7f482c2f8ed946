// The freeze rule, written once (docs/results-schema.md, "Freeze"): a series interval is frozen when
// most attempts that ended in it failed at the server. The simulator, both kinds of measured run and
// the report all ask this rule, so the `freeze_seconds` KPI and the shaded intervals of a chart are
// the same intervals.
#pragma once
#include <cstdint>

namespace slotrush {

// `ended`: attempts that ended in the interval and that the server had (answers received, 503s
// included, and timeouts of requests the server had); `failed`: those that failed at the server (503s,
// 5xx, and those timeouts). Frozen when strictly more than half failed; an interval where nothing
// ended (idle) is never frozen.
constexpr bool interval_frozen(std::uint64_t ended, std::uint64_t failed) { return ended > 0 && 2 * failed > ended; }

// The rule as the simulator and the scenario mode count an interval: useful answers and 503s as
// received, and timeouts of attempts the server had (network losses are not the server's failures).
constexpr bool interval_frozen_at_server(std::uint64_t useful, std::uint64_t rejected, std::uint64_t server_timeouts) {
  return interval_frozen(useful + rejected + server_timeouts, rejected + server_timeouts);
}

}  // namespace slotrush
