// The subcommands of the `slotrush` binary: each registers its flags on the CLI11 app and returns
// the function that runs it. Exit statuses: 0 success, 1 runtime failure, 2 bad input; `load` 3 when
// a threshold fails; `twin` 4 when prediction and measurement disagree, 5 when the live side could
// not keep its time scale; `calibrate` 6 when not every target could be met.
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

namespace slotrush::cli {

inline constexpr int kExitBadInput = 2;
inline constexpr int kExitTwinDisagrees = 4;
inline constexpr int kExitClockLagged = 5;
inline constexpr int kExitTargetsNotMet = 6;

using Command = std::function<int()>;

// `slotrush mmc`: an M/M/c (or M/M/c/K, M/D/c) queue simulated against queueing theory.
Command add_mmc_command(CLI::App& app);
// `slotrush sim SCENARIO`: one scenario in virtual time, KPI table, results.json + series.csv.
Command add_sim_command(CLI::App& app);
// `slotrush compare A B ...`: scenarios under common random numbers, differences with intervals.
Command add_compare_command(CLI::App& app);
// `slotrush serve SCENARIO`: the mock CBP One HTTP API on the scenario's service model (mock/).
Command add_serve_command(CLI::App& app);
// `slotrush load --target URL`: HTTP load test, closed loop or open model (loadgen/); exit 3 when a
// --threshold fails.
Command add_load_command(CLI::App& app);
// `slotrush report RESULTS.json ... -o report.html`: a self-contained HTML report with charts (report/).
Command add_report_command(CLI::App& app);
// `slotrush twin SCENARIO --out DIR`: the scenario simulated and run live at the same scales, compared.
Command add_twin_command(CLI::App& app);
// `slotrush merge DIR... --out DIR`: shards of one simulated study back into its unsharded result.
Command add_merge_command(CLI::App& app);
// `slotrush sweep BASE --vary FIELD=VALUES ... --out DIR`: a parameter study under common random numbers.
Command add_sweep_command(CLI::App& app);
// `slotrush calibrate BASE --vary F=L:H --target KPI=L:H --out DIR`: fields fitted to KPI ranges; exit 6
// when a target is not met (docs/calibration.md).
Command add_calibrate_command(CLI::App& app);
// `slotrush validate FILE...`: scenario files checked, every issue reported; exit 2 if any.
Command add_validate_command(CLI::App& app);

}  // namespace slotrush::cli
