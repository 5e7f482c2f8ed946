#include "loadgen/scenario/scenario_requests.hpp"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

namespace slotrush::loadgen {
namespace http = boost::beast::http;
using json = nlohmann::json;

namespace {

void authorize(HttpRequest& r, std::string_view token) {
  r.headers.emplace_back("Authorization", "Bearer " + std::string(token));
}

// Each phone carries its own waiting-room cookie, as each browser does (docs/api.md, "Waiting room").
void add_room_session(HttpRequest& r, std::string_view session) {
  if (!session.empty()) r.headers.emplace_back("Cookie", "slotrush_room=" + std::string(session));
}

json parse(const std::string& body) {
  return json::parse(body, /*callback=*/nullptr, /*allow_exceptions=*/false);
}

void read_booking(const json& body, StepAnswer& a) {
  const auto b = body.find("booking");
  if (b == body.end() || !b->is_object()) return;
  a.slots = b->value("slots", 0);
  a.wanted = b->value("wanted", 0);
  a.confirmed = b->value("status", "") == "confirmed";
}

double header_seconds(const std::string& value) {
  double s = -1;
  const auto* end = value.data() + value.size();
  if (std::from_chars(value.data(), end, s).ec != std::errc()) return -1;
  return s;
}

}  // namespace

HttpRequest make_request(const StepRequest& s) {
  HttpRequest r;
  r.route = std::string(to_string(s.step));
  const int party = std::clamp<int>(s.party, 1, 20);  // the API's range
  const std::string choice = R"({"port":)" + std::to_string(s.port) + R"(,"party":)" + std::to_string(party) + "}";
  switch (s.step) {
    case RequestType::Login:
      r.method = http::verb::post;
      r.target = "/login";
      r.body = R"({"registrant":)" + std::to_string(s.registrant) + "}";
      add_room_session(r, s.room_session);
      return r;  // no token yet
    case RequestType::Liveness:
      r.method = http::verb::post;
      r.target = "/liveness";
      r.headers.emplace_back("Content-Type", "image/jpeg");
      r.body.assign(s.liveness_bytes, 'x');
      break;
    case RequestType::ListSlots:
      r.method = http::verb::get;
      r.target = "/slots?port=" + std::to_string(s.port);
      break;
    case RequestType::Book:
      r.method = http::verb::post;
      r.target = "/book";
      r.headers.emplace_back("Idempotency-Key", std::string(s.idempotency_key));
      r.body = choice;
      break;
    case RequestType::LotteryEntry:
      r.method = http::verb::post;
      r.target = "/lottery/entry";
      r.body = choice;
      break;
    case RequestType::LotteryResult:
      r.method = http::verb::get;
      r.target = "/lottery/result";
      break;
    case RequestType::Confirm:
      r.method = http::verb::post;
      r.target = "/confirm";
      r.body = "{}";
      break;
  }
  authorize(r, s.token);
  add_room_session(r, s.room_session);
  return r;
}

std::string idempotency_key(std::uint64_t registrant, std::uint32_t device, int day, std::uint16_t booking) {
  return std::to_string(registrant) + "-" + std::to_string(device) + "-" + std::to_string(day) + "-" +
         std::to_string(booking);
}

const char* to_string(AnswerKind kind) {
  switch (kind) {
    case AnswerKind::Ok: return "ok";
    case AnswerKind::NotYet: return "not_yet";
    case AnswerKind::Refused: return "refused";
    case AnswerKind::NoSlots: return "no_slots";
    case AnswerKind::Done: return "done";
    case AnswerKind::Lost: return "lost";
    case AnswerKind::WaitingRoom: return "waiting_room";
    case AnswerKind::Rejected: return "rejected";
    case AnswerKind::Timeout: return "timeout";
    case AnswerKind::Unauthorized: return "unauthorized";
    case AnswerKind::Broken: return "broken";
  }
  return "broken";
}

StepAnswer read_answer(RequestType step, const HttpResult& result, bool released) {
  StepAnswer a;
  if (!result.retry_after.empty()) a.retry_after_wall_s = header_seconds(result.retry_after);
  switch (result.outcome) {
    case Outcome::timeout: a.kind = AnswerKind::Timeout; return a;
    case Outcome::connect_error:
    case Outcome::reset:
    case Outcome::protocol_error: a.kind = AnswerKind::Rejected; return a;
    default: break;
  }
  const int status = result.status;
  const json body = parse(result.body);
  const std::string error = body.is_object() ? body.value("error", "") : "";
  if (status == 429 && error == "waiting_room") {
    a.kind = AnswerKind::WaitingRoom;
    a.retry_after_sim_s = body.value("retry_after_s", -1.0);
    return a;
  }
  if (status == 503 || status == 502 || status == 504 || status == 429) {
    a.kind = AnswerKind::Rejected;
    return a;
  }
  if (status == 401) {
    a.kind = AnswerKind::Unauthorized;
    return a;
  }
  if (body.is_object()) read_booking(body, a);
  if (status >= 200 && status < 300) {
    a.kind = AnswerKind::Ok;
    switch (step) {
      case RequestType::Login:
        a.token = body.is_object() ? body.value("token", "") : "";
        if (a.token.empty()) a.kind = AnswerKind::Broken;
        break;
      case RequestType::ListSlots: {
        const auto slots = body.is_object() ? body.find("slots") : body.end();
        a.slots_listed = slots != body.end() && slots->is_array() && !slots->empty();
        if (!a.slots_listed) a.kind = released ? AnswerKind::NoSlots : AnswerKind::NotYet;
        break;
      }
      case RequestType::LotteryResult: {
        const std::string s = body.is_object() ? body.value("status", "") : "";
        if (s == "lost") a.kind = AnswerKind::Lost;
        else if (s == "none") a.kind = AnswerKind::NoSlots;  // no entry to draw
        else if (s != "won") a.kind = AnswerKind::NotYet;    // pending
        break;
      }
      default: break;
    }
    return a;
  }
  if (status == 409) {
    if (error == "already_booked" || error == "already_entered") a.kind = AnswerKind::Done;
    else if (error == "not_released") a.kind = AnswerKind::NotYet;
    else if (error == "no_slots" || error == "window_closed" || error == "no_hold") a.kind = AnswerKind::NoSlots;
    else a.kind = AnswerKind::Broken;  // wrong_strategy and anything unknown
    return a;
  }
  if (status == 422) {
    a.kind = AnswerKind::Refused;
    return a;
  }
  a.kind = AnswerKind::Broken;
  return a;
}

}  // namespace slotrush::loadgen
