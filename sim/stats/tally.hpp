// Tally: running count/mean/variance/min/max of a stream of observations (Welford).
// Invariant: m2_ is the sum of squared deviations from mean_; merge() is exact (Chan et al.).
// Empty tally: mean() == 0, variance() == 0, min()/max() are NaN.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace slotrush {

class Tally {
public:
    void add(double x) noexcept {
        ++n_;
        const double delta = x - mean_;
        mean_ += delta / static_cast<double>(n_);
        m2_ += delta * (x - mean_);
        sum_ += x;
        min_ = std::min(min_, x);
        max_ = std::max(max_, x);
    }

    [[nodiscard]] std::uint64_t count() const noexcept { return n_; }
    [[nodiscard]] double mean() const noexcept { return mean_; }
    [[nodiscard]] double sum() const noexcept { return sum_; }

    // Sample variance (divides by n-1); 0 when fewer than two observations.
    [[nodiscard]] double variance() const noexcept {
        return n_ < 2 ? 0.0 : m2_ / static_cast<double>(n_ - 1);
    }
    [[nodiscard]] double stddev() const noexcept { return std::sqrt(variance()); }

    [[nodiscard]] double min() const noexcept {
        return n_ == 0 ? std::numeric_limits<double>::quiet_NaN() : min_;
    }
    [[nodiscard]] double max() const noexcept {
        return n_ == 0 ? std::numeric_limits<double>::quiet_NaN() : max_;
    }

    // Exact parallel combination (Chan, Golub, LeVeque): as if every observation
    // of `other` had been added to *this.
    void merge(const Tally& other) noexcept {
        if (other.n_ == 0) return;
        if (n_ == 0) {
            *this = other;
            return;
        }
        const double na = static_cast<double>(n_);
        const double nb = static_cast<double>(other.n_);
        const double n = na + nb;
        const double delta = other.mean_ - mean_;
        mean_ += delta * (nb / n);
        m2_ += other.m2_ + delta * delta * (na * nb / n);
        n_ += other.n_;
        sum_ += other.sum_;
        min_ = std::min(min_, other.min_);
        max_ = std::max(max_, other.max_);
    }

    void reset() noexcept { *this = Tally{}; }

private:
    std::uint64_t n_ = 0;
    double mean_ = 0.0;
    double m2_ = 0.0;
    double sum_ = 0.0;
    double min_ = std::numeric_limits<double>::infinity();
    double max_ = -std::numeric_limits<double>::infinity();
};

}  // namespace slotrush
