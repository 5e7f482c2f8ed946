#include "sim/domain/waiting_room.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace slotrush {

WaitingRoom::WaitingRoom(const WaitingRoomSpec& spec, SimTime event_start)
    : spec_(spec),
      event_start_(event_start),
      rate_per_ns_(spec.new_users_per_minute / static_cast<double>(kMinute)),
      max_credit_(std::max(1.0, spec.new_users_per_minute / 60.0)) {
  if (!(spec.new_users_per_minute > 0.0) || !std::isfinite(spec.new_users_per_minute)) {
    throw std::invalid_argument("WaitingRoom: new_users_per_minute must be finite and > 0");
  }
  if (spec.total_active_users < 0) {
    throw std::invalid_argument("WaitingRoom: total_active_users must be >= 0 (0 = no cap)");
  }
  if (spec.session_duration <= 0) throw std::invalid_argument("WaitingRoom: session_duration must be > 0");
  if (spec.opens_before < 0) throw std::invalid_argument("WaitingRoom: opens_before must be >= 0");
}

RoomAnswer WaitingRoom::arrive(std::uint64_t client, SimTime now, RandomStream& rng) {
  now = std::max(now, latest_);
  if (now < prequeue_opens() && !clients_.contains(client)) {
    return {RoomStatus::Unknown, 0, prequeue_opens() - now};
  }
  advance(now, rng);
  if (!clients_.contains(client)) {
    enqueue(client);
    advance(now, rng);  // no time passes: only credit already earned can admit the newcomer
  }
  return answer(client, now);
}

RoomAnswer WaitingRoom::poll(std::uint64_t client, SimTime now, RandomStream& rng) {
  now = std::max(now, latest_);
  advance(now, rng);
  return answer(client, now);
}

std::vector<std::uint64_t> WaitingRoom::admit_due(SimTime now, RandomStream& rng) {
  advance(std::max(now, latest_), rng);
  return std::exchange(newly_admitted_, {});
}

void WaitingRoom::touch(std::uint64_t client, SimTime now) {
  now = std::max(now, latest_);
  latest_ = now;
  const auto it = clients_.find(client);
  if (it != clients_.end() && it->second.admitted && it->second.expires > now) {
    renew(it->second, client, now);
  }
}

void WaitingRoom::leave(std::uint64_t client, SimTime now) {
  latest_ = std::max(now, latest_);
  const auto it = clients_.find(client);
  if (it == clients_.end()) return;
  const Client gone = it->second;
  clients_.erase(it);  // before dequeue(), which may renumber the remaining clients
  if (gone.admitted) {
    sessions_.erase({gone.expires, client});
  } else {
    dequeue(gone.seq);
  }
}

std::size_t WaitingRoom::active(SimTime now) const {
  std::size_t ended = 0;
  for (auto it = sessions_.begin(); it != sessions_.end() && it->first <= now; ++it) ++ended;
  return sessions_.size() - ended;
}

RoomAnswer WaitingRoom::answer(std::uint64_t client, SimTime now) {
  const auto it = clients_.find(client);
  if (it == clients_.end()) return {RoomStatus::Unknown, 0, 0};
  if (it->second.admitted) {
    renew(it->second, client, now);
    return {RoomStatus::Admitted, 0, 0};
  }
  const auto position = static_cast<std::uint64_t>(queue_.prefix_sum(it->second.seq + 1));
  return {RoomStatus::Queued, position, spec_.poll_interval};
}

void WaitingRoom::advance(SimTime now, RandomStream& rng) {
  latest_ = std::max(now, latest_);
  if (!opened_) {
    if (now < event_start_) {
      clock_ = now;
      return;
    }
    open_event(rng);
  }
  while (true) {
    end_sessions_through(clock_);
    if (waiting() == 0) break;
    if (!under_cap()) {
      // Blocked until the next session ends.
      if (sessions_.empty() || sessions_.begin()->first > now) break;
      accrue_credit(sessions_.begin()->first);
      continue;
    }
    if (credit_ < 1.0) {
      const auto wait = static_cast<SimTime>(std::ceil((1.0 - credit_) / rate_per_ns_));
      if (clock_ + wait > now) break;
      accrue_credit(clock_ + wait);
      credit_ = std::max(credit_, 1.0);  // the ceil makes it so; guard against rounding
    }
    credit_ -= 1.0;
    admit(next_to_admit(rng), clock_);
  }
  accrue_credit(now);
  end_sessions_through(clock_);
}

