#include <catch2/catch.hpp>

#include <limits>
#include <stdexcept>
#include <vector>

#include "sim/stats/fairness.hpp"

using slotrush::gini_coefficient;
using slotrush::jain_index;

TEST_CASE("Jain's index is 1 for equal shares and 1/n when one has everything") {
  CHECK(jain_index({3, 3, 3, 3}) == Approx(1.0));
  CHECK(jain_index({1, 0, 0, 0}) == Approx(0.25));
  CHECK(jain_index({1, 2, 3}) == Approx(36.0 / 42.0));
  CHECK(jain_index({2, 4, 6}) == Approx(jain_index({1, 2, 3})));  // scale free
}

TEST_CASE("the Gini coefficient is 0 for equal shares and (n-1)/n when one has everything") {
  CHECK(gini_coefficient({5, 5, 5}) == Approx(0.0).margin(1e-12));
  CHECK(gini_coefficient({0, 0, 0, 1}) == Approx(0.75));
  CHECK(gini_coefficient({1, 2, 3, 4, 5}) == Approx(4.0 / 15.0));
  CHECK(gini_coefficient({5, 1, 4, 2, 3}) == Approx(4.0 / 15.0));  // order does not matter
  CHECK(gini_coefficient({10, 20, 30, 40, 50}) == Approx(4.0 / 15.0));
}

TEST_CASE("fairness of nothing is defined: empty and all-zero inputs are perfectly fair") {
  CHECK(jain_index({}) == 1.0);
  CHECK(jain_index({0, 0}) == 1.0);
  CHECK(gini_coefficient({}) == 0.0);
  CHECK(gini_coefficient({0, 0, 0}) == 0.0);
  CHECK(gini_coefficient({7}) == 0.0);
  CHECK_THROWS_AS(jain_index({1, -1}), std::invalid_argument);
  CHECK_THROWS_AS(gini_coefficient({std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
}
