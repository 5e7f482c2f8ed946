// Test doubles for the scenario mode: a RequestSender that answers from a function (no network),
// records every request with its times, and delivers answers asynchronously on its io_context (a
// `timeout` answer only after the attempt's timeout, as a real sender would); and a tiny in-memory
// CBP One (login, liveness, slots, book with idempotency keys, confirm, lottery entry) to answer from.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/request_sender.hpp"
#include "sim/domain/booking_answer.hpp"

namespace slotrush::loadgen::test {

using Clock = std::chrono::steady_clock;

struct SentRequest {
  HttpRequest request;
  Clock::time_point intended;
  Clock::duration timeout{};
  Clock::time_point sent_at;
  Clock::time_point answered_at;  // when done() was called
  int status = 0;

  std::string header(const std::string& name) const {
    for (const auto& [k, v] : request.headers)
      if (k == name) return v;
    return {};
  }
};

inline HttpResult status_answer(int status, nlohmann::json body = nlohmann::json::object(), std::string retry_after = {}) {
  HttpResult r;
  r.outcome = status < 400 ? Outcome::success : status < 500 ? Outcome::http_4xx : Outcome::http_5xx;
  r.status = status;
  r.body = body.dump();
  r.retry_after = std::move(retry_after);
  return r;
}

// The booking system's answer as the mock sends it (docs/api.md): to_http's status, "answer" and,
// for an error status, "error".
inline HttpResult booking_reply(BookingAnswer a, nlohmann::json body = nlohmann::json::object(), std::string retry_after = {}) {
  const HttpAnswer h = to_http(a);
  body["answer"] = h.name;
  if (!h.error.empty()) body["error"] = h.error;
  return status_answer(h.status, std::move(body), std::move(retry_after));
}

inline HttpResult timeout_answer() {
  HttpResult r;
  r.outcome = Outcome::timeout;
  return r;
}

class FakeSender : public RequestSender {
 public:
  using Answer = std::function<HttpResult(const HttpRequest&)>;
  FakeSender(boost::asio::io_context& io, Answer answer) : io_(io), answer_(std::move(answer)) {}

  void send(HttpRequest request, Clock::time_point intended_start, Clock::duration timeout, Done done) override {
    const std::size_t i = sent.size();
    sent.push_back({std::move(request), intended_start, timeout, Clock::now(), {}, 0});
    HttpResult result = answer_(sent[i].request);
    if (result.outcome == Outcome::timeout) {
      // The seam's deadline: intended start + timeout (loadgen/request_sender.hpp).
      auto timer = std::make_shared<boost::asio::steady_timer>(io_, intended_start + timeout);
      timer->async_wait([this, i, timer, result, done](const boost::system::error_code&) { deliver(i, result, done); });
    } else {
      boost::asio::post(io_, [this, i, result, done] { deliver(i, result, done); });
    }
  }

  std::vector<SentRequest> of_route(const std::string& route) const {
    std::vector<SentRequest> out;
    for (const auto& s : sent)
      if (s.request.route == route) out.push_back(s);
    return out;
  }

  std::vector<SentRequest> sent;

 private:
  void deliver(std::size_t i, const HttpResult& result, const Done& done) {
    sent[i].answered_at = Clock::now();
    sent[i].status = result.status;
    done(result);
  }
  boost::asio::io_context& io_;
  Answer answer_;
};

inline std::uint64_t registrant_of_token(const HttpRequest& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "Authorization") return std::stoull(v.substr(7));
  return 0;
}

// A first-come race with `slots` slots, per-person slot units, no capacity limit, and an optional
// hook that can override any answer (to script failures).
class TinyCbpOne {
 public:
  explicit TinyCbpOne(int slots) : open_(slots) {}

  std::function<std::optional<HttpResult>(const HttpRequest&)> override_answer;
  std::function<bool()> window_open = [] { return true; };

  HttpResult answer(const HttpRequest& r) {
    if (override_answer)
      if (auto a = override_answer(r)) return *a;
    if (r.route == "login") {
      const auto body = nlohmann::json::parse(r.body);
      const auto id = body.at("registrant").get<std::uint64_t>();
      return booking_reply(BookingAnswer::SignedIn, {{"registrant", id}, {"token", std::to_string(id) + ".t"}});
    }
    const std::uint64_t id = registrant_of_token(r);
    if (r.route == "liveness") return booking_reply(BookingAnswer::LivenessPassed, {{"ok", true}});
    if (r.route == "list_slots") {
      nlohmann::json cells = nlohmann::json::array();
      if (open_ > 0) cells.push_back({{"port_index", 0}, {"open", open_}});
      return booking_reply(open_ > 0 ? BookingAnswer::SlotsOpen : BookingAnswer::SoldOut, {{"slots", cells}});
    }
    if (r.route == "book") {
      std::string key;
      for (const auto& [k, v] : r.headers)
        if (k == "Idempotency-Key") key = v;
      if (auto it = replies_.find(key); it != replies_.end()) return it->second;
      const int party = nlohmann::json::parse(r.body).value("party", 1);
      Hold& h = holds_[id];
      h.wanted = party;
      HttpResult a;
      if (h.slots >= h.wanted) {
        a = booking_reply(BookingAnswer::AlreadyBooked, {{"booking", booking(h)}});
      } else if (open_ == 0) {
        open_ += h.slots;
        holds_.erase(id);
        a = booking_reply(BookingAnswer::NoSlots);
      } else {
        --open_;
        ++h.slots;
        a = booking_reply(BookingAnswer::Held, {{"booking", booking(h)}});
      }
      replies_[key] = a;
      return a;
    }
    if (r.route == "confirm") {
      auto it = holds_.find(id);
      if (it == holds_.end() || it->second.slots < it->second.wanted) return booking_reply(BookingAnswer::NoHold);
      it->second.confirmed = true;
      confirmed_slots += it->second.slots;
      return booking_reply(BookingAnswer::Confirmed, {{"status", "confirmed"}, {"booking", booking(it->second)}});
    }
    if (r.route == "lottery_entry") {
      if (!window_open()) return booking_reply(BookingAnswer::WindowClosed);
      if (!entered.insert(id).second) return booking_reply(BookingAnswer::AlreadyEntered);
      return booking_reply(BookingAnswer::LotteryEntered, {{"entered", true}});
    }
    if (r.route == "lottery_result") {
      if (!lottery_wins || !entered.count(id))
        return entered.count(id) ? booking_reply(BookingAnswer::LotteryLost, {{"status", "lost"}})
                                 : booking_reply(BookingAnswer::LotteryNotEntered, {{"status", "none"}});
      Hold& h = holds_[id];
      h.slots = h.wanted = 1;
      return booking_reply(BookingAnswer::LotteryWon, {{"status", "won"}, {"booking", booking(h)}});
    }
    return status_answer(404, {{"error", "not_found"}});
  }

  bool lottery_wins = false;  // every entrant wins the draw (else every one loses)
  int open() const { return open_; }
  int confirmed_slots = 0;
  std::set<std::uint64_t> entered;

 private:
  struct Hold {
    int slots = 0, wanted = 1;
    bool confirmed = false;
  };
  static nlohmann::json booking(const Hold& h) {
    return {{"slots", h.slots}, {"wanted", h.wanted}, {"status", h.confirmed ? "confirmed" : "held"}};
  }
  int open_;
  std::map<std::uint64_t, Hold> holds_;
  std::map<std::string, HttpResult> replies_;
};

}  // namespace slotrush::loadgen::test
