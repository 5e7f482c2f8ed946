// A MockServer on 127.0.0.1 for one test, on a small race scenario (two ports, zero service times,
// the clock started just after the release) that each test adjusts, plus JSON helpers.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "mock/mock_server.hpp"
#include "sim/scenario/scenario.hpp"
#include "tests/mock/mock_test_client.hpp"

namespace slotrush::mock::test {

// One second after small_race's release (09:00 on day 0): slots are on sale.
inline constexpr SimTime kAfterRelease = 9 * kHour + kSecond;

inline Scenario small_race(int daily_slots = 20) {
  Scenario s = default_scenario();
  s.name = "mock-test";
  s.supply.daily_slots = daily_slots;
  s.supply.ports = {PortSpec{"A", 0.5}, PortSpec{"B", 0.5}};
  s.allocation.confirmation.success_probability = 1.0;
  s.population.liveness_fail_probability = 0.0;
  s.server.tiers = {TierSpec{}};
  s.server.tiers[0].workers = 8;
  for (auto& r : s.server.requests) r.service_seconds = Deterministic(0.0);
  return s;
}

inline MockServerOptions test_options(SimTime start_at) {
  MockServerOptions o;
  o.listen = "127.0.0.1:0";
  o.start_at = start_at;
  o.threads = 2;
  o.max_registrants = 100'000;
  return o;
}

struct RunningMock {
  RunningMock(const Scenario& s, MockServerOptions o) : server(s, std::move(o)) { server.start(); }
  ~RunningMock() {
    server.drain();
    server.wait();
  }
  MockServer server;
};

inline nlohmann::json body_of(const http::response<http::string_body>& res) {
  return nlohmann::json::parse(res.body(), nullptr, false);
}

// Logs in and returns the Authorization header value.
inline std::string login(TestClient& client, std::uint64_t registrant) {
  auto res = client.request(http::verb::post, "/login", nlohmann::json{{"registrant", registrant}}.dump());
  if (!res || res->result() != http::status::ok) return {};
  return "Bearer " + body_of(*res)["token"].get<std::string>();
}

inline std::optional<http::response<http::string_body>> book(TestClient& client, const std::string& auth,
                                                             const std::string& key, int party = 1) {
  return client.request(http::verb::post, "/book", nlohmann::json{{"party", party}}.dump(),
                        {{"Authorization", auth}, {"Idempotency-Key", key}});
}

}  // namespace slotrush::mock::test
