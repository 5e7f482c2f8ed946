#include "apps/slotrush/flag_checks.hpp"

#include <fstream>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/core.h>

#include "sim/scenario/field_reader.hpp"

namespace slotrush::cli {

CLI::Validator positive() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        double value = 0;
        if (!CLI::detail::lexical_cast(text, value)) return "must be a number greater than 0 (found '" + text + "')";
        return value > 0 ? std::string() : "must be greater than 0 (found " + text + ")";
      },
      "> 0");
}

void check_writable(const std::filesystem::path& dir, const std::string& flag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path probe = dir / ".slotrush-write-check";
  std::ofstream out(probe);
  if (ec || !out)
    throw std::invalid_argument(flag + ": cannot write into '" + dir.string() + "'; allowed: a writable directory");
  out.close();
  fs::remove(probe, ec);
}

Kpi kpi_flag(const std::string& name, const std::string& origin) {
  if (const auto kpi = kpi_from_name(name)) return *kpi;
  std::vector<std::string_view> names;
  std::string list;
  for (const KpiInfo& k : kKpiInfo) {
    names.push_back(k.name);
    list += (list.empty() ? "" : ", ") + std::string(k.name);
  }
  const auto near = scenario_detail::closest_name(name, names);
  throw std::invalid_argument(fmt::format("{}: found KPI '{}'{}; allowed: {} (docs/results-schema.md)", origin, name,
                                          near ? fmt::format(" (did you mean '{}'?)", *near) : "", list));
}

}  // namespace slotrush::cli
