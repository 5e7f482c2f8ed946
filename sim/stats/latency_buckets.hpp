// The bucket bounds (seconds) of every request-duration histogram slotrush exports to Prometheus:
// the mock's server-side and the load generator's client-side histograms share them, so both line up
// on one dashboard and `histogram_quantile` reads them alike.
#pragma once
#include <vector>

namespace slotrush {

inline const std::vector<double>& latency_bucket_bounds_seconds() {
  static const std::vector<double> bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                          0.5,    1,     2.5,    5,     10,   30,    60,   120};
  return bounds;
}

}  // namespace slotrush
