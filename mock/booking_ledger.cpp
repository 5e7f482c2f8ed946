#include "mock/booking_ledger.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <unistd.h>

namespace slotrush::mock {

namespace {

std::runtime_error io_error(const std::filesystem::path& path, const char* what) {
  return std::runtime_error(fmt::format("ledger {}: {}: {}", path.string(), what, std::strerror(errno)));
}

LedgerWriteError write_error(const std::filesystem::path& path, const char* what) {
  return LedgerWriteError(fmt::format("ledger {}: {}: {}", path.string(), what, std::strerror(errno)));
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
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw io_error(path_, "cannot open for appending");
  whole_bytes_ = ::lseek(fd_, 0, SEEK_END);
  if (whole_bytes_ < 0) throw io_error(path_, "cannot seek to the end");
}

BookingLedger::~BookingLedger() {
  if (fd_ >= 0) ::close(fd_);
}

void BookingLedger::append(const nlohmann::json& record) {
  if (torn_) {  // a failed append is still in the file: cut it off before writing after it
    if (::ftruncate(fd_, whole_bytes_) != 0) throw write_error(path_, "cannot cut back a failed append");
    torn_ = false;
  }
  const std::string line = record.dump() + '\n';
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::pwrite(fd_, line.data() + done, line.size() - done, whole_bytes_ + static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = ENOSPC;
      fail_append("write failed");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) fail_append("fdatasync failed");
  whole_bytes_ += static_cast<off_t>(line.size());
}

void BookingLedger::fail_append(const char* what) {
  const int cause = errno;
  torn_ = ::ftruncate(fd_, whole_bytes_) != 0 || ::fdatasync(fd_) != 0;
  errno = cause;
  throw write_error(path_, what);
}

}  // namespace slotrush::mock
