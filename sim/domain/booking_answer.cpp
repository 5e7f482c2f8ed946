#include "sim/domain/booking_answer.hpp"

#include <array>

namespace slotrush {
namespace {

struct Row {
  BookingAnswer answer;
  HttpAnswer http;
  AnswerMeaning meaning;
};

using A = BookingAnswer;
using M = AnswerMeaning;

// The one table: every answer, its HTTP form and what the phone does next. In enumerator order.
constexpr std::array<Row, kBookingAnswerCount> kRows{{
    {A::SignedIn, {200, "signed_in", ""}, M::Advance},
    {A::GeoRejected, {403, "geo_rejected", "geo_rejected"}, M::TryAgain},
    {A::LivenessPassed, {200, "liveness_passed", ""}, M::Advance},
    {A::LivenessFailed, {422, "liveness_failed", "liveness_failed"}, M::TryAgain},
    {A::SlotsOpen, {200, "slots_open", ""}, M::Advance},
    {A::NoSlotsYet, {200, "no_slots_yet", ""}, M::TryAgain},
    {A::SoldOut, {200, "sold_out", ""}, M::DoneToday},
    {A::Held, {201, "held", ""}, M::Advance},
    {A::Booked, {201, "booked", ""}, M::Advance},
    {A::AlreadyBooked, {409, "already_booked", "already_booked"}, M::Advance},
    {A::NotYetReleased, {409, "not_released", "not_released"}, M::TryAgain},
    {A::NoSlots, {409, "no_slots", "no_slots"}, M::DoneToday},
    {A::WrongStrategy, {409, "wrong_strategy", "wrong_strategy"}, M::Broken},
    {A::LotteryEntered, {200, "lottery_entered", ""}, M::Advance},
    {A::AlreadyEntered, {409, "already_entered", "already_entered"}, M::Advance},
    {A::WindowClosed, {409, "window_closed", "window_closed"}, M::DoneToday},
    {A::LotteryNotEntered, {200, "lottery_not_entered", ""}, M::LookDone},
    {A::LotteryPending, {200, "lottery_pending", ""}, M::TryAgain},
    {A::LotteryWon, {200, "lottery_won", ""}, M::Advance},
    {A::LotteryLost, {200, "lottery_lost", ""}, M::LookDone},
    {A::Confirmed, {200, "confirmed", ""}, M::Advance},
    {A::ConfirmRefused, {422, "confirmation_refused", "confirmation_refused"}, M::TryAgain},
    {A::NoHold, {409, "no_hold", "no_hold"}, M::DoneToday},
    {A::LotteryHoldGone, {409, "lottery_hold_gone", "no_hold"}, M::LookDone},
    {A::WaitingRoom, {429, "waiting_room", "waiting_room"}, M::WaitInLine},
    {A::Unauthorized, {401, "unauthorized", "unauthorized"}, M::SignInAgain},
    {A::QueueFull, {503, "queue_full", "queue_full"}, M::Overloaded},
    {A::ServerTimeout, {503, "server_timeout", "server_timeout"}, M::Overloaded},
    {A::ClientGone, {503, "client_gone", "client_gone"}, M::Overloaded},
    {A::Unrecognized, {0, "unrecognized", ""}, M::Broken},
}};

constexpr bool in_enumerator_order() {
  for (int i = 0; i < kBookingAnswerCount; ++i)
    if (static_cast<int>(kRows[static_cast<std::size_t>(i)].answer) != i) return false;
  return true;
}
static_assert(in_enumerator_order(), "kRows lists every answer once, in enumerator order");

const Row& row(BookingAnswer a) {
  const auto i = static_cast<std::size_t>(a);
  return kRows[i < kRows.size() ? i : kRows.size() - 1];
}

}  // namespace

HttpAnswer to_http(BookingAnswer answer) { return row(answer).http; }

BookingAnswer from_http(int status, std::string_view name) {
  for (const Row& r : kRows)
    if (r.answer != A::Unrecognized && r.http.status == status && r.http.name == name) return r.answer;
  return A::Unrecognized;
}

std::string_view to_string(BookingAnswer answer) { return row(answer).http.name; }

AnswerMeaning meaning_of(BookingAnswer answer) { return row(answer).meaning; }

std::string_view to_string(AnswerMeaning meaning) {
  switch (meaning) {
    case M::Advance: return "advance";
    case M::TryAgain: return "try_again";
    case M::DoneToday: return "done_today";
    case M::LookDone: return "look_done";
    case M::Overloaded: return "overloaded";
    case M::WaitInLine: return "wait_in_line";
    case M::SignInAgain: return "sign_in_again";
    case M::Broken: return "broken";
  }
  return "broken";
}

BookingAnswer confirm_answer(ConfirmOutcome outcome, bool lottery) {
  switch (outcome) {
    case ConfirmOutcome::Confirmed: return A::Confirmed;
    case ConfirmOutcome::Refused: return A::ConfirmRefused;
    case ConfirmOutcome::NoHold: break;
  }
  return lottery ? A::LotteryHoldGone : A::NoHold;
}

BookingAnswer list_answer(bool can_book, bool release_ahead) {
  if (can_book) return A::SlotsOpen;
  return release_ahead ? A::NoSlotsYet : A::SoldOut;
}

}  // namespace slotrush
