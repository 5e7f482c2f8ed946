#include "report/atomic_file_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace slotrush {
namespace {

[[noreturn]] void fail(const std::filesystem::path& target, const std::string& step, int error) {
  throw std::runtime_error("cannot write " + target.string() + ": " + step + ": " + std::strerror(error));
}

}  // namespace

void replace_file_atomically(const std::filesystem::path& target, std::string_view contents) {
  // Same directory, so rename() replaces in one step; the process id keeps concurrent writers apart.
  std::filesystem::path temp = target;
  temp += ".tmp." + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) fail(target, "creating " + temp.string(), errno);
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int error = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(temp.c_str());
      fail(target, "writing " + temp.string(), error);
    }
    written += static_cast<std::size_t>(n);
  }
  int error = ::fsync(fd) == 0 ? 0 : errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  if (error != 0) {
    ::unlink(temp.c_str());
    fail(target, "flushing " + temp.string(), error);
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    fail(target, "renaming " + temp.string() + " over it", error);
  }
}

}  // namespace slotrush
