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

StepAnswer read_answer(RequestType step, const HttpResult& result) {
  StepAnswer a;
  if (!result.retry_after.empty()) a.retry_after_wall_s = header_seconds(result.retry_after);
  switch (result.outcome) {
    case Outcome::timeout: a.delivery = Delivery::TimedOut; return a;
    case Outcome::connect_error:
    case Outcome::reset:
    case Outcome::protocol_error: a.delivery = Delivery::Failed; return a;
    default: break;
  }
  const json body = parse(result.body);
  const std::string name = body.is_object() ? body.value("answer", "") : "";
  a.answer = from_http(result.status, name);
  if (a.answer == BookingAnswer::Unrecognized && (result.status == 429 || result.status >= 500)) {
    a.delivery = Delivery::Failed;  // not the booking system's answer: a proxy, or a server out of connections
    return a;
  }
  if (!body.is_object()) return a;
  read_booking(body, a);
  if (a.answer == BookingAnswer::WaitingRoom) a.retry_after_sim_s = body.value("retry_after_s", -1.0);
  if (step == RequestType::Login && a.answer == BookingAnswer::SignedIn) {
    a.token = body.value("token", "");
    if (a.token.empty()) a.answer = BookingAnswer::Unrecognized;
  }
  return a;
}

}  // namespace slotrush::loadgen
