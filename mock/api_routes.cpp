#include "mock/api_routes.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <fmt/compile.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "mock/booking_ledger.hpp"
#include "mock/json_members.hpp"

namespace slotrush::mock {

namespace asio = boost::asio;
using nlohmann::json;

namespace {

// What a route needs besides the request: its metrics label, the tier work it costs, whether it
// needs a token, whether the waiting room guards it, and the domain rule that answers it.
struct Call {
  const Request& req;
  std::uint64_t registrant;  // 0 for routes without a token
  json body;                 // the JSON object sent (null if none: find() on it finds nothing)
  SimTime now;
};
using Rule = std::function<Response(ApiContext&, Call&)>;

struct RouteSpec {
  std::string label;
  std::optional<RequestType> cost;  // nullopt: no worker is held (healthz)
  bool needs_token = false;
  bool json_body = false;
  bool behind_room = false;
  Rule rule;
  MockMetrics::RouteSeries* series = nullptr;  // set when the route is added
};

double sim_seconds(SimTime t) { return to_seconds(t); }

// Who the waiting room sees: a browser's or phone's own session, the `slotrush_room` cookie (as a
// Cloudflare room keys its line by its cookie, so each phone of a family has its own place), else the
// registrant (the token's, or the login body's).
std::uint64_t room_client(const Call& call) {
  constexpr std::string_view kName = "slotrush_room=";
  const std::string_view cookies = call.req[http::field::cookie];
  if (const auto at = cookies.find(kName); at != std::string_view::npos) {
    std::string_view value = cookies.substr(at + kName.size());
    value = value.substr(0, value.find(';'));
    return std::hash<std::string_view>{}(value) | (std::uint64_t{1} << 63);  // apart from registrant ids
  }
  if (call.registrant != 0) return call.registrant;
  const auto it = call.body.find("registrant");
  return it != call.body.end() && it->is_number_unsigned() ? it->get<std::uint64_t>() : 0;
}

Response refusal(http::status status, std::string_view code, std::string_view reason, const Request& req) {
  return error_response(status, code, reason, req.version());
}

// A booking system's answer (sim/domain/booking_answer.hpp) as HTTP: its status, its name as "answer"
// and, for an error status, the API's "error" code and a sentence why.
Response reply(BookingAnswer a, JsonMembers body, std::string_view reason, const Request& req) {
  const HttpAnswer h = to_http(a);
  body.string("answer", h.name);
  if (!h.error.empty()) {
    body.string("error", h.error);
    body.string("reason", reason);
  }
  return json_response(static_cast<http::status>(h.status), body.text(), req.version());
}

template <typename T>
std::optional<T> number(std::string_view text) {
  T value{};
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return value;
}

// The "booking" member of the answers that show a hold or an appointment, as JSON text written in
// one buffer (members in key order, as JsonMembers and a JSON tree write them).
std::string booking_json(const ApiContext& ctx, std::uint64_t registrant, const HoldView& h) {
  std::string out = R"({"cells":[)";
  auto to = std::back_inserter(out);
  for (std::size_t i = 0; i < h.parts.size(); ++i) {
    const auto& [key, n] = h.parts[i];
    out += i == 0 ? R"({"date":)" : R"(,{"date":)";
    fmt::format_to(to, FMT_COMPILE("{}"), key.date);
    out += R"(,"port":)";
    append_json_string(out, ctx.bookings.ports()[static_cast<std::size_t>(key.port)]);
    fmt::format_to(to, FMT_COMPILE(R"(,"port_index":{},"slots":{}}})"), key.port, n);
  }
  out += R"(],"deadline_s":)";
  append_json_real(out, sim_seconds(h.deadline));
  fmt::format_to(to, FMT_COMPILE(R"(,"registrant":{},"slots":{},"status":"{}","wanted":{}}})"), registrant, h.slots,
                 h.confirmed ? "confirmed" : "held", h.wanted);
  return out;
}
JsonMembers with_booking(const ApiContext& ctx, std::uint64_t registrant, const HoldView& h) {
  JsonMembers m;
  m.raw("booking", booking_json(ctx, registrant, h));
  return m;
}

// "port": a port's name or index; absent = any port. Sets `error` on a bad value.
std::optional<int> port_of(const ApiContext& ctx, const json& body, std::string& error) {
  const auto it = body.find("port");
  if (it == body.end() || it->is_null()) return -1;
  const int count = static_cast<int>(ctx.bookings.ports().size());
  if (it->is_number_integer() && it->get<long long>() >= 0 && it->get<long long>() < count)
    return it->get<int>();
  if (it->is_string())
    if (auto idx = ctx.bookings.port_index(it->get<std::string>())) return idx;
  error = "port must be a port name of the scenario or an index 0.." + std::to_string(count - 1);
  return std::nullopt;
}

std::optional<int> party_of(const json& body, std::string& error) {
  const auto it = body.find("party");
  if (it == body.end()) return 1;
  if (it->is_number_integer() && it->get<long long>() >= 1 && it->get<long long>() <= 20) return it->get<int>();
  error = "party must be a whole number from 1 to 20";
  return std::nullopt;
}

// ---- the rules --------------------------------------------------------------------------------

Response login(ApiContext& ctx, Call& c) {
  const auto it = c.body.find("registrant");
  if (it == c.body.end() || !it->is_number_unsigned() || !ctx.bookings.valid_registrant(it->get<std::uint64_t>()))
    return refusal(http::status::bad_request, "bad_registrant",
                   "body must be {\"registrant\": N} with N a whole number from 1 to the server's "
                   "--max-registrants", c.req);
  const auto registrant = it->get<std::uint64_t>();
  const BookingAnswer a = ctx.bookings.login(registrant, c.now);
  return reply(a, JsonMembers().number("registrant", registrant).string("token", ctx.tokens.issue(registrant)), "",
               c.req);
}

Response liveness(ApiContext& ctx, Call& c) {
  const BookingAnswer a = ctx.bookings.liveness(c.now);
  if (a != BookingAnswer::LivenessPassed)
    return reply(a, JsonMembers(), "the photo did not pass the liveness check; try again", c.req);
  return reply(a, JsonMembers().boolean("ok", true).number("bytes", std::uint64_t{c.req.body().size()}), "", c.req);
}

Response list_slots(ApiContext& ctx, Call& c) {
  std::optional<int> port, date;
  std::string_view raw;
  if (query_param(c.req.target(), "port", raw)) {
    port = number<int>(raw);
    if (!port || *port < 0 || *port >= static_cast<int>(ctx.bookings.ports().size()))
      return refusal(http::status::bad_request, "bad_port", "port must be a port index of the scenario", c.req);
  }
  if (query_param(c.req.target(), "date", raw)) {
    date = number<int>(raw);
    if (!date || *date < 0) return refusal(http::status::bad_request, "bad_date", "date must be a day index >= 0", c.req);
  }
  const SlotList list = ctx.bookings.list_slots(c.registrant, port, date, c.now);
  // The cells as one JSON array written as text, members in key order (the racers' most asked answer).
  std::string slots = "[";
  auto to = std::back_inserter(slots);
  for (const OpenCell& cell : list.cells) {
    fmt::format_to(to, FMT_COMPILE(R"({}{{"date":{},"open":{},"port":)"), slots.size() > 1 ? "," : "", cell.date,
                   cell.open);
    append_json_string(slots, ctx.bookings.ports()[static_cast<std::size_t>(cell.port)]);
    fmt::format_to(to, FMT_COMPILE(R"(,"port_index":{}}})"), cell.port);
  }
  slots += ']';
  return reply(list.answer, JsonMembers().real("now_s", sim_seconds(c.now)).raw("slots", std::move(slots)), "", c.req);
}

Response book(ApiContext& ctx, Call& c) {
  const std::string key(c.req["Idempotency-Key"]);
  if (key.empty() || key.size() > 128)
    return refusal(http::status::bad_request, "idempotency_key",
                   "an Idempotency-Key header of 1 to 128 characters is required", c.req);
  std::string error;
  const std::optional<int> port = port_of(ctx, c.body, error);
  const std::optional<int> party = party_of(c.body, error);
  if (!port || !party) return refusal(http::status::bad_request, "bad_field", error, c.req);
  const BookResult r = ctx.bookings.book(c.registrant, key, *port, *party, c.now);
  Response res = [&] {
    switch (r.answer) {
      case BookingAnswer::Held:
      case BookingAnswer::Booked:
        return reply(r.answer, with_booking(ctx, c.registrant, *r.hold), "", c.req);
      case BookingAnswer::AlreadyBooked:
        return reply(r.answer, with_booking(ctx, c.registrant, *r.hold), "this registrant already holds its slots",
                     c.req);
      case BookingAnswer::NotYetReleased:
        return reply(r.answer, JsonMembers().real("release_at_s", sim_seconds(r.release_at)), "no slots are on sale yet", c.req);
      case BookingAnswer::WrongStrategy:
        return reply(r.answer, JsonMembers(), "this scenario allocates by lottery: use POST /lottery/entry", c.req);
      default: break;
    }
    return reply(r.answer, JsonMembers(), "No appointments available", c.req);
  }();
  if (r.replayed) res.set("Idempotent-Replayed", "true");
  return res;
}

Response lottery_entry(ApiContext& ctx, Call& c) {
  std::string error;
  const std::optional<int> port = port_of(ctx, c.body, error);
  const std::optional<int> party = party_of(c.body, error);
  if (!port || !party) return refusal(http::status::bad_request, "bad_field", error, c.req);
  const BookingAnswer a = ctx.bookings.enter_lottery(c.registrant, *port, *party, c.now);
  switch (a) {
    case BookingAnswer::LotteryEntered: return reply(a, JsonMembers().boolean("entered", true), "", c.req);
    case BookingAnswer::AlreadyEntered: return reply(a, JsonMembers(), "one entry per registrant per draw", c.req);
    case BookingAnswer::WindowClosed: return reply(a, JsonMembers(), "the request window is closed", c.req);
    default: break;
  }
  return reply(a, JsonMembers(), "this scenario is a first-come race: use POST /book", c.req);
}

// The result's "status" word, which the API had before "answer".
const char* lottery_status(BookingAnswer a) {
  switch (a) {
    case BookingAnswer::LotteryPending: return "pending";
    case BookingAnswer::LotteryWon: return "won";
    case BookingAnswer::LotteryLost: return "lost";
    default: return "none";
  }
}

Response lottery_result(ApiContext& ctx, Call& c) {
  const LotteryView v = ctx.bookings.lottery_result(c.registrant, c.now);
  JsonMembers body;
  body.string("status", lottery_status(v.answer));
  if (v.day >= 0) body.number("day", v.day).real("draw_at_s", sim_seconds(v.draw_at));
  if (v.hold) body.raw("booking", booking_json(ctx, c.registrant, *v.hold));
  return reply(v.answer, std::move(body), "", c.req);
}

Response confirm(ApiContext& ctx, Call& c) {
  const BookingAnswer a = ctx.bookings.confirm(c.registrant, c.now);
  switch (a) {
    case BookingAnswer::Confirmed: {
      const std::optional<HoldView> h = ctx.bookings.hold_of(c.registrant, c.now);
      JsonMembers body;
      body.string("status", "confirmed");
      if (h) body.raw("booking", booking_json(ctx, c.registrant, *h));
      return reply(a, std::move(body), "", c.req);
    }
    case BookingAnswer::ConfirmRefused:
      return reply(a, JsonMembers(), "the geolocation or liveness check failed; the hold has ended", c.req);
    default: break;
  }
  return reply(a, JsonMembers(), "no complete hold to confirm (none, or it expired)", c.req);
}

Response own_booking(ApiContext& ctx, Call& c) {
  const std::optional<HoldView> h = ctx.bookings.hold_of(c.registrant, c.now);
  if (!h) return refusal(http::status::not_found, "no_booking", "this registrant holds no slot", c.req);
  return json_response(http::status::ok, with_booking(ctx, c.registrant, *h).text(), c.req.version());
}

// The cheapest route (what the overhead benchmark measures): its body is formatted, not built as JSON.
Response healthz(ApiContext&, Call& c) {
  return json_response(http::status::ok,
                       fmt::format(FMT_COMPILE(R"({{"status":"ok","now_s":{}}})"), sim_seconds(c.now)),
                       c.req.version());
}

// ---- the path every request takes ---------------------------------------------------------------

// No request of the API nests JSON more than a few levels; a body that does is refused before the
// parser builds it (100,000 levels would cost megabytes).
constexpr int kMaxJsonDepth = 16;

// Whether `text`'s arrays and objects nest deeper than `limit` (brackets inside strings not counted).
bool nesting_deeper_than(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (const char ch : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (ch == '\\') escaped = true;
      else if (ch == '"') in_string = false;
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '[' || ch == '{') {
      if (++depth > limit) return true;
    } else if (ch == ']' || ch == '}') {
      --depth;
    }
  }
  return false;
}

std::string retry_after_seconds(std::chrono::nanoseconds wall) {
  return std::to_string(std::max<long long>(1, static_cast<long long>(std::ceil(
                                                    std::chrono::duration<double>(wall).count()))));
}

asio::awaitable<Response> handle(ApiContext ctx, const RouteSpec& spec, const Request& req, ClientPresence& client) {
  Call call{req, 0, json(), 0};  // no allocation for a route without a body
  if (spec.needs_token) {
    const auto registrant = ctx.tokens.verify(req[http::field::authorization]);
    if (!registrant) {
      Response res = reply(BookingAnswer::Unauthorized, JsonMembers(),
                           "an Authorization: Bearer token from POST /login is required", req);
      res.set(http::field::www_authenticate, "Bearer");
      co_return res;
    }
    call.registrant = *registrant;
  }
  if (spec.json_body && !req.body().empty()) {
    if (nesting_deeper_than(req.body(), kMaxJsonDepth))
      co_return refusal(http::status::bad_request, "bad_json",
                        fmt::format("the body nests deeper than {} levels", kMaxJsonDepth), req);
    try {
      call.body = json::parse(req.body());
    } catch (const json::exception& e) {  // a syntax error, or a number out of range such as 1e999
      co_return refusal(http::status::bad_request, "bad_json", e.what(), req);
    }
    if (!call.body.is_object())
      co_return refusal(http::status::bad_request, "bad_json", "the body must be a JSON object", req);
  }
  if (spec.needs_token) {  // nobody acts or reads for another registrant
    std::string_view asked;
    const auto in_body = call.body.find("registrant");
    const bool foreign =
        (in_body != call.body.end() && !(in_body->is_number_unsigned() && in_body->get<std::uint64_t>() == call.registrant)) ||
        (query_param(req.target(), "registrant", asked) && number<std::uint64_t>(asked) != call.registrant);
    if (foreign)
      co_return refusal(http::status::forbidden, "forbidden", "a token acts only for its own registrant", req);
  }
  if (spec.behind_room && ctx.bookings.room_enabled()) {
    if (const auto room = ctx.bookings.pass_room(room_client(call), ctx.clock.now())) {
      ctx.metrics.record_room_turned_away();
      const bool queued = room->status == RoomStatus::Queued;
      Response res = reply(BookingAnswer::WaitingRoom,
                           JsonMembers()
                               .boolean("queued", queued)
                               .number("position", room->position)
                               .real("retry_after_s", sim_seconds(room->retry_after)),
                           queued ? "you are in line" : "the waiting room is not open yet", req);
      res.set(http::field::retry_after, retry_after_seconds(ctx.clock.to_wall(room->retry_after)));
      co_return res;
    }
  }
  if (spec.cost) {
    const ServiceResult served = co_await ctx.capacity.serve(*spec.cost, &client);
    spec.series->record_queue_wait(served.queue_wait);
    if (served.outcome != ServiceOutcome::Served) {
      Response res = [&] {
        switch (served.outcome) {
          case ServiceOutcome::QueueFull:
            spec.series->record_shed(ShedReason::QueueFull);
            return reply(BookingAnswer::QueueFull, JsonMembers(), "the server is at capacity", req);
          case ServiceOutcome::ClientGone:  // nobody reads this answer unless the client only half-closed
            spec.series->record_shed(ShedReason::ClientGone);
            return reply(BookingAnswer::ClientGone, JsonMembers(),
                         "the connection closed while the request waited; it was dropped unserved", req);
          default: break;
        }
        spec.series->record_shed(ShedReason::ServerTimeout);
        return reply(BookingAnswer::ServerTimeout, JsonMembers(), "the request waited too long and was dropped", req);
      }();
      res.set(http::field::retry_after, "1");
      co_return res;
    }
  }
  call.now = ctx.clock.now();
  try {
    co_return spec.rule(ctx, call);
  } catch (const LedgerWriteError& e) {  // nothing was applied or acknowledged (BookingService)
    std::fprintf(stderr, "slotrush serve: %s\n", e.what());
    Response res = refusal(http::status::service_unavailable, "ledger_unavailable",
                           "the booking could not be recorded durably and was not made; try again", req);
    res.set(http::field::retry_after, "1");
    co_return res;
  } catch (const json::exception& e) {  // a field of the wrong type or out of range
    co_return refusal(http::status::bad_request, "bad_json", e.what(), req);
  }
}

// Counts the answer by route and code, its duration and the requests in flight.
// `spec` is owned by the router's handler, which outlives every request.
asio::awaitable<Response> instrumented(ApiContext ctx, const RouteSpec* spec, const Request& req,
                                       ClientPresence& client) {
  const auto started = std::chrono::steady_clock::now();
  ctx.metrics.in_flight().Increment();
  Response res = co_await handle(ctx, *spec, req, client);
  ctx.metrics.in_flight().Decrement();
  spec->series->record_request(res.result_int(), std::chrono::steady_clock::now() - started);
  co_return res;
}

}  // namespace

