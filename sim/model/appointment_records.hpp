// The records of the appointment model (sim/model/appointment_world.cpp): registrants, their
// devices, slot holds, the tags that ride in events, and the order of steps in each request flow.
// A Device is one cache line holding everything a refused attempt touches; the hot path of an
// overloaded launch reads and writes nothing else of the model's.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/domain/client_flow.hpp"
#include "sim/domain/population.hpp"
#include "sim/domain/slot_inventory.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"

namespace slotrush::appointment {

// The person's state and a phone's flow are sim/domain's (client_flow.hpp), shared with loadgen/; what
// the server answered is a BookingAnswer (sim/domain/booking_answer.hpp), carried in the response
// event's tag.

constexpr std::uint32_t kNoPerson = 0xffffffffu;

// A registrant: the traits the Population drew (sim/domain/population.hpp, streams keyed by person
// and day: common random numbers across policies) and what happened to them. Behaviour draws come
// from the devices' own streams.
struct Person {
  SimTime registered_at = 0;
  std::uint32_t first_device = 0;
  std::int32_t booked_day = -1;
  SimTime booked_at = 0;  // when the booking was confirmed (days waited = booked_at - registered_at)
  std::int32_t failed_days = 0;
  std::int32_t slots_booked = 0;
  std::int32_t slots_wanted = 1;
  std::uint16_t port = 0;  // preferred port
  std::uint8_t devices = 1;
  std::uint8_t party = 1;
  std::uint8_t device_class = 0;  // index into the classes; bots use the last
  PersonKind kind = PersonKind::Regular;
  PersonState state = PersonState::Waiting;
  bool done_today = false;
  bool tried = false;
  bool tried_today = false;
  bool result_check_pending = false;  // a lottery result check waits for the first phone to be free
  std::int16_t entered_day = -1;      // the last day the person entered the lottery
};

// One phone or browser, in one 64-byte cache line: everything a refused attempt reads or writes
// (its own random stream, its class, copies of its person's flags), so ~90 M refused attempts at
// full size touch the device, the station and the event set but not the person.
struct alignas(64) Device {
  StreamState rng;         // behaviour draws: think times, losses, liveness and confirmation outcomes
  SimTime sent_at = 0;
  SimTime give_up_at = 0;
  std::uint32_t person = kNoPerson;
  std::uint32_t seq = 0;   // attempt counter; the low 24 bits ride in event tags
  RequestType step = RequestType::Login;
  ClientFlow flow = ClientFlow::Race;
  std::uint16_t attempt = 0;  // attempts at the current step (max_attempts is at most 1000)
  std::uint8_t member = 0;    // party members done at a per-member step (liveness photo)
  std::uint8_t device_class = 0;  // index into the class tables (the person's, or background)
  bool active : 1 = false;
  bool in_flight : 1 = false;
  bool retry : 1 = false;     // the next attempt is an automatic retry
  bool in_room : 1 = false;   // held by or admitted through the waiting room
  bool lost : 1 = false;      // the current attempt was lost in the network
  // Copies of the person's state, kept in step by sync_devices().
  bool person_waiting : 1 = true;
  bool person_done_today : 1 = false;
  bool bot : 1 = false;
};
static_assert(sizeof(Device) == 64, "a device is one cache line");

// Tags: device index in the low 32 bits, attempt sequence in the next 24, a small code on top.
constexpr std::uint64_t make_tag(std::uint32_t device, std::uint32_t seq, std::uint8_t code = 0) {
  return std::uint64_t{device} | (std::uint64_t{seq & 0xffffffu} << 32) | (std::uint64_t{code} << 56);
}
constexpr std::uint32_t tag_device(std::uint64_t tag) { return static_cast<std::uint32_t>(tag); }
constexpr std::uint32_t tag_seq(std::uint64_t tag) { return (tag >> 32) & 0xffffffu; }
constexpr std::uint8_t tag_code(std::uint64_t tag) { return static_cast<std::uint8_t>(tag >> 56); }

}  // namespace slotrush::appointment
