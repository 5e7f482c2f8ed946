#include "report/report_input.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace slotrush {
namespace {

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& problem) {
  throw ReportInputError(fmt::format("{}: {}", file.string(), problem));
}

// nlohmann's messages carry a tag such as "[json.exception.parse_error.101] "; the reader needs the rest.
std::string without_exception_tag(std::string what) {
  const auto tag = what.find("[json.exception.");
  const auto end = what.find("] ", tag);
  if (tag != std::string::npos && end != std::string::npos) what.erase(tag, end + 2 - tag);
  return what;
}

constexpr const char* kExpected =
    "expected a results file (schema \"slotrush.results/1\") as written by slotrush sim --out, "
    "slotrush compare --out or slotrush load, or a twin (slotrush twin --out DIR: DIR or DIR/twin.json)";

}  // namespace

std::string read_input_file(const std::filesystem::path& file) {
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) fail(file, "no such file");
  if (std::filesystem::is_directory(status))
    fail(file, "is a directory; expected a results file such as DIR/results.json");
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(file, "cannot be opened for reading (check its permissions)");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) fail(file, "read error");
  return text.str();
}

ReportInput load_report_input(const std::filesystem::path& file) { return report_input_from_text(file, read_input_file(file)); }

ReportInput report_input_from_text(const std::filesystem::path& file, const std::string& text) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    fail(file, fmt::format("not JSON ({}); {}", without_exception_tag(e.what()), kExpected));
  }
  if (!doc.is_object() || !doc.contains("schema"))
    fail(file, fmt::format("JSON without a \"schema\" field; {}", kExpected));
  if (doc.at("schema") != kResultsSchema)
    fail(file, fmt::format("schema is {}; {}", doc.at("schema").dump(), kExpected));
  try {
    return ReportInput{file, results_from_json(text)};
  } catch (const std::exception& e) {
    fail(file, fmt::format("malformed results: {}", without_exception_tag(e.what())));
  }
}

std::vector<ReportInput> load_report_inputs(const std::vector<std::filesystem::path>& files) {
  std::vector<ReportInput> inputs;
  inputs.reserve(files.size());
  for (const auto& file : files) inputs.push_back(load_report_input(file));
  return inputs;
}

}  // namespace slotrush