Router make_api_router(ApiContext ctx) {
  Router router;
  const auto add = [&](http::verb method, const std::string& path, RouteSpec spec) {
    spec.series = &ctx.metrics.route_series(spec.label, spec.cost ? ctx.capacity.tier_name(*spec.cost) : "");
    auto shared = std::make_shared<const RouteSpec>(std::move(spec));
    // Not a coroutine itself: the frame gets its own copies of the context and the route.
    router.add(method, path, [ctx, shared](const Request& req, ClientPresence& client) {
      return instrumented(ctx, shared.get(), req, client);
    });
  };
  using RT = RequestType;
  add(http::verb::get, "/healthz", {"/healthz", std::nullopt, false, false, false, healthz});
  add(http::verb::post, "/login", {"/login", RT::Login, false, true, true, login});
  add(http::verb::post, "/liveness", {"/liveness", RT::Liveness, true, false, true, liveness});
  add(http::verb::get, "/slots", {"/slots", RT::ListSlots, true, false, true, list_slots});
  add(http::verb::post, "/book", {"/book", RT::Book, true, true, true, book});
  add(http::verb::get, "/booking", {"/booking", RT::ListSlots, true, false, true, own_booking});
  add(http::verb::post, "/lottery/entry", {"/lottery/entry", RT::LotteryEntry, true, true, false, lottery_entry});
  add(http::verb::get, "/lottery/result", {"/lottery/result", RT::LotteryResult, true, false, false, lottery_result});
  add(http::verb::post, "/confirm", {"/confirm", RT::Confirm, true, true, true, confirm});
  return router;
}

}  // namespace slotrush::mock
