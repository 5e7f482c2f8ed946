// The JSON API of `slotrush serve` (docs/api.md): turns HTTP requests into BookingService calls.
// Each route validates its input at the edge (token 401, foreign registrant 403, bad JSON 400 with a
// reason), passes the waiting room when the scenario has one (429 with the queue position), holds
// a worker of its request type's tier (503 + Retry-After when shed), then runs the domain rule at
// the server's time, as the simulator does. Every answer is counted in MockMetrics.
#pragma once
#include "mock/bearer_token.hpp"
#include "mock/booking_service.hpp"
#include "mock/capacity_emulator.hpp"
#include "mock/mock_metrics.hpp"
#include "mock/router.hpp"
#include "sim/time/scaled_clock.hpp"

namespace slotrush::mock {

struct ApiContext {
  BookingService& bookings;
  CapacityEmulator& capacity;
  const ScaledClock& clock;
  const BearerToken& tokens;
  MockMetrics& metrics;
};

// The routes of docs/api.md. The context must outlive the router.
Router make_api_router(ApiContext context);

}  // namespace slotrush::mock
