#include "mock/booking_ledger.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace slotrush::mock {

namespace {

std::runtime_error io_error(const std::filesystem::path& path, const char* what) {
  return std::runtime_error(fmt::format("ledger {}: {}: {}", path.string(), what, std::strerror(errno)));
}

}  // namespace

BookingLedger::BookingLedger(std::filesystem::path path) : path_(std::move(path)) {
  std::uintmax_t good_bytes = 0;
  if (std::filesystem::exists(path_)) {
    std::ifstream in(path_, std::ios::binary);
    if (!in) throw io_error(path_, "cannot read");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t pos = 0;
    int line_no = 0;
    while (pos < text.size()) {
      ++line_no;
      const std::size_t end = text.find('\n', pos);
      const bool last = end == std::string::npos || end + 1 == text.size();
      const std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      nlohmann::json record = nlohmann::json::parse(line, nullptr, false);
      const bool complete = end != std::string::npos && !record.is_discarded() && record.is_object();
      if (!complete) {
        if (!last)
          throw std::runtime_error(fmt::format("ledger {}:{}: corrupt record before the end of the file",
                                               path_.string(), line_no));
        contents_.warnings.push_back(fmt::format(
            "ledger {}:{}: torn last record ({} bytes) ignored: the server stopped mid-append",
            path_.string(), line_no, text.size() - pos));
        break;
      }
      contents_.records.push_back(std::move(record));
      pos = end + 1;
      good_bytes = pos;
    }
    if (good_bytes < text.size()) std::filesystem::resize_file(path_, good_bytes);
  }
  file_ = std::fopen(path_.c_str(), "ab");
  if (!file_) throw io_error(path_, "cannot open for appending");
}

BookingLedger::~BookingLedger() {
  if (file_) std::fclose(file_);
}

void BookingLedger::append(const nlohmann::json& record) {
  const std::string line = record.dump() + '\n';
  if (std::fwrite(line.data(), 1, line.size(), file_) != line.size() || std::fflush(file_) != 0)
    throw io_error(path_, "write failed");
  if (::fdatasync(::fileno(file_)) != 0) throw io_error(path_, "fdatasync failed");
}

}  // namespace slotrush::mock
