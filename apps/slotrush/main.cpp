// slotrush: appointment-queue simulator and HTTP load tester. Dispatches to subcommands.
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "sim/scenario/field_reader.hpp"

int main(int argc, char** argv) {
  CLI::App app{"slotrush: simulate and load-test limited-slot appointment systems"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "slotrush 0.1.0");
  namespace cli = slotrush::cli;
  const std::vector<std::pair<std::string, cli::Command>> commands{
      {"sim", cli::add_sim_command(app)},
      {"compare", cli::add_compare_command(app)},
      {"validate", cli::add_validate_command(app)},
      {"serve", cli::add_serve_command(app)},
      {"load", cli::add_load_command(app)},
      {"twin", cli::add_twin_command(app)},
      {"report", cli::add_report_command(app)},
      {"mmc", cli::add_mmc_command(app)},
      {"merge", cli::add_merge_command(app)},
      {"sweep", cli::add_sweep_command(app)},
      {"calibrate", cli::add_calibrate_command(app)},
  };
  if (argc > 1 && argv[1][0] != '-') {  // CLI11 would only say "A subcommand is required"
    const std::string_view given = argv[1];
    std::vector<std::string_view> names;
    for (const auto& [name, run] : commands) names.push_back(name);
    if (std::find(names.begin(), names.end(), given) == names.end()) {
      const auto nearest = slotrush::scenario_detail::closest_name(given, names);
      std::string list;
      for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
      fmt::print(stderr, "slotrush: unknown command '{}'{}; the commands are {} (slotrush --help)\n", given,
                 nearest ? " (did you mean '" + std::string(*nearest) + "'?)" : "", list);
      return slotrush::cli::kExitBadInput;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return slotrush::cli::kExitBadInput;
  }
  try {
    for (const auto& [name, run] : commands)
      if (app.got_subcommand(name)) return run();
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "slotrush: error: {}\n", e.what());
    return slotrush::cli::kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "slotrush: {}\n", e.what());
    return 1;
  }
  return 1;
}
