// Loading a Scenario from YAML: the file (and the chain of files it `extends`) is parsed, merged,
// checked field by field and across fields, and turned into a typed Scenario, or into the complete
// list of what is wrong, each issue with its file:line:column, field path, what was found and what
// is allowed. The YAML layout mirrors struct Scenario; docs/scenario-reference.md lists every key.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/scenario/scenario.hpp"

namespace slotrush {

struct ScenarioIssue {
  std::string file;
  int line = 0;    // 1-based; 0 when the issue has no place inside the file (it cannot be read)
  int column = 0;  // 1-based
  std::string field_path;  // e.g. "server.tiers[0].workers"; empty for the whole document
  std::string message;     // what was found and what is allowed
};

// "file:line:col: field: message", the form compilers use, so editors can jump to it.
std::string format_issue(const ScenarioIssue& issue);

// Thrown by load_scenario; what() is every issue formatted, one per line. An invalid_argument, so
// the command line reports it as bad input (exit status 2).
class ScenarioError : public std::invalid_argument {
 public:
  explicit ScenarioError(std::vector<ScenarioIssue> issues);
  const std::vector<ScenarioIssue>& issues() const noexcept { return issues_; }

 private:
  std::vector<ScenarioIssue> issues_;
};

// Reads, merges (`extends`), validates and converts; throws ScenarioError listing every issue.
Scenario load_scenario(const std::filesystem::path& file);

// Every issue in the file and the files it extends, in file order; empty when the file is valid.
std::vector<ScenarioIssue> validate_scenario_file(const std::filesystem::path& file);

}  // namespace slotrush
