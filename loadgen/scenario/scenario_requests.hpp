// What a virtual user sends for each step of the CBP One flow (docs/api.md), and which BookingAnswer
// (sim/domain/booking_answer.hpp) comes back: the HTTP side of the scenario mode, free of state and timers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "loadgen/http_request.hpp"
#include "sim/domain/booking_answer.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::loadgen {

struct StepRequest {
  RequestType step = RequestType::Login;
  std::uint64_t registrant = 0;
  std::string_view token;          // bearer token (all steps but login)
  std::uint16_t port = 0;          // preferred port index (book, lottery entry, slot list)
  std::uint8_t party = 1;
  std::string_view idempotency_key;  // book only
  std::size_t liveness_bytes = 0;
  std::string_view room_session;   // the phone's waiting-room cookie (`slotrush_room`), empty: none
};

HttpRequest make_request(const StepRequest& step);

// The Idempotency-Key of one booking: the same for every retry of that booking, new for the next.
std::string idempotency_key(std::uint64_t registrant, std::uint32_t device, int day, std::uint16_t booking);

// How an attempt ended on the wire. Only an answered attempt carries a BookingAnswer: a timeout, a
// connection that failed or was reset, or a gateway's 5xx (or a 429) that is not the booking system's
// answer says nothing about the booking, and is retried like a shed request.
enum class Delivery : std::uint8_t { Answered, TimedOut, Failed };

struct StepAnswer {
  Delivery delivery = Delivery::Answered;
  BookingAnswer answer = BookingAnswer::Unrecognized;  // from_http(status, body's "answer")
  std::string token;          // login
  int slots = 0, wanted = 0;  // book, confirm, result: the booking's slots held and wanted
  bool confirmed = false;     // the booking's status is "confirmed"
  double retry_after_sim_s = -1;   // 429: the body's retry_after_s (simulated seconds), else -1
  double retry_after_wall_s = -1;  // the Retry-After header (wall seconds), else -1
};

// Reads `result` as the answer to `step` (docs/api.md). A login answered without a token is
// Unrecognized.
StepAnswer read_answer(RequestType step, const HttpResult& result);

}  // namespace slotrush::loadgen
