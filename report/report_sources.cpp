#include "report/report_sources.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace slotrush {
namespace {

constexpr const char* kTwinFileName = "twin.json";
constexpr const char* kSweepFileName = "sweep.json";

// A twin by its content, its "schema", whatever the file is called.
bool is_twin_text(const std::string& text) {
  if (text.find(kTwinSchema) == std::string::npos) return false;  // most files: no parse needed
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  return doc.is_object() && doc.contains("schema") && doc.at("schema") == kTwinSchema;
}

TwinInput load_twin(const std::filesystem::path& file, const std::string& text, std::vector<ReportInput>& files) {
  TwinInput in;
  in.path = file;
  try {
    in.twin = twin_from_json(text);
  } catch (const std::exception& e) {
    throw ReportInputError(fmt::format("{}: malformed twin file: {}", file.string(), e.what()));
  }
  const auto half = [&](const std::string& relative, const char* which) {
    const std::filesystem::path path = file.parent_path() / relative;
    try {
      files.push_back(load_report_input(path));
    } catch (const ReportInputError& e) {
      throw ReportInputError(fmt::format("{}: its {} half: {}", file.string(), which, e.what()));
    }
    return files.size() - 1;
  };
  in.simulated = half(in.twin.description.simulated, "simulated");
  in.measured = half(in.twin.description.measured, "measured");
  return in;
}

}  // namespace

ReportSources load_report_sources(const std::vector<std::filesystem::path>& arguments) {
  ReportSources out;
  for (const std::filesystem::path& argument : arguments) {
    std::error_code ec;
    std::filesystem::path file = argument;
    if (std::filesystem::is_directory(argument, ec)) {
      file = argument / kTwinFileName;
      if (!std::filesystem::exists(file, ec)) file = argument / kSweepFileName;
      if (!std::filesystem::exists(file, ec))
        throw ReportInputError(fmt::format("{}: is a directory without a {} or a {}; expected a results file such as "
                                           "DIR/results.json, a twin's directory (slotrush twin --out DIR) or a "
                                           "sweep's (slotrush sweep --out DIR)",
                                           argument.string(), kTwinFileName, kSweepFileName));
    }
    const std::string text = read_input_file(file);
    if (is_sweep_text(text))
      out.sweeps.push_back(sweep_input_from_text(file, text));
    else if (is_twin_text(text))
      out.twins.push_back(load_twin(file, text, out.files));
    else
      out.files.push_back(report_input_from_text(file, text));
  }
  return out;
}

}  // namespace slotrush
