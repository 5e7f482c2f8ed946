// slotrush: appointment-queue simulator and HTTP load tester. Dispatches to subcommands.
#include <exception>
#include <iostream>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"slotrush: simulate and load-test limited-slot appointment systems"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "slotrush 0.1.0");
  slotrush::cli::Command mmc = slotrush::cli::add_mmc_command(app);
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
    if (app.got_subcommand("mmc")) return mmc();
  } catch (const std::invalid_argument& e) {
    fmt::print(stderr, "slotrush: error: {}\n", e.what());
    return slotrush::cli::kExitBadInput;
  } catch (const std::exception& e) {
    fmt::print(stderr, "slotrush: {}\n", e.what());
    return 1;
  }
  return 1;
}
