// ReportInput: one results file (schema slotrush.results/1) read for a report. Loading checks the
// file and fails with a ReportInputError naming the file and what is wrong with it.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/results/results.hpp"

namespace slotrush {

// Bad input (exit status 2): a missing, unreadable or malformed results file. The message starts
// with the file's path.
class ReportInputError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

struct ReportInput {
  std::filesystem::path path;  // as given on the command line
  Results results;
};

// The whole text of one file; throws ReportInputError when it is missing, a directory or unreadable.
std::string read_input_file(const std::filesystem::path& file);

// A results file's text, checked; throws ReportInputError naming `file` when it is not JSON, of
// another schema (or none) or malformed.
ReportInput report_input_from_text(const std::filesystem::path& file, const std::string& text);

// Reads and checks one file. Throws ReportInputError when it is missing, a directory, unreadable,
// not JSON, of another schema (or none) or malformed.
ReportInput load_report_input(const std::filesystem::path& file);

// Every file in order; the first bad file throws.
std::vector<ReportInput> load_report_inputs(const std::vector<std::filesystem::path>& files);

}  // namespace slotrush
