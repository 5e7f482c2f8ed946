// Student-t confidence intervals for the mean of independent replications, and the
// paired-difference interval used to compare policies under common random numbers.
// Invariant: half_width >= 0 (+infinity when n == 1); confidence is in (0, 1).
#pragma once

#include <cstddef>
#include <span>

namespace slotrush {

struct ConfidenceInterval {
    double mean = 0.0;
    double half_width = 0.0;
    std::size_t n = 0;
    double confidence = 0.95;

    [[nodiscard]] double lower() const noexcept { return mean - half_width; }
    [[nodiscard]] double upper() const noexcept { return mean + half_width; }
    [[nodiscard]] bool contains(double x) const noexcept { return lower() <= x && x <= upper(); }
};

// x̄ ± t_{n-1, 1-α/2} · s / √n. n == 1 gives an infinite half-width.
// Throws std::invalid_argument if samples is empty or confidence is not in (0, 1).
[[nodiscard]] ConfidenceInterval student_t_interval(std::span<const double> samples,
                                                    double confidence = 0.95);

// Interval for the mean of b[i] - a[i] (positive: b is larger). Throws
// std::invalid_argument if the sizes differ or are zero.
[[nodiscard]] ConfidenceInterval paired_difference_interval(std::span<const double> a,
                                                            std::span<const double> b,
                                                            double confidence = 0.95);

// p-quantile of Student's t with df degrees of freedom (Boost.Math).
// Throws std::invalid_argument unless 0 < p < 1 and df > 0.
[[nodiscard]] double student_t_quantile(double p, double df);

}  // namespace slotrush
