// Target: the scenario loader. Any YAML text is either a Scenario or a ScenarioError whose every
// issue has a place and a message; nothing else escapes. The text goes through a file because the
// loader follows `extends` from a file's folder (the corpus has no `extends` to follow).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/scenario/scenario_loader.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace slotrush;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file =
      std::filesystem::temp_directory_path() / ("slotrush-fuzz-scenario-" + std::to_string(::getpid()) + ".yaml");
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    (void)load_scenario(file);
  } catch (const ScenarioError& e) {
    for (const ScenarioIssue& issue : e.issues())
      if (issue.message.empty() || issue.file.empty()) __builtin_trap();
  }
  return 0;
}
