#include "sim/stats/confidence_interval.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/students_t.hpp>

#include "sim/stats/tally.hpp"

namespace slotrush {

double student_t_quantile(double p, double df) {
    if (!(p > 0.0 && p < 1.0)) throw std::invalid_argument("student_t_quantile: p must be in (0, 1)");
    if (!(df > 0.0)) throw std::invalid_argument("student_t_quantile: df must be > 0");
    return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

ConfidenceInterval student_t_interval(std::span<const double> samples, double confidence) {
    if (samples.empty()) throw std::invalid_argument("student_t_interval: no samples");
    if (!(confidence > 0.0 && confidence < 1.0)) {
        throw std::invalid_argument("student_t_interval: confidence must be in (0, 1)");
    }
    Tally t;
    for (double x : samples) t.add(x);
    ConfidenceInterval ci;
    ci.mean = t.mean();
    ci.n = samples.size();
    ci.confidence = confidence;
    if (ci.n == 1) {
        ci.half_width = std::numeric_limits<double>::infinity();
    } else {
        const double q = student_t_quantile(1.0 - (1.0 - confidence) / 2.0,
                                            static_cast<double>(ci.n - 1));
        ci.half_width = q * t.stddev() / std::sqrt(static_cast<double>(ci.n));
    }
    return ci;
}

ConfidenceInterval paired_difference_interval(std::span<const double> a,
                                              std::span<const double> b, double confidence) {
    if (a.size() != b.size()) {
        throw std::invalid_argument("paired_difference_interval: sample sizes differ");
    }
    std::vector<double> diff(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) diff[i] = b[i] - a[i];
    return student_t_interval(diff, confidence);
}

}  // namespace slotrush
