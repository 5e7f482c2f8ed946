// `slotrush validate FILE...`: checks scenario files (and the files they extend) without running
// them. Every issue of every file goes to stderr as `file:line:col: field: message`; a valid file
// prints `file: ok` on stdout. Exit status 0 when all files are valid, 2 when any is not.
#include <memory>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "sim/scenario/scenario_loader.hpp"

namespace slotrush::cli {

Command add_validate_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "validate", "check scenario files without running them; report every issue in each");
  cmd->add_option("files", o->files, "scenario YAML files")->required();
  cmd->add_flag("--quiet,-q", o->quiet, "print only the issues, not the valid files");
  return [o] {
    std::size_t issue_count = 0, bad_files = 0;
    for (const std::string& file : o->files) {
      const std::vector<ScenarioIssue> issues = validate_scenario_file(file);
      for (const ScenarioIssue& issue : issues) fmt::print(stderr, "{}\n", format_issue(issue));
      if (issues.empty() && !o->quiet) fmt::print("{}: ok\n", file);
      issue_count += issues.size();
      bad_files += issues.empty() ? 0 : 1;
    }
    if (bad_files == 0) return 0;
    fmt::print(stderr, "{} issue{} in {} of {} file{}\n", issue_count, issue_count == 1 ? "" : "s",
               bad_files, o->files.size(), o->files.size() == 1 ? "" : "s");
    return kExitBadInput;
  };
}

}  // namespace slotrush::cli
