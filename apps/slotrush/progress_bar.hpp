// ProgressBar: one line on stderr, redrawn in place, for runs done on several threads at once
// (`slotrush sim`, `compare`, `sweep`); each run reports the fraction of it that is done. Drawn only
// when enabled and stderr is a terminal.
#pragma once
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/core.h>

namespace slotrush::cli {

class ProgressBar {
 public:
  ProgressBar(std::size_t runs, bool enabled, std::string label)
      : runs_(runs), enabled_(enabled && isatty(STDERR_FILENO)), label_(std::move(label)), done_(runs, 0.0) {}
  ~ProgressBar() {
    if (enabled_) std::fputs("\r\033[K", stderr);
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // `suffix` follows the percentage, e.g. "3/11 points".
  void update(std::size_t run, double fraction, const std::string& suffix = {}) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    if (run >= done_.size()) done_.resize(run + 1, 0.0);
    done_[run] = fraction;
    double total = 0;
    for (double d : done_) total += d;
    const double share = total / static_cast<double>(runs_);
    const int width = 40;
    const int filled = static_cast<int>(share * width);
    fmt::print(stderr, "\r  {} [{:=<{}}{: <{}}] {:3.0f}% {}", label_, "", filled, "", width - filled, 100 * share, suffix);
    std::fflush(stderr);
  }

 private:
  std::size_t runs_;
  bool enabled_;
  std::string label_;
  std::mutex mutex_;
  std::vector<double> done_;
};

}  // namespace slotrush::cli
