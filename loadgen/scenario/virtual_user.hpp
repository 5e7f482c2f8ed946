// The records of the scenario's virtual users (one thread's VirtualUserShard holds them in flat
// arrays): a VirtualPerson is a registrant's changing state, a VirtualDevice one phone walking the
// CBP One flow as a small state machine. No coroutine frame or timer per user: a sleeping device is
// an entry in the shard's WakeQueue; a device in flight holds one RequestSender callback.
#pragma once
#include <cstdint>
#include <string>

#include "sim/domain/client_flow.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush::loadgen {

// PersonState and the flows (ClientFlow) are sim/domain's (client_flow.hpp), the simulator's own.

struct VirtualPerson {
  std::string token;             // bearer token from the last login (empty: none)
  SimTime booked_at = 0;         // simulated time of the confirmed booking
  std::uint32_t first_device = 0;  // index of the first of the person's devices in the shard
  std::int16_t failed_days = 0;
  std::int16_t entered_day = -1;   // lottery: the day of the last accepted entry
  std::uint8_t slots_held = 0;     // from the last booking answer
  std::uint8_t slots_wanted = 0;
  std::uint8_t active_devices = 0;  // devices under way (the shard's active-people count)
  PersonState state = PersonState::Waiting;
  bool done_today : 1 = false;
  bool tried : 1 = false;
  bool tried_today : 1 = false;
  bool result_check_pending : 1 = false;  // a lottery result check waits for the device to be free
  bool gave_up : 1 = false;  // the last flow ended because patience ran out
};

struct VirtualDevice {
  StreamState rng;                 // behaviour draws: think times, jitter, losses, throttling
  std::int64_t give_up_at_ns = 0;  // wall time since the run's start when patience runs out
  SimTime previous_delay = 0;      // decorrelated jitter: the last backoff
  std::uint32_t person = 0;        // index of the person in the shard
  std::uint32_t seq = 0;           // generation: wakes and answers of an older one are stale
  std::uint16_t attempt = 0;       // attempts at the current step
  std::uint16_t booking = 0;       // booking number: part of the Idempotency-Key
  std::uint32_t sent_row = 0;      // series row the attempt in flight was counted offered in
  RequestType step = RequestType::Login;
  ClientFlow flow = ClientFlow::Race;
  std::uint8_t member = 0;         // party members done at a per-member step (liveness photo)
  bool active : 1 = false;
  bool in_flight : 1 = false;
  bool retry : 1 = false;          // the next attempt is an automatic retry
  bool in_room : 1 = false;        // queued in the waiting room: patience starts when admitted
};

}  // namespace slotrush::loadgen
