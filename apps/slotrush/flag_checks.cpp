#include "apps/slotrush/flag_checks.hpp"

#include <fstream>
#include <stdexcept>

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

}  // namespace slotrush::cli
