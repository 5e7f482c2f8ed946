// MockServer: `slotrush serve` assembled: the scenario's BookingService (with its ledger), the
// CapacityEmulator, the JSON API on the HttpServer, and the Prometheus exposer. The clock starts at
// `start_at` (simulated time of day 0) and runs `time_scale` times faster than the wall; with a ledger
// that already holds a run, the run's clock continues where the wall clock says it is now.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "mock/api_routes.hpp"
#include "mock/http_server.hpp"
#include "sim/time/scaled_clock.hpp"

namespace prometheus {
class Exposer;
}

namespace slotrush::mock {

struct MockServerOptions {
  std::string listen = "127.0.0.1:8080";
  std::optional<std::string> metrics;  // host:port of the Prometheus endpoint; none = no exposer
  double time_scale = 1.0;
  std::optional<SimTime> start_at;     // default: default_live_start(scenario)
  // The steady-clock instant that is `start_at` (default: when the server is built): a load run
  // started with the same origin agrees with the server on the time to the nanosecond.
  std::optional<ScaledClock::steady::time_point> origin;
  std::optional<std::filesystem::path> ledger;
  int threads = 2;
  std::uint64_t max_registrants = 10'000'000;
  HttpLimits limits;
};

// "host:port" -> endpoint; throws std::invalid_argument with the text it could not read.
boost::asio::ip::tcp::endpoint parse_endpoint(const std::string& text);

class MockServer {
 public:
  MockServer(const Scenario& scenario, MockServerOptions options);
  ~MockServer();

  boost::asio::ip::tcp::endpoint endpoint() const { return endpoint_; }
  std::optional<int> metrics_port() const;
  void start();
  void drain() { http_->drain(); }
  void wait() { http_->wait(); }
  // Blocks until SIGTERM or SIGINT, drains, and returns (the process then exits 0).
  void run_until_signal();

  std::string scrape() const { return metrics_->scrape(); }
  BookingService& bookings() { return *bookings_; }
  const ScaledClock& clock() const { return *clock_; }

 private:
  std::vector<prometheus::MetricFamily> state_metrics() const;

  MockServerOptions options_;
  std::unique_ptr<BookingLedger> ledger_;
  std::unique_ptr<ScaledClock> clock_;
  std::unique_ptr<BookingService> bookings_;
  std::unique_ptr<CapacityEmulator> capacity_;
  std::unique_ptr<BearerToken> tokens_;
  std::unique_ptr<MockMetrics> metrics_;
  std::unique_ptr<HttpServer> http_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  boost::asio::ip::tcp::endpoint endpoint_;
};

}  // namespace slotrush::mock
