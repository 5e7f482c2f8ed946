#include "mock/capacity_emulator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace slotrush::mock {

namespace asio = boost::asio;

namespace {
std::array<Distribution, kRequestTypeCount> service_laws(const ServerSpec& server) {
  return [&]<std::size_t... I>(std::index_sequence<I...>) {
    return std::array<Distribution, kRequestTypeCount>{server.requests[I].service_seconds...};
  }(std::make_index_sequence<kRequestTypeCount>{});
}
}  // namespace

CapacityEmulator::CapacityEmulator(const ServerSpec& server, const ScaledClock& clock,
                                   const RandomStream& rng)
    : clock_(clock), events_(server.capacity_events), service_(service_laws(server)) {
  if (server.tiers.empty()) throw std::invalid_argument("CapacityEmulator: no server tiers");
  for (std::size_t i = 0; i < server.tiers.size(); ++i) {
    tiers_.push_back(std::make_unique<Tier>(server.tiers[i], rng.derive("service-time", i)));
  }
  for (std::size_t t = 0; t < kRequestTypeCount; ++t) {
    const auto found = std::find_if(server.tiers.begin(), server.tiers.end(),
                                    [&](const TierSpec& s) { return s.name == server.requests[t].tier; });
    if (found == server.tiers.end())
      throw std::invalid_argument("CapacityEmulator: unknown tier " + server.requests[t].tier);
    tier_of_[t] = static_cast<std::size_t>(found - server.tiers.begin());
  }
}

int CapacityEmulator::capacity(const Tier& tier, SimTime now) const {
  double factor = 1.0;
  for (const CapacityEvent& e : events_)
    if (now >= e.at && now < e.at + e.duration) factor *= e.workers_factor;
  return std::max(0, static_cast<int>(std::lround(tier.spec.workers * factor)));
}

void CapacityEmulator::dispatch(Tier& tier, SimTime now) {
  const bool lifo = tier.spec.discipline == QueueDisciplineSpec::Lifo;
  const int c = capacity(tier, now);
  while (tier.busy < c && tier.queued > 0) {
    std::shared_ptr<Waiter> w;
    if (lifo) {
      w = std::move(tier.queue.back());
      tier.queue.pop_back();
    } else {
      w = std::move(tier.queue.front());
      tier.queue.pop_front();
    }
    if (w->abandoned) continue;
    w->granted = true;
    --tier.queued;
    ++tier.busy;
    asio::post(w->timer.get_executor(), [w] { w->timer.cancel(); });
  }
  // Timed-out waiters are skipped lazily; compact when they dominate so memory stays bounded.
  if (tier.queue.size() > 2 * tier.queued + 64)
    std::erase_if(tier.queue, [](const std::shared_ptr<Waiter>& w) { return w->abandoned; });
}

void CapacityEmulator::finish(Tier& tier, std::chrono::nanoseconds work, bool abandoned, bool gone_while_queued) {
  std::lock_guard lock(tier.mutex);
  --tier.busy;
  ++tier.served;
  tier.work += work;
  if (abandoned) {
    tier.abandoned_work += work;
    ++(gone_while_queued ? tier.abandoned_queued : tier.abandoned_in_service);
  }
  dispatch(tier, clock_.now());
}

namespace {
// Clears the waiter's wake-up from the client's presence on every exit path of serve().
struct WakeRegistration {
  ClientPresence* client;
  ~WakeRegistration() {
    if (client) client->clear_on_gone();
  }
};
}  // namespace

asio::awaitable<ServiceResult> CapacityEmulator::serve(RequestType type, ClientPresence* client) {
  Tier& tier = *tiers_[tier_of(type)];
  const auto started = std::chrono::steady_clock::now();
  const SimTime now = clock_.at(started);
  const asio::any_io_executor executor = co_await asio::this_coro::executor;
  std::shared_ptr<Waiter> waiter;
  SimTime service = 0;
  {
    std::lock_guard lock(tier.mutex);
    service = std::max<SimTime>(0, from_seconds(service_[static_cast<std::size_t>(type)].sample(tier.rng)));
    if (tier.queued == 0 && tier.busy < capacity(tier, now)) {
      ++tier.busy;  // the fast path: a free worker, nobody ahead
    } else if (tier.spec.queue_limit && tier.queued >= *tier.spec.queue_limit) {
      ++tier.queue_full;
      co_return ServiceResult{ServiceOutcome::QueueFull};
    } else {
      waiter = std::make_shared<Waiter>(executor);
      tier.queue.push_back(waiter);
      ++tier.queued;
      dispatch(tier, now);
    }
  }
  // Only a request that waits is worth watching: the client cannot leave a request answered at once.
  if (client && (waiter || service > 0)) client->watch();
  WakeRegistration registration{waiter && client ? client : nullptr};
  bool gone_while_queued = false;
  if (waiter) {
    // Wakes on a grant (the dispatcher cancels the timer), at server_timeout, or when the client goes.
    if (client) client->on_gone([w = waiter.get()] { w->timer.cancel(); });
    const auto give_up = tier.spec.server_timeout > 0
                             ? started + clock_.to_wall(tier.spec.server_timeout)
                             : asio::steady_timer::time_point::max();
    for (;;) {
      {
        std::lock_guard lock(tier.mutex);
        if (waiter->granted) break;
        const bool timed_out = std::chrono::steady_clock::now() >= give_up;
        const bool dropped = client && client->gone() && tier.spec.drop_abandoned;
        if (timed_out || dropped) {
          waiter->abandoned = true;
          --tier.queued;
          const auto waited = std::chrono::steady_clock::now() - started;
          if (dropped) {
            ++tier.dropped_client_gone;
            ++tier.abandoned_queued;
            co_return ServiceResult{ServiceOutcome::ClientGone, waited};
          }
          ++tier.timed_out;
          co_return ServiceResult{ServiceOutcome::TimedOut, waited};
        }
      }
      // A grant made after the check above posts its cancel to this executor, so it lands on this
      // wait; a cancel that lands on no wait (the waiter was woken otherwise) finds granted set.
      waiter->timer.expires_at(give_up);
      co_await waiter->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    gone_while_queued = client && client->gone();
  }
  const auto queue_wait = std::chrono::steady_clock::now() - started;
  const std::chrono::nanoseconds work = service > 0 ? clock_.to_wall(service) : std::chrono::nanoseconds{0};
  if (service > 0) {
    // A timer of its own: a grant's posted cancel may still be on its way to the waiter's timer.
    asio::steady_timer timer(executor, work);
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  finish(tier, work, client && client->gone(), gone_while_queued);
  co_return ServiceResult{ServiceOutcome::Served, queue_wait};
}

std::vector<TierLoad> CapacityEmulator::loads() const {
  std::vector<TierLoad> out;
  const SimTime now = clock_.now();
  for (const auto& tier : tiers_) {
    std::lock_guard lock(tier->mutex);
    out.push_back(TierLoad{tier->spec.name, capacity(*tier, now), tier->busy, tier->queued, tier->served,
                           tier->queue_full, tier->timed_out, tier->dropped_client_gone, tier->abandoned_queued,
                           tier->abandoned_in_service, tier->work, tier->abandoned_work});
  }
  return out;
}

void CapacityEmulator::release_waiters() {
  for (const auto& tier : tiers_) {
    std::lock_guard lock(tier->mutex);
    tier->queue.clear();
    tier->queued = 0;
  }
}

}  // namespace slotrush::mock
