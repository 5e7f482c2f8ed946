// `slotrush serve` as a child process for tests of signals and crashes: started with its stdout on
// a pipe (to learn the port it bound), signalled, and reaped, each step bounded in time.
#pragma once
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace slotrush::mock::test {

class ServeProcess {
 public:
  // `environment`: NAME=VALUE entries added to this process's environment (e.g. LD_PRELOAD).
  explicit ServeProcess(std::vector<std::string> args, std::vector<std::string> environment = {}) {
    int out[2];
    if (::pipe(out) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(out[1], STDOUT_FILENO);
      ::close(out[0]);
      ::close(out[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      for (auto& e : environment) ::putenv(e.data());
      // Under ASan a preloaded library comes before ASan's runtime, which ASan refuses by default;
      // the test libraries replace only functions ASan does not intercept, so the order is harmless.
      std::string asan_options;
      if (::getenv("LD_PRELOAD")) {
        const char* given = ::getenv("ASAN_OPTIONS");
        asan_options = std::string("ASAN_OPTIONS=") + (given ? given : "") + ":verify_asan_link_order=0";
        ::putenv(asan_options.data());
      }
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(out[1]);
    stdout_ = out[0];
  }
  ~ServeProcess() {
    if (pid_ > 0 && !exit_status_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (stdout_ >= 0) ::close(stdout_);
  }

  // The port from "listening on 127.0.0.1:PORT", or 0 if it did not appear within the timeout.
  unsigned short wait_for_port(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string text;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{stdout_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char buf[256];
      const ssize_t n = ::read(stdout_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
      const auto at = text.find("listening on 127.0.0.1:");
      const auto eol = at == std::string::npos ? at : text.find('\n', at);
      if (eol != std::string::npos)
        return static_cast<unsigned short>(std::stoi(text.substr(at + 23, eol - at - 23)));
    }
    return 0;
  }

  void signal(int sig) { ::kill(pid_, sig); }

  // The exit status (or 128 + signal), or nullopt if the process is still running at the timeout.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

 private:
  pid_t pid_ = -1;
  int stdout_ = -1;
  std::optional<int> exit_status_;
};

}  // namespace slotrush::mock::test
