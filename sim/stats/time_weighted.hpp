// TimeWeighted: time-average of a piecewise-constant level (queue length, busy servers)
// over integer clock ticks (int64 ns). Invariant: time never goes backwards; integral_
// covers [start_, last_] and the current level_ holds from last_ onward.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>

namespace slotrush {

class TimeWeighted {
public:
    explicit TimeWeighted(std::int64_t start = 0, double level = 0.0) noexcept
        : start_(start), last_(start), level_(level), max_(level) {}

    // The level becomes `level` at time `now`.
    void set(std::int64_t now, double level) noexcept {
        advance(now);
        level_ = level;
        max_ = std::max(max_, level);
    }

    // The level changes by `delta` at time `now`.
    void add(std::int64_t now, double delta) noexcept { set(now, level_ + delta); }

    [[nodiscard]] double level() const noexcept { return level_; }
    [[nodiscard]] double max() const noexcept { return max_; }
    [[nodiscard]] std::int64_t start() const noexcept { return start_; }

    // Integral of the level over [start, now], including the still-open segment.
    [[nodiscard]] double integral(std::int64_t now) const noexcept {
        assert(now >= last_ && "TimeWeighted: time went backwards");
        return integral_ + level_ * static_cast<double>(now - last_);
    }

    // Time-average over [start, now]; 0 if no time has elapsed.
    [[nodiscard]] double mean(std::int64_t now) const noexcept {
        assert(now >= last_ && "TimeWeighted: time went backwards");
        const std::int64_t elapsed = now - start_;
        return elapsed <= 0 ? 0.0 : integral(now) / static_cast<double>(elapsed);
    }

    // Warm-up deletion: forget everything before `now`, keep the current level.
    void reset(std::int64_t now) noexcept {
        assert(now >= last_ && "TimeWeighted: time went backwards");
        start_ = now;
        last_ = now;
        integral_ = 0.0;
        max_ = level_;
    }

private:
    void advance(std::int64_t now) noexcept {
        assert(now >= last_ && "TimeWeighted: time went backwards");
        integral_ += level_ * static_cast<double>(now - last_);
        last_ = now;
    }

    std::int64_t start_;
    std::int64_t last_;
    double level_;
    double max_;
    double integral_ = 0.0;
};

}  // namespace slotrush
