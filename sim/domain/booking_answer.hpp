// BookingAnswer: every answer the booking system gives a sign-in, liveness, slot-list, book, lottery
// entry, lottery result or confirmation request, written once for both clocks. The simulator's booking
// desk (sim/model/booking_desk) and the mock's BookingService (mock/) both produce it; the mock sends it
// as an HTTP status and a stable machine name (the JSON "answer" field, docs/api.md) and the load
// generator decodes it back with from_http; meaning_of says what the phone does next, for both clocks.
// Transport outcomes (a timeout, a reset, a refused connection) are not answers of the booking system
// and are not here.
#pragma once
#include <cstdint>
#include <string_view>

#include "sim/domain/slot_holds.hpp"

namespace slotrush {

enum class BookingAnswer : std::uint8_t {
  // sign-in and liveness
  SignedIn,           // 200: a token
  GeoRejected,        // 403: outside the geofence (drawn by the model; the mock cannot see a phone's place)
  LivenessPassed,     // 200
  LivenessFailed,     // 422: the photo failed the liveness check
  // the slot list
  SlotsOpen,          // 200: slots are on sale (at any port), or the registrant holds some
  NoSlotsYet,         // 200: nothing on sale and today's release is ahead
  SoldOut,            // 200: nothing on sale and today's release is over
  // booking (the first-come race)
  Held,               // 201: one more slot toward the registrant's hold
  Booked,             // 201: the hold is complete and, with no confirmation required, an appointment
  AlreadyBooked,      // 409: the hold is already complete (or confirmed); nothing taken
  NotYetReleased,     // 409: nothing on sale yet, today's release is ahead
  NoSlots,            // 409: "No appointments available"; a family's partial hold is let go
  WrongStrategy,      // 409: a booking in a lottery scenario, an entry in a race
  // the lottery
  LotteryEntered,     // 200: entered for tomorrow's draw
  AlreadyEntered,     // 409: entered already today
  WindowClosed,       // 409: outside the day's request window
  LotteryNotEntered,  // 200: no entry to look at
  LotteryPending,     // 200: entered, not drawn yet
  LotteryWon,         // 200: drawn; a hold awaits confirmation (or is already an appointment)
  LotteryLost,        // 200: not drawn
  // confirmation
  Confirmed,          // 200: the hold is an appointment
  ConfirmRefused,     // 422: the geolocation or liveness check failed; the hold has ended
  NoHold,             // 409: (race) no complete hold to confirm: none, or it expired
  LotteryHoldGone,    // 409: (lottery) the won hold is gone (expired or never complete)
  // in front of the rules
  WaitingRoom,        // 429: the waiting room holds the client
  Unauthorized,       // 401: no valid token
  QueueFull,          // 503: shed, the tier's queue is full
  ServerTimeout,      // 503: dropped after waiting longer than the tier's server_timeout
  ClientGone,         // 503: dropped unserved, the client had closed its connection
  Unrecognized,       // not an answer of this API (a protocol failure)
};
inline constexpr int kBookingAnswerCount = static_cast<int>(BookingAnswer::Unrecognized) + 1;

// What the phone does after an answer, on both clocks.
enum class AnswerMeaning : std::uint8_t {
  Advance,      // the step succeeded, or its goal already holds: go on with the flow
  TryAgain,     // not yet, or a check refused: the person pauses and tries (ClientRules::after_failure)
  DoneToday,    // "No appointments available": the person stops for the day
  LookDone,     // the look at the draw's result is over; the person goes on today (a loser enters again)
  Overloaded,   // the server shed the request: an automatic retry, else a pause (retryable)
  WaitInLine,   // the waiting room holds the phone: ask again after its Retry-After
  SignInAgain,  // the token is not valid (the server restarted): sign in again
  Broken,       // the client or the target is wrong: the phone stops
};

// The answer on the wire: its status code, its name (the body's "answer") and, for an error status,
// the body's "error" code, which the API had before "answer" (usually the same word).
struct HttpAnswer {
  int status = 0;
  std::string_view name;
  std::string_view error;  // empty for a 2xx
};

HttpAnswer to_http(BookingAnswer answer);
// The answer with this status and name; Unrecognized for any other pair.
BookingAnswer from_http(int status, std::string_view name);
std::string_view to_string(BookingAnswer answer);  // its name
AnswerMeaning meaning_of(BookingAnswer answer);
std::string_view to_string(AnswerMeaning meaning);

// Rules both booking systems answer by (the simulator's desk and the mock's service):
// a confirmation's outcome; in a lottery a hold that is gone ends only the look at the result.
BookingAnswer confirm_answer(ConfirmOutcome outcome, bool lottery);
// The slot list: `can_book` (anything on sale, or the registrant holds slots), else whether today's
// release is still ahead.
BookingAnswer list_answer(bool can_book, bool release_ahead);

}  // namespace slotrush
