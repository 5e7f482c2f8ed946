#include "sim/stats/fairness.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace slotrush {
namespace {

void check_values(const std::vector<double>& values, const char* who) {
    for (double x : values) {
        if (!(x >= 0.0) || !std::isfinite(x)) {
            throw std::invalid_argument(std::string(who) + ": values must be finite and >= 0");
        }
    }
}

}  // namespace

double jain_index(const std::vector<double>& values) {
    check_values(values, "jain_index");
    double sum = 0.0, sum_squares = 0.0;
    for (double x : values) {
        sum += x;
        sum_squares += x * x;
    }
    if (sum_squares == 0.0) return 1.0;
    return sum * sum / (static_cast<double>(values.size()) * sum_squares);
}

double gini_coefficient(std::vector<double> values) {
    check_values(values, "gini_coefficient");
    std::sort(values.begin(), values.end());
    // Sorted ascending, G = sum_i (2i - n - 1) x_i / (n sum x) with i = 1..n.
    const double n = static_cast<double>(values.size());
    double sum = 0.0, weighted = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        sum += values[i];
        weighted += (2.0 * static_cast<double>(i + 1) - n - 1.0) * values[i];
    }
    if (sum == 0.0) return 0.0;
    return weighted / (n * sum);
}

}  // namespace slotrush
