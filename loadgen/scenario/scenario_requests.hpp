// What a virtual user sends for each step of the CBP One flow (docs/api.md), and what an answer
// means for the flow: the HTTP side of the scenario mode, free of state and timers.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "loadgen/http_request.hpp"
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

// How the client reads an answer (the simulator's answers, plus what only live HTTP can say).
enum class AnswerKind : std::uint8_t {
  Ok,            // the step succeeded; go on
  NotYet,        // nothing on sale yet / result pending: try the same step after a pause
  Refused,       // liveness or confirmation refused (422): try again after a pause
  NoSlots,       // "No appointments available", window closed, hold gone: done for today
  Done,          // already booked / already entered: the step's goal holds
  Lost,          // the draw was lost: done for today
  WaitingRoom,   // 429 from the waiting room: wait retry_after and ask again
  Rejected,      // 503, reset, connection error: retryable
  Timeout,       // no answer within the timeout: retryable
  Unauthorized,  // 401: the token is no longer valid; log in again
  Broken,        // any other 4xx/5xx: the client or the target is wrong; stop this device
};
const char* to_string(AnswerKind kind);

struct StepAnswer {
  AnswerKind kind = AnswerKind::Broken;
  std::string token;          // login
  int slots = 0, wanted = 0;  // book, confirm, result: the booking's slots held and wanted
  bool confirmed = false;     // the booking's status is "confirmed"
  double retry_after_sim_s = -1;   // 429: the body's retry_after_s (simulated seconds), else -1
  double retry_after_wall_s = -1;  // the Retry-After header (wall seconds), else -1
  bool slots_listed = false;  // list slots: at least one open cell
};

// Reads `result` as the answer to `step`. `released` says whether today's race release has happened
// (an empty slot list means "not yet" before it and "none left" after).
StepAnswer read_answer(RequestType step, const HttpResult& result, bool released);

}  // namespace slotrush::loadgen
