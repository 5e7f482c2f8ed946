// WaitingRoom: a Cloudflare-style virtual waiting room for one scheduled event (shared/domain.md
// §3.1, §6.7): a pre-queue before the event (nobody admitted; optionally shuffled at the start), FIFO or
// random order afterwards, admissions paced at new_users_per_minute and capped by total_active_users
// concurrent sessions. Time only moves through the `now` arguments (non-decreasing; an earlier `now`
// is read as the latest one seen). Not thread-safe: the mock server serialises calls.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/domain/fenwick_tree.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush {

// Unknown: the room holds no record of the client: it never arrived, its session ended, or it came
// before the pre-queue opened (then retry_after says when it opens).
enum class RoomStatus { Queued, Admitted, Unknown };

// What the room tells a client: its status, its place in line and when to ask again.
struct RoomAnswer {
  RoomStatus status;
  std::uint64_t position;  // 1-based among those waiting, 0 if not queued
  SimTime retry_after;     // a delay from now (like HTTP Retry-After): poll_interval when queued
};

class WaitingRoom {
 public:
  // The pre-queue opens at event_start - spec.opens_before. spec.enabled is the caller's business.
  // Throws std::invalid_argument for a rate <= 0, a negative cap or a session_duration <= 0.
  WaitingRoom(const WaitingRoomSpec& spec, SimTime event_start);

  // A client asks for the protected page. A new client joins the queue (and is admitted at once if
  // the room has credit and room); a known one is answered as by poll().
  RoomAnswer arrive(std::uint64_t client, SimTime now, RandomStream& rng);
  // A client asks where it stands. Advances the room first; an admitted client's poll renews its
  // session like touch() (every request passes through the room).
  RoomAnswer poll(std::uint64_t client, SimTime now, RandomStream& rng);
  // Advances the room to now and returns every client admitted since the previous admit_due call,
  // including those admitted inside arrive()/poll() (which also told the client): each admission is
  // reported exactly once. Callers must drain it periodically (the simulator's tick, the server's).
  std::vector<std::uint64_t> admit_due(SimTime now, RandomStream& rng);

  // An admitted client's request renews its session (no effect on others or on an ended session).
  void touch(std::uint64_t client, SimTime now);
  // The client goes away: removed from the queue, or its session ends and frees a place.
  void leave(std::uint64_t client, SimTime now);

  std::size_t waiting() const { return static_cast<std::size_t>(queue_.total()); }
  std::size_t active(SimTime now) const;
  std::uint64_t admitted_total() const { return admitted_total_; }
  double admission_rate_per_minute() const { return spec_.new_users_per_minute; }  // configured
  SimTime event_start() const { return event_start_; }
  SimTime prequeue_opens() const { return event_start_ - spec_.opens_before; }

 private:
  struct Client {
    bool admitted = false;
    std::size_t seq = 0;     // queue sequence number while waiting
    SimTime expires = 0;     // end of the session once admitted
  };

  // Runs admissions from the internal clock to now, exactly: one admission each time the pacing
  // credit reaches 1 while someone waits and the cap allows; while nobody can be admitted the credit
  // still grows, up to one second's worth (at least 1).
  void advance(SimTime now, RandomStream& rng);
  void open_event(RandomStream& rng);
  void accrue_credit(SimTime until);
  void end_sessions_through(SimTime t);
  bool under_cap() const;
  void enqueue(std::uint64_t client);
  void dequeue(std::size_t seq);
  std::uint64_t next_to_admit(RandomStream& rng);
  void admit(std::uint64_t client, SimTime at);
  void renew(Client& c, std::uint64_t client, SimTime now);
  void compact_queue();
  RoomAnswer answer(std::uint64_t client, SimTime now);

  WaitingRoomSpec spec_;
  SimTime event_start_;
  double rate_per_ns_;
  double max_credit_;
  bool opened_ = false;
  SimTime clock_ = std::numeric_limits<SimTime>::min();   // the room has been advanced to here
  SimTime latest_ = std::numeric_limits<SimTime>::min();  // the latest `now` seen
  double credit_ = 0.0;

  std::unordered_map<std::uint64_t, Client> clients_;
  FenwickTree queue_;                          // 1 per sequence number still waiting
  std::vector<std::uint64_t> client_at_seq_;
  std::vector<std::uint8_t> waiting_at_seq_;
  std::size_t head_ = 0;                       // no one waits below this sequence number
  std::set<std::pair<SimTime, std::uint64_t>> sessions_;  // (expires, client) of admitted clients
  std::uint64_t admitted_total_ = 0;
  std::vector<std::uint64_t> newly_admitted_;
};

}  // namespace slotrush
