// SpreadSort sorts whatever it is given: spread keys through its counting pass, clustered ones
// through its fallback; a calendar page's firing order depends on it.
#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

#include <catch2/catch.hpp>

#include "sim/engine/spread_sort.hpp"

using slotrush::SpreadSort;

namespace {

// Distinct keys as a page packs them: (time offset << position bits) | position.
std::vector<std::uint64_t> packed(const std::vector<std::uint64_t>& offsets) {
  const unsigned bits = static_cast<unsigned>(std::bit_width(offsets.size()));
  std::vector<std::uint64_t> keys;
  for (std::size_t i = 0; i < offsets.size(); ++i) keys.push_back((offsets[i] << bits) | i);
  return keys;
}

void check_sorts(SpreadSort& sort, std::vector<std::uint64_t> keys) {
  std::vector<std::uint64_t> expected = keys;
  std::sort(expected.begin(), expected.end());
  sort(keys);
  REQUIRE(keys == expected);
}

}  // namespace

TEST_CASE("SpreadSort gives std::sort's order for spread, clustered, equal and extreme keys") {
  SpreadSort sort;
  std::mt19937_64 gen(15);
  for (const std::size_t n : {2, 3, 17, 100, 128, 129, 1000, 1024}) {
    std::vector<std::uint64_t> offsets(n);
    for (auto& o : offsets) o = gen() % 5'000'000;  // uniform in a page's width
    check_sorts(sort, packed(offsets));
    for (std::size_t i = 0; i < n; ++i) offsets[i] = i % 2 ? 7 : 4'000'000;  // two clusters
    check_sorts(sort, packed(offsets));
    std::fill(offsets.begin(), offsets.end(), 42);  // one instant: the positions decide
    check_sorts(sort, packed(offsets));
    for (std::size_t i = 0; i < n; ++i) offsets[i] = n - i;  // descending
    check_sorts(sort, packed(offsets));
    std::vector<std::uint64_t> wide(n);  // the whole 64-bit range
    for (auto& k : wide) k = gen();
    wide[0] = 0;
    wide[n - 1] = ~std::uint64_t{0};
    check_sorts(sort, wide);
    for (std::size_t i = 0; i < n; ++i) offsets[i] = (i < n / 8) ? gen() % 1'000'000'000'000 : gen() % 100;  // outliers
    check_sorts(sort, packed(offsets));
  }
}
