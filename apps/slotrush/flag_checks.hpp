// Checks shared by the subcommands' flags, so every command words a mistake the same way and finds
// it before anything runs: a positive number, a writable output folder, a KPI name.
#pragma once
#include <filesystem>
#include <string>

#include <CLI/CLI.hpp>

#include "sim/results/kpi.hpp"

namespace slotrush::cli {

// A number greater than 0: "--replications: must be greater than 0 (found 0)". CLI11's
// PositiveNumber would print the range up to the largest double.
CLI::Validator positive();

// Creates DIR if needed and proves a file can be written there; std::invalid_argument naming the flag
// and the folder otherwise (exit 2, before a long run is wasted).
void check_writable(const std::filesystem::path& dir, const std::string& flag = "--out");

// A KPI named on the command line (`sweep --kpi`, `calibrate --target`); std::invalid_argument naming
// `origin`, what was found, "did you mean" and every allowed name otherwise.
Kpi kpi_flag(const std::string& name, const std::string& origin);

}  // namespace slotrush::cli