void WaitingRoom::open_event(RandomStream& rng) {
  opened_ = true;
  clock_ = event_start_;
  credit_ = 0.0;
  if (!spec_.shuffle_at_open) return;
  // Fisher–Yates over the clients in the pre-queue, then back into the same sequence numbers.
  std::vector<std::size_t> seqs;
  std::vector<std::uint64_t> order;
  for (std::size_t s = head_; s < client_at_seq_.size(); ++s) {
    if (!waiting_at_seq_[s]) continue;
    seqs.push_back(s);
    order.push_back(client_at_seq_[s]);
  }
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    client_at_seq_[seqs[i]] = order[i];
    clients_[order[i]].seq = seqs[i];
  }
}

void WaitingRoom::accrue_credit(SimTime until) {
  if (until <= clock_) return;
  credit_ = std::min(max_credit_, credit_ + static_cast<double>(until - clock_) * rate_per_ns_);
  clock_ = until;
}

void WaitingRoom::end_sessions_through(SimTime t) {
  while (!sessions_.empty() && sessions_.begin()->first <= t) {
    clients_.erase(sessions_.begin()->second);
    sessions_.erase(sessions_.begin());
  }
}

bool WaitingRoom::under_cap() const {
  return spec_.total_active_users == 0 ||
         sessions_.size() < static_cast<std::size_t>(spec_.total_active_users);
}

void WaitingRoom::enqueue(std::uint64_t client) {
  clients_[client] = Client{false, client_at_seq_.size(), 0};
  client_at_seq_.push_back(client);
  waiting_at_seq_.push_back(1);
  queue_.push_back(1);
}

void WaitingRoom::dequeue(std::size_t seq) {
  waiting_at_seq_[seq] = 0;
  queue_.add(seq, -1);
  compact_queue();
}

std::uint64_t WaitingRoom::next_to_admit(RandomStream& rng) {
  std::size_t seq = 0;
  if (spec_.order_after_open == QueueOrder::Random) {
    seq = queue_.find_kth(static_cast<std::int64_t>(rng.below(waiting())) + 1);
  } else {
    while (!waiting_at_seq_[head_]) ++head_;
    seq = head_;
  }
  const std::uint64_t client = client_at_seq_[seq];
  dequeue(seq);
  return client;
}

void WaitingRoom::admit(std::uint64_t client, SimTime at) {
  Client& c = clients_[client];
  c.admitted = true;
  c.expires = at + spec_.session_duration;
  sessions_.emplace(c.expires, client);
  ++admitted_total_;
  newly_admitted_.push_back(client);
}

void WaitingRoom::renew(Client& c, std::uint64_t client, SimTime now) {
  sessions_.erase({c.expires, client});
  c.expires = std::max(c.expires, now + spec_.session_duration);
  sessions_.emplace(c.expires, client);
}

// Renumbers the waiting clients 0..n-1 (order kept) once most sequence numbers are dead, so memory
// follows the number waiting, not the number ever queued. Amortised O(1) per removal.
void WaitingRoom::compact_queue() {
  const std::size_t n = waiting();
  if (client_at_seq_.size() < 4096 || n * 4 > client_at_seq_.size()) return;
  std::vector<std::uint64_t> clients;
  clients.reserve(n);
  for (std::size_t s = head_; s < client_at_seq_.size(); ++s) {
    if (waiting_at_seq_[s]) clients.push_back(client_at_seq_[s]);
  }
  client_at_seq_.clear();
  waiting_at_seq_.clear();
  queue_.clear();
  head_ = 0;
  for (std::uint64_t client : clients) enqueue(client);
}

}  // namespace slotrush
