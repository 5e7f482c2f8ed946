// Fairness of an allocation across people or groups (e.g. slots per registrant, success rate per
// device class): Jain's index and the Gini coefficient. Values must be finite and >= 0
// (std::invalid_argument otherwise).
#pragma once

#include <vector>

namespace slotrush {

// (sum x)^2 / (n * sum x^2): 1 when all are equal, 1/n when one has everything. Defined as 1 for an
// empty input and for all zeros (nobody is better off than anybody else).
[[nodiscard]] double jain_index(const std::vector<double>& values);

// Mean absolute difference over twice the mean: 0 when all are equal, (n-1)/n when one has
// everything. Defined as 0 for an empty input and for all zeros.
[[nodiscard]] double gini_coefficient(std::vector<double> values);

}  // namespace slotrush
