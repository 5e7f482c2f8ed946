#include "sim/model/appointment_world.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/domain/arrival_profile.hpp"
#include "sim/domain/booking_answer.hpp"
#include "sim/domain/client_flow.hpp"
#include "sim/domain/device_start_plan.hpp"
#include "sim/domain/lottery_draw.hpp"
#include "sim/domain/population.hpp"
#include "sim/domain/release_schedule.hpp"
#include "sim/domain/retry_policy.hpp"
#include "sim/domain/slot_holds.hpp"
#include "sim/domain/slot_inventory.hpp"
#include "sim/domain/waiting_room.hpp"
#include "sim/engine/simulation.hpp"
#include "sim/memory/huge_page_allocator.hpp"
#include "sim/model/appointment_records.hpp"
#include "sim/model/booking_desk.hpp"
#include "sim/model/group_outcomes.hpp"
#include "sim/model/run_tally.hpp"
#include "sim/model/service_station.hpp"
#include "sim/random/random_stream.hpp"
#include "sim/stats/fairness.hpp"

namespace slotrush {
namespace {

using namespace appointment;  // NOLINT: the model's own records

class World {
 public:
  World(const Scenario& s, std::uint64_t replication, const ProgressCallback& progress, const RunScope& scope)
      : s_(s),
        progress_(progress),
        population_(s, replication, scope),
        horizon_(std::min(scope.end.value_or(s.horizon()), s.horizon())),
        base_(s.seed, "replication", replication),
        inventory_(SlotInventory::port_names_of(s)),
        rules_(s),
        draws_(lottery_rules_of(s)),
        confirm_(s.allocation.confirmation.required),
        race_(s.allocation.strategy == AllocationStrategy::FirstComeRace),
        release_schedule_(s.supply, s.allocation.race.release_time, race_ ? s.calendar.days : 0),
        holds_(inventory_, s.allocation.confirmation, /*return_unconfirmed=*/race_),
        desk_(s, inventory_, holds_, release_schedule_) {
    build_server();
    class_names_ = population_.device_class_names();
    for (std::size_t c = 0; c < class_names_.size(); ++c) {
      class_rtt_.push_back(population_.class_rtt(static_cast<std::uint8_t>(c)));
      class_loss_.push_back(population_.class_loss(static_cast<std::uint8_t>(c)));
    }
    background_class_ = static_cast<std::uint8_t>(class_rtt_.size());
    class_rtt_.push_back(population_.background_rtt());
    class_loss_.push_back(0.0);
    for (SimTime rtt : class_rtt_) class_half_rtt_.push_back(Population::one_way(rtt));
    track_previous_delay_ = s.client.retry.kind == RetryKind::Exponential && s.client.retry.jitter == Jitter::Decorrelated;
    if (s.client.retry.budget_ratio > 0) budget_.emplace(s.client.retry.budget_ratio);
    if (s.client.retry.throttle_k > 0) throttle_.emplace(s.client.retry.throttle_k, s.client.retry.throttle_window);
    sim_.set_lookahead(LookaheadHint{&World::prefetch_device, this});
    for (const PersonTraits& t : population_.people()) add_person(t);
  }

  RunResult run() {
    for (int d = 0; d < s_.calendar.days && d * kDay < horizon_; ++d)
      sim_.schedule_at(d * kDay, EventAction::member<World, &World::on_day_start>(this, d));
    if (s_.population.background.rate_per_second > 0) {
      BackgroundLoadSpec background = s_.population.background;
      background.rate_per_second *= population_.scope().population_scale;
      background_.emplace(background, horizon_);
      background_rng_ = base_.derive("background-clients", 0);
      arrivals_rng_ = base_.derive("background", 0);  // arrivals apart from the clients' choices
      schedule_background(population_.scope().start);
    }
    for (const CapacityEvent& e : s_.server.capacity_events) {
      sim_.schedule_at(e.at, EventAction::member<World, &World::on_capacity>(this, factor_code(e.workers_factor)));
      sim_.schedule_at(e.at + e.duration, EventAction::member<World, &World::on_capacity>(this, factor_code(1.0)));
    }
    sim_.schedule_at(s_.output.series_interval, EventAction::member<World, &World::on_tick>(this, 0));
    sim_.run_until(horizon_);
    if (tally_.last_closed() < horizon_) close_interval(horizon_);  // a last, partial interval
    return finish();
  }

 private:
  // ---- Set-up ------------------------------------------------------------------------------
  void build_server() {
    for (std::size_t t = 0; t < s_.server.tiers.size(); ++t) {
      const TierSpec& tier = s_.server.tiers[t];
      StationConfig config;
      config.workers = tier.workers;
      config.discipline =
          tier.discipline == QueueDisciplineSpec::Lifo ? QueueDiscipline::Lifo : QueueDiscipline::Fifo;
      config.queue_limit = tier.queue_limit;
      config.max_queue_wait = tier.server_timeout;
      stations_.push_back(std::make_unique<ServiceStation>(sim_, config, Deterministic(0.0),
                                                           base_.derive("service", t)));
      service_rng_.push_back(base_.derive("service-time", t));
      drop_abandoned_.push_back(tier.drop_abandoned);
    }
    for (std::size_t r = 0; r < kRequestTypeCount; ++r) {
      const std::string& name = s_.server.requests[r].tier;
      const auto it = std::find_if(s_.server.tiers.begin(), s_.server.tiers.end(),
                                   [&](const TierSpec& t) { return t.name == name; });
      if (it == s_.server.tiers.end())
        throw std::invalid_argument("request " + std::string(to_string(static_cast<RequestType>(r))) +
                                    " names unknown tier " + name);
      tier_of_[r] = static_cast<std::size_t>(it - s_.server.tiers.begin());
    }
  }

  // The person's record and their phones, from the traits the Population drew.
  void add_person(const PersonTraits& t) {
    const auto id = static_cast<std::uint32_t>(people_.size());
    Person p;
    p.registered_at = t.registered_at;
    p.kind = t.kind;
    p.port = t.port;
    p.party = t.party;
    p.devices = t.devices;
    p.device_class = t.device_class;
    p.slots_wanted = t.slots_wanted;
    p.first_device = static_cast<std::uint32_t>(devices_.size());
    for (int i = 0; i < p.devices; ++i) {
      Device d;
      d.rng = base_.derive("device-behaviour", devices_.size()).state();
      d.person = id;
      d.device_class = p.device_class;
      d.bot = t.kind == PersonKind::SpeedBot;
      devices_.push_back(d);
      if (track_previous_delay_) previous_delay_.push_back(0);
    }
    people_.push_back(p);
  }

  // ---- Calendar ------------------------------------------------------------------------------
  void on_day_start(std::uint64_t day_tag) {
    const int day = static_cast<int>(day_tag);
    day_ = day;
    if (day > 0) inventory_.expire_before(day);

    if (race_) {
      const SimTime release = sim_.now() + s_.allocation.race.release_time;
      sim_.schedule_at(release, EventAction::member<World, &World::on_release>(this, day));
      if (s_.waiting_room.enabled) open_room(release);
    } else if (day > 0) {
      sim_.schedule_at(sim_.now() + s_.allocation.lottery.draw_time,
                       EventAction::member<World, &World::on_draw>(this, day));
    }
    for (std::uint32_t id = 0; id < people_.size(); ++id) plan_day(id, day);
  }

  void plan_day(std::uint32_t id, int day) {
    Person& p = people_[id];
    if (p.tried_today && p.state == PersonState::Waiting) {
      ++p.failed_days;
      if (s_.population.leave_after_days > 0 && p.failed_days >= s_.population.leave_after_days)
        p.state = PersonState::Left;
    }
    p.tried_today = false;
    p.done_today = false;
    sync_devices(id);
    if (p.state != PersonState::Waiting) return;
    starts_.clear();
    population_.starts_on_day(id, day, starts_);  // the rule both clocks share (sim/domain)
    for (const auto& [phone, at] : starts_)  // a phone due at or after the end never starts
      if (at < horizon_)
        sim_.schedule_at(at, EventAction::member<World, &World::on_device_start>(this, p.first_device + phone));
    if (!race_ && day >= 1 && p.entered_day == day - 1) {  // yesterday's entrants look at the result
      const SimTime check = population_.result_check_on_day(id, day);
      if (check < horizon_) sim_.schedule_at(check, EventAction::member<World, &World::on_result_check>(this, id));
    }
  }

  // A lottery entrant looks at the draw's result on the first phone (winners confirm from there;
  // losers learn they lost and enter again today): at once, or once the phone's flow ends.
  void on_result_check(std::uint64_t id_tag) {
    Person& p = people_[static_cast<std::uint32_t>(id_tag)];
    if (p.state != PersonState::Waiting) return;
    Device& d = devices_[p.first_device];
    if (d.active) {
      p.result_check_pending = true;
      return;
    }
    d.flow = ClientFlow::LotteryResult;
    on_device_start(p.first_device);
  }

  void on_release(std::uint64_t) {
    release_schedule_.advance(sim_.now(), inventory_);  // the domain's rule: today's slots, once
    sold_out_pending_ = true;
  }

  void note_sold_out() {
    if (sold_out_pending_ && inventory_.open_total() == 0) {
      tally_.sold_out_seconds.push_back(to_seconds(sim_.now() - release_schedule_.release_instant(day_)));
      sold_out_pending_ = false;
    }
  }

  // ---- Lottery -------------------------------------------------------------------------------

  void on_draw(std::uint64_t day_tag) {
    const int day = static_cast<int>(day_tag);
    release_daily_slots(s_.supply, day, inventory_);
    RandomStream rng = base_.derive("lottery", static_cast<std::uint64_t>(day));
    const bool per_person = s_.supply.slot_unit == SlotUnit::Person;
    LotteryDraw& round = draws_.of_entry_day(day - 1);
    const std::size_t entries = round.entries();
    const std::vector<std::uint64_t> winners = round.draw(s_.supply.daily_slots, per_person, sim_.now(), rng);
    if (entries > round.last_reserve_winners()) {
      // The chance of an entrant outside the seniority reserve to be drawn that day.
      const double random_winners = static_cast<double>(winners.size() - round.last_reserve_winners());
      tally_.win_probability.push_back(random_winners / static_cast<double>(entries - round.last_reserve_winners()));
    }
    for (std::uint64_t w : winners) {
      const auto id = static_cast<std::uint32_t>(w);
      Person& p = people_[id];
      const int n = per_person ? p.party : 1;
      if (holds_.hold(id, n, n, p.port, day + 1, sim_.now()) != HoldOutcome::Held) continue;
      if (!confirm_) {
        settle_booking(id);
        continue;
      }
      schedule_hold_expiry();  // the winner finds the hold when they look (on_result_check)
    }
  }

  // ---- Holds and bookings (sim/domain/slot_holds.hpp) -------------------------------------
  // The newest hold's deadline gets an event; expire() ends every hold due by then.
  void schedule_hold_expiry() {
    const SimTime at = sim_.now() + s_.allocation.confirmation.deadline;
    sim_.schedule_at(std::min(at, horizon_), EventAction::member<World, &World::on_hold_expiry>(this, 0));
  }
  void on_hold_expiry(std::uint64_t) { holds_.expire(sim_.now()); }
  bool has_hold(std::uint32_t person) const { return holds_.find(person) != nullptr; }
  bool hold_complete(std::uint32_t person) const {
    const Hold* h = holds_.find(person);
    return h != nullptr && h->complete();
  }

  // Turns the person's complete hold into an appointment (after a successful confirmation, or
  // directly when none is required) and does the person's bookkeeping.
  void settle_booking(std::uint32_t person, bool confirmed = false) {
    Person& p = people_[person];
    const int slots = confirmed ? last_confirmed_slots_ : holds_.find(person)->slots;
    if (!confirmed) holds_.settle(person);
    draws_.withdraw(person);  // an older lottery entry cannot win a second appointment
    p.slots_booked += slots;
    tally_.booked_slots += slots;
    tally_.interval.row.bookings += static_cast<std::uint32_t>(slots);
    tally_.mark();
    if (p.kind == PersonKind::SpeedBot ? p.slots_booked >= p.slots_wanted : true) {
      p.state = PersonState::Booked;
      p.booked_day = day_;
      p.booked_at = sim_.now();
      p.done_today = true;
      sync_devices(person);
    }
  }

  // ---- Waiting room --------------------------------------------------------------------------
  void open_room(SimTime release) {
    room_.emplace(s_.waiting_room, release);
    room_rng_ = base_.derive("waiting-room", static_cast<std::uint64_t>(day_));
    room_open_ = release - s_.waiting_room.opens_before;
    if (!room_ticking_) {
      room_ticking_ = true;
      sim_.schedule_at(std::max(room_open_, sim_.now()), EventAction::member<World, &World::on_room_tick>(this, 0));
    }
  }

  // The room admits at its pace; a queued client learns it when it next asks (on_room_poll), as a
  // browser on a waiting-room page does and as the live virtual users do against the mock's 429s.
  // The tick only keeps the room's list of admissions drained.
  void on_room_tick(std::uint64_t) {
    room_->admit_due(sim_.now(), room_rng_);
    sim_.schedule(kSecond, EventAction::member<World, &World::on_room_tick>(this, 0));
  }

  // The room answers at the server; the client asks again the room's Retry-After after the answer
  // reaches it (half a round trip), and the question reaches the server half a round trip later.
  void schedule_room_poll(std::uint32_t idx, SimTime after) {
    const SimTime at = sim_.now() + std::max(after, kMillisecond) + 2 * half_rtt(devices_[idx]);
    if (at < horizon_) sim_.schedule_at(at, EventAction::member<World, &World::on_room_poll>(this, idx));
  }

  void on_room_poll(std::uint64_t tag) {
    const auto idx = static_cast<std::uint32_t>(tag);
    Device& d = devices_[idx];
    if (d.active || !d.in_room || !room_) return;  // under way already, or left
    const Person& p = people_[d.person];
    if (p.state != PersonState::Waiting || p.done_today) {
      room_->leave(idx, sim_.now());
      d.in_room = false;
      return;
    }
    const RoomAnswer a = room_->arrive(idx, sim_.now(), room_rng_);  // new: joins; known: as poll()
    // Admitted: the request that asked is the flow's first, served now (it left the phone half a
    // round trip ago), as the mock serves the request its room lets through.
    if (a.status == RoomStatus::Admitted) return begin_flow(idx, sim_.now() - half_rtt(d));
    schedule_room_poll(idx, a.retry_after);
  }

  // ---- Devices ------------------------------------------------------------------------------
  void on_device_start(std::uint64_t tag) {
    const auto idx = static_cast<std::uint32_t>(tag);
    Device& d = devices_[idx];
    Person& p = people_[d.person];
    if (p.state != PersonState::Waiting || d.active) return;
    if (d.flow != ClientFlow::LotteryResult) {
      if (p.done_today) return;
      d.flow = race_ ? ClientFlow::Race : ClientFlow::LotteryEntry;
    }
    note_trying(p);  // waiting in the room is trying, as the live side counts it
    if (d.flow == ClientFlow::Race && room_) {
      // Everyone, bots included, meets the waiting room in front of the race: at the server, which
      // the phone's first request reaches half a round trip after it starts (so when many start at
      // one instant, the room lines them up by their network, as the mock's does).
      d.in_room = true;
      const SimTime at = sim_.now() + half_rtt(d);
      if (at < horizon_) sim_.schedule_at(at, EventAction::member<World, &World::on_room_poll>(this, idx));
      return;
    }
    begin_flow(idx, sim_.now());
  }

  // The device starts its flow; its first request leaves the phone at `leaves`: now, or half a round
  // trip ago when it is the request the waiting room just let through.
  void begin_flow(std::uint32_t idx, SimTime leaves) {
    Device& d = devices_[idx];
    Person& p = people_[d.person];
    if (d.active) return;  // admitted by the room while already under way
    if (p.state != PersonState::Waiting || (p.done_today && d.flow != ClientFlow::LotteryResult)) {
      if (d.in_room && room_) room_->leave(idx, sim_.now());
      return;
    }
    d.active = true;
    d.attempt = 0;
    d.member = 0;
    d.retry = false;
    if (track_previous_delay_) previous_delay_[idx] = 0;
    switch (d.flow) {
      case ClientFlow::Race: d.step = race_resume_step(d.person); break;  // ClientRules::race_start
      case ClientFlow::LotteryEntry: d.step = RequestType::Login; break;
      case ClientFlow::LotteryResult: d.step = RequestType::LotteryResult; break;
      case ClientFlow::Background: break;
    }
    if (d.flow == ClientFlow::LotteryResult && has_hold(d.person))
      d.give_up_at = horizon_;  // a winner keeps trying until the hold expires
    else if (p.kind == PersonKind::SpeedBot)
      d.give_up_at = horizon_;
    else
      d.give_up_at = sim_.now() + s_.population.give_up_after;
    note_trying(p);
    p.tried_today = true;
    send_at(idx, leaves);
  }

  SimTime half_rtt(const Device& d) const { return class_half_rtt_[d.device_class]; }

  void note_trying(Person& p) {
    if (p.tried) return;
    p.tried = true;
    ++people_trying_;
  }

  // Every request of a device that came through the waiting room passes the room again at the
  // server, as with Cloudflare's: it renews an admitted session (session_duration counts idle time,
  // so a phone that keeps tapping keeps its place), and a device whose session ended (idle for
  // longer) is sent back to the queue, to start over when a later poll finds it admitted.
  // (WaitingRoom::arrive does both: it answers a known client as poll() does, renewing an admitted
  // session, and queues one it no longer knows.)
  bool passes_room(std::uint32_t idx) {
    const RoomAnswer a = room_->arrive(idx, sim_.now(), room_rng_);
    if (a.status == RoomStatus::Admitted) return true;
    devices_[idx].active = false;  // queued again; begin_flow() resumes it once a poll finds it admitted
    schedule_room_poll(idx, a.retry_after);
    return false;
  }

  // The kernel's lookahead: every event of the world's that carries a device (arrival, response,
  // timeout, device start) has its index in the tag's low 32 bits; fetching the device's cache line
  // a bucket ahead hides the miss that each of ~90 M attempts would otherwise take at full size.
  // Other events' small tags prefetch a harmless line.
  static void prefetch_device(void* ctx, const EventAction& upcoming) {
    auto* w = static_cast<World*>(ctx);
    if (upcoming.target != ctx) return;
    const std::uint32_t idx = tag_device(upcoming.tag);
    if (idx < w->devices_.size()) __builtin_prefetch(&w->devices_[idx], 1);
  }

  // Runs f on the device's own stream, in place: its parked StreamState, or the stream background
  // clients share. f takes either (a generic lambda).
  template <class F>
  auto on_stream(Device& d, F&& f) {
    return d.person == kNoPerson ? f(background_rng_) : f(d.rng);
  }
  // The same for draws that need a RandomStream: the parked state is resumed and parked again.
  template <class F>
  auto with_rng(Device& d, F&& f) {
    return on_stream(d, [&](auto& stream) { return with_stream(stream, f); });
  }

  // Copies the person's state into their devices, which is all a refused attempt reads.
  void sync_devices(std::uint32_t id) {
    const Person& p = people_[id];
    for (std::uint32_t i = p.first_device; i < p.first_device + p.devices; ++i) {
      devices_[i].person_waiting = p.state == PersonState::Waiting;
      devices_[i].person_done_today = p.done_today;
    }
  }

  // The request leaves the device `delay` from now and reaches the server half a round trip later:
  // one event, at the server's side.
  void send_after(std::uint32_t idx, SimTime delay) { send_at(idx, sim_.now() + delay); }
  void send_at(std::uint32_t idx, SimTime leaves) {
    const SimTime at = leaves + half_rtt(devices_[idx]);
    if (at >= horizon_) return stop_device(idx);
    sim_.schedule_at(at, EventAction::member<World, &World::on_arrive>(this, idx));
  }

  void on_arrive(std::uint64_t tag) {
    const auto idx = static_cast<std::uint32_t>(tag);
    Device& d = devices_[idx];
    if (!d.active) return;
    if (d.person != kNoPerson && (!d.person_waiting || d.person_done_today)) {
      const bool finishing_hold = d.flow == ClientFlow::LotteryResult ||
                                  (d.step == RequestType::Confirm && has_hold(d.person));
      if (!d.person_waiting || !finishing_hold) return stop_device(idx);
    }
    if (d.in_room && room_ && !passes_room(idx)) return;
    const SimTime half = half_rtt(d);
    d.sent_at = sim_.now() - half;
    ++d.seq;
    ++d.attempt;
    d.in_flight = true;
    ++tally_.attempts;
    tally_.mark();
    if (d.retry) {
      ++tally_.retries;
      ++tally_.interval.row.retries;
    }
    if (budget_ && !d.retry) budget_->on_request();
    if (throttle_ && !with_rng(d, [&](RandomStream& rng) { return throttle_->allow(d.sent_at, rng); })) {  // refused locally, never sent
      d.in_flight = false;
      ++tally_.throttled;
      ++tally_.interval.row.throttled;
      return after_failure(idx, /*retryable=*/false, sim_.now());
    }
    ++tally_.in_flight;
    const double loss = class_loss_[d.device_class];
    d.lost = loss > 0 && bernoulli(d, loss);
    if (d.lost) return schedule_timeout(idx);
    ++tally_.offered;
    ++tally_.interval.row.offered;
    const std::size_t tier = tier_of_[static_cast<std::size_t>(d.step)];
    if (stations_[tier]->reject_if_full()) {
      // Refused on arrival (most attempts in a freeze): nothing at the server can change the answer
      // on its way back, so the client's reaction is computed now, with no service time drawn and
      // no event. It is counted in the interval the server refused it.
      if (sim_.now() + half >= d.sent_at + s_.client.timeout) return schedule_timeout(idx);  // too late
      return handle_answer(idx, BookingAnswer::QueueFull, sim_.now() + half);
    }
    const double seconds = s_.cost(d.step).service_seconds.sample(service_rng_[tier]);
    JobCallback done{&World::station_done, this, drop_abandoned_[tier] ? &World::still_wanted : nullptr};
    const bool queued = stations_[tier]->submit_with_service(
        make_tag(idx, d.seq, static_cast<std::uint8_t>(d.step)), from_seconds(std::max(0.0, seconds)), done);
    if (queued) schedule_timeout(idx);
  }

  void schedule_timeout(std::uint32_t idx) {
    Device& d = devices_[idx];
    if (!d.in_flight) return;
    const SimTime at = std::max(sim_.now(), d.sent_at + s_.client.timeout);
    if (at >= horizon_) return;
    sim_.schedule_at(at, EventAction::member<World, &World::on_timeout>(this, make_tag(idx, d.seq)));
  }

  // Whether the client of a queued job still waits for it (servers with drop_abandoned ask).
  static bool still_wanted(void* ctx, std::uint64_t tag) {
    auto* w = static_cast<World*>(ctx);
    const Device& d = w->devices_[tag_device(tag)];
    return d.in_flight && (d.seq & 0xffffffu) == tag_seq(tag) &&
           w->sim_.now() + w->half_rtt(d) < d.sent_at + w->s_.client.timeout;
  }

  static void station_done(void* ctx, const JobRecord& job) { static_cast<World*>(ctx)->on_served(job); }

  void on_served(const JobRecord& job) {
    const std::uint32_t idx = tag_device(job.tag);
    Device& d = devices_[idx];
    const auto type = static_cast<RequestType>(tag_code(job.tag));
    const SimTime half = half_rtt(d);
    const bool fresh = d.in_flight && (d.seq & 0xffffffu) == tag_seq(job.tag) &&
                       sim_.now() + half < d.sent_at + s_.client.timeout;
    BookingAnswer answer;
    if (job.rejected) {
      answer = BookingAnswer::QueueFull;
    } else if (job.dropped) {
      answer = BookingAnswer::ServerTimeout;
    } else {
      const SimTime busy = job.finished - job.started;
      tally_.busy_ns += busy;
      if (!fresh) tally_.wasted_ns += busy;
      answer = apply(d, type);
    }
    // (Refusals on arrival never get here: on_arrive answers them through reject_if_full.)
    if (!fresh) return;  // nobody is listening: the client has timed out or will have by then
    sim_.schedule(half, EventAction::member<World, &World::on_response>(
                            this, make_tag(idx, d.seq, static_cast<std::uint8_t>(answer))));
  }

  // Drawn in place on the device's stream (background clients share one).
  bool bernoulli(Device& d, double p) {
    return on_stream(d, [&](auto& stream) { return stream.bernoulli(p); });
  }

  // What the server does for a served request: the booking desk's rules (sim/model/booking_desk), at
  // the server's clock, and the world's bookkeeping of what they did.
  BookingAnswer apply(Device& d, RequestType type) {
    if (d.person == kNoPerson) return served_background(type);
    const std::uint32_t id = d.person;
    Person& p = people_[id];
    switch (type) {
      case RequestType::Login: return with_rng(d, [&](RandomStream& rng) { return desk_.sign_in(rng); });
      case RequestType::Liveness: return with_rng(d, [&](RandomStream& rng) { return desk_.liveness(rng); });
      case RequestType::ListSlots: return desk_.list(id, sim_.now());
      case RequestType::Book: {
        // One appointment per person: a complete hold is answered again, not doubled.
        const bool per_member = s_.supply.slot_unit == SlotUnit::Person && p.kind == PersonKind::Regular;
        const int n = per_member ? 1 : (s_.supply.slot_unit == SlotUnit::Person ? p.party : 1);
        const bool fresh_hold = !has_hold(id);
        const BookingAnswer answer = desk_.book(id, n, per_member ? p.party : n, p.port, day_ + 1, sim_.now());
        if (answer != BookingAnswer::Held && answer != BookingAnswer::Booked) return answer;
        if (fresh_hold && confirm_) schedule_hold_expiry();
        note_sold_out();
        if (answer == BookingAnswer::Booked) settle_booking(id);
        return answer;
      }
      case RequestType::Confirm: {
        if (const Hold* hold = holds_.find(id)) last_confirmed_slots_ = hold->slots;
        const BookingAnswer answer = with_rng(d, [&](RandomStream& rng) { return desk_.confirm(id, sim_.now(), rng); });
        if (answer == BookingAnswer::Confirmed) settle_booking(id, /*confirmed=*/true);
        return answer;
      }
      case RequestType::LotteryEntry:
        return desk_.enter(draws_.of_entry_day(day_), LotteryEntry{id, p.registered_at, p.party, p.kind == PersonKind::Sybil},
                           sim_.now());
      case RequestType::LotteryResult: return desk_.result(id);
    }
    return BookingAnswer::Unrecognized;
  }

  // A background request is always answered as a success of its type.
  static BookingAnswer served_background(RequestType type) {
    switch (type) {
      case RequestType::Login: return BookingAnswer::SignedIn;
      case RequestType::Liveness: return BookingAnswer::LivenessPassed;
      case RequestType::ListSlots: return BookingAnswer::SlotsOpen;
      case RequestType::Book: return BookingAnswer::Held;
      case RequestType::LotteryEntry: return BookingAnswer::LotteryEntered;
      case RequestType::LotteryResult: return BookingAnswer::LotteryWon;
      case RequestType::Confirm: return BookingAnswer::Confirmed;
    }
    return BookingAnswer::Unrecognized;
  }

  void on_response(std::uint64_t tag) {
    const std::uint32_t idx = tag_device(tag);
    const Device& d = devices_[idx];
    if (!d.in_flight || (d.seq & 0xffffffu) != tag_seq(tag)) return;
    handle_answer(idx, static_cast<BookingAnswer>(tag_code(tag)), sim_.now());
  }

  // The client receives `answer` at time `at` (now, or a known moment just ahead) and does what it
  // means (sim/domain/booking_answer.hpp: the live virtual users read the same table).
  void handle_answer(std::uint32_t idx, BookingAnswer answer, SimTime at) {
    Device& d = devices_[idx];
    d.in_flight = false;
    --tally_.in_flight;
    tally_.mark();
    const AnswerMeaning meaning = meaning_of(answer);
    const bool refused = meaning == AnswerMeaning::Overloaded;  // a 503
    tally_.interval.latency.ended(at - d.sent_at, !refused);
    if (refused) {
      ++tally_.rejected;
      ++tally_.interval.row.rejected;
      return after_failure(idx, true, at);
    }
    ++tally_.useful;
    ++tally_.interval.row.goodput;
    if (throttle_) throttle_->on_accept(at);
    switch (meaning) {
      case AnswerMeaning::Advance: return advance(idx);
      case AnswerMeaning::TryAgain: return after_failure(idx, false, at);
      case AnswerMeaning::DoneToday:  // "No appointments available"
        if (d.person != kNoPerson) {
          people_[d.person].done_today = true;
          sync_devices(d.person);
        }
        return stop_device(idx);
      default: return stop_device(idx);  // LookDone: a lottery loser's look at the result ends, not the day
    }
  }

  void on_timeout(std::uint64_t tag) {
    const std::uint32_t idx = tag_device(tag);
    Device& d = devices_[idx];
    if (!d.in_flight || (d.seq & 0xffffffu) != tag_seq(tag)) return;
    d.in_flight = false;
    --tally_.in_flight;
    ++tally_.timeouts;
    ++tally_.interval.row.timeouts;
    tally_.interval.latency.timed_out(s_.client.timeout);
    if (!d.lost) ++tally_.interval.server_timeouts;
    tally_.mark();
    after_failure(idx, true, sim_.now());
  }

  void advance(std::uint32_t idx) {
    Device& d = devices_[idx];
    if (d.flow == ClientFlow::Background) return stop_device(idx);
    Person& p = people_[d.person];
    const bool family_incomplete =
        d.flow == ClientFlow::Race && d.step == RequestType::Book && has_hold(d.person) && !hold_complete(d.person);
    // Each member of a party needs their own liveness photo and their own slot [S14].
    const bool photos_left = d.flow == ClientFlow::Race && d.step == RequestType::Liveness &&
                             rules_.per_member(d.step) && ++d.member < p.party;
    if ((family_incomplete || photos_left) && p.state == PersonState::Waiting) {
      d.attempt = 0;
      d.retry = false;
      return send_after(idx, 0);
    }
    d.member = 0;
    if (rules_.is_last_step(d.flow, d.step) || p.state != PersonState::Waiting) {
      if (d.flow == ClientFlow::LotteryEntry) {  // entered; the draw is tomorrow
        p.done_today = true;
        p.entered_day = static_cast<std::int16_t>(day_);
        sync_devices(d.person);
      }
      if (p.kind == PersonKind::SpeedBot && p.state == PersonState::Waiting) {
        d.step = RequestType::ListSlots;  // a bot goes straight back for the next slot
        d.attempt = 0;
        return send_after(idx, 0);
      }
      return stop_device(idx);
    }
    d.step = rules_.next_step(d.flow, d.step);
    d.attempt = 0;
    d.retry = false;
    send_after(idx, 0);
  }

  // Where a racing person picks up: at Confirm with a complete hold, at Book with part of a family's
  // slots held, else at the start.
  RequestType race_resume_step(std::uint32_t id) const {
    const Hold* h = holds_.find(id);
    return ClientRules::race_start(h ? h->slots : 0, h ? h->wanted : 1);
  }

  // A failed attempt, learnt by the client at `at`: the client's rules (sim/domain ClientRules, the
  // live virtual users' too) say whether it is retried automatically, or the person pauses and tries
  // the same step again (the session survives), or gives up for the day.
  void after_failure(std::uint32_t idx, bool retryable, SimTime at) {
    Device& d = devices_[idx];
    FailedAttempt f;
    f.flow = d.flow;
    f.step = d.step;
    f.retryable = retryable;
    f.attempts = d.attempt;
    f.previous_delay = track_previous_delay_ ? previous_delay_[idx] : 0;
    f.speed_bot = d.bot;
    f.holds_slots = d.step != RequestType::Confirm || (d.person != kNoPerson && has_hold(d.person));
    f.now = at;
    f.give_up_at = d.give_up_at;
    RetryBudget* const budget = budget_ ? &*budget_ : nullptr;
    const AfterFailure next = on_stream(d, [&](auto& stream) { return rules_.after_failure(f, stream, budget); });
    if (next.kind == AfterFailure::Kind::Retry) {
      if (track_previous_delay_) previous_delay_[idx] = next.delay;
      d.retry = true;
      return send_at(idx, at + next.delay);
    }
    d.retry = false;
    d.attempt = 0;
    if (track_previous_delay_) previous_delay_[idx] = 0;
    if (next.kind != AfterFailure::Kind::Pause) return stop_device(idx);
    d.step = next.step;
    send_at(idx, at + next.delay);
  }

  void stop_device(std::uint32_t idx) {
    Device& d = devices_[idx];
    if (d.in_flight) {
      d.in_flight = false;
      --tally_.in_flight;
    }
    d.active = false;
    if (d.in_room && room_) {
      room_->leave(idx, sim_.now());
      d.in_room = false;
    }
    if (d.flow == ClientFlow::Background) free_background_.push_back(idx);
    else if (d.flow == ClientFlow::LotteryResult) d.flow = ClientFlow::LotteryEntry;
    if (d.person == kNoPerson) return;
    Person& p = people_[d.person];
    if (p.result_check_pending && idx == p.first_device) {  // the look at the result waited for the phone
      p.result_check_pending = false;
      sim_.schedule_at(sim_.now(), EventAction::member<World, &World::on_result_check>(this, d.person));
    }
  }

  // ---- Background load ------------------------------------------------------------------------
  void schedule_background(SimTime after) {
    const std::optional<SimTime> next = background_->next_after(after, arrivals_rng_);
    if (next && *next < horizon_)
      sim_.schedule_at(*next, EventAction::member<World, &World::on_background_arrival>(this, 0));
  }

  void on_background_arrival(std::uint64_t) {
    std::uint32_t idx;
    if (!free_background_.empty()) {
      idx = free_background_.back();
      free_background_.pop_back();
    } else {
      idx = static_cast<std::uint32_t>(devices_.size());
      devices_.emplace_back();
    }
    Device& d = devices_[idx];
    d.person = kNoPerson;
    d.device_class = background_class_;
    d.flow = ClientFlow::Background;
    d.step = s_.population.background.request;
    d.active = true;
    d.attempt = 0;
    d.retry = false;
    if (track_previous_delay_) {
      previous_delay_.resize(devices_.size(), 0);
      previous_delay_[idx] = 0;
    }
    d.give_up_at = horizon_;
    send_after(idx, 0);
    schedule_background(sim_.now());
  }

  // ---- Capacity events ------------------------------------------------------------------------
  static std::uint64_t factor_code(double factor) {
    return static_cast<std::uint64_t>(std::llround(std::max(0.0, factor) * 1e6));
  }
  void on_capacity(std::uint64_t code) {
    const double factor = static_cast<double>(code) / 1e6;
    for (std::size_t t = 0; t < stations_.size(); ++t)
      stations_[t]->set_capacity(static_cast<int>(std::lround(s_.server.tiers[t].workers * factor)));
  }

  // ---- Series -------------------------------------------------------------------------------

  void on_tick(std::uint64_t) {
    close_interval(sim_.now());
    if (progress_) {
      const double fraction = to_seconds(sim_.now()) / to_seconds(horizon_);
      if (fraction - last_progress_ >= 0.01) {
        last_progress_ = fraction;
        progress_(fraction);
      }
    }
    const SimTime next = sim_.now() + s_.output.series_interval;
    if (next <= horizon_)
      sim_.schedule_at(next, EventAction::member<World, &World::on_tick>(this, 0));
  }

  void close_interval(SimTime end) {
    IntervalState state;
    std::size_t queued = 0;
    for (const auto& st : stations_) queued += st->queue_length();
    state.queue_depth = static_cast<std::uint32_t>(queued);
    state.waiting_room = room_ ? static_cast<std::uint32_t>(room_->waiting()) : 0;
    state.slots_left = inventory_.open_total();
    tally_.close_interval(end, s_.output.series_interval, state);
  }

  // ---- Results ------------------------------------------------------------------------------
  RunResult finish() {
    RunResult r;
    r.events = sim_.fired_events();
    tally_.finish(r, s_.output.series_interval, static_cast<double>(inventory_.released_total()));
    if (const auto share = holds_.confirmed_share()) r[Kpi::ConfirmedShare] = *share;
    std::uint64_t booked_people = 0;
    double days = 0;
    for (const Person& p : people_) {
      if (p.state != PersonState::Booked) continue;
      ++booked_people;
      days += days_waited(p);
    }
    r[Kpi::PeopleTrying] = static_cast<double>(people_trying_);
    r[Kpi::PeopleBooked] = static_cast<double>(booked_people);
    if (people_trying_ > 0) r[Kpi::BookingProbability] = double(booked_people) / double(people_trying_);
    if (booked_people > 0) r[Kpi::MeanDaysWaited] = days / double(booked_people);
    r.groups = group_outcomes(people_, class_names_);
    std::vector<double> probabilities;
    for (const GroupOutcome& g : r.groups)
      if (g.dimension == "party_size_x_device_class" && g.people > 0) probabilities.push_back(g.booking_probability());
    if (!probabilities.empty()) r[Kpi::FairnessJain] = jain_index(probabilities);
    return r;
  }

  // ---- State --------------------------------------------------------------------------------
  const Scenario& s_;
  const ProgressCallback& progress_;
  Population population_;  // who the people are and when they start (sim/domain, shared with loadgen/)
  SimTime horizon_;        // the scenario's, or the end of the window held against a live run
  RandomStream base_;
  Simulation sim_;
  SlotInventory inventory_;
  ClientRules rules_;  // what a phone does after an answer: sim/domain, shared with the live side
  LotteryRounds draws_;
  bool confirm_;
  bool race_;
  ReleaseSchedule release_schedule_;
  SlotHolds holds_;
  BookingDesk desk_;  // what the server answers (sim/model/booking_desk), the mock's answers too
  std::optional<RetryBudget> budget_;
  std::optional<AdaptiveThrottle> throttle_;
  std::optional<BackgroundArrivals> background_;
  RandomStream background_rng_{0, "unused"};
  RandomStream arrivals_rng_{0, "unused"};
  std::optional<WaitingRoom> room_;
  RandomStream room_rng_{0, "unused"};
  SimTime room_open_ = 0;
  bool room_ticking_ = false;

  std::vector<std::unique_ptr<ServiceStation>> stations_;
  std::vector<RandomStream> service_rng_;
  std::vector<bool> drop_abandoned_;
  std::array<std::size_t, kRequestTypeCount> tier_of_{};
  std::vector<std::string> class_names_;
  std::vector<SimTime> class_rtt_;
  std::vector<double> class_loss_;
  std::vector<SimTime> class_half_rtt_;  // per class, then bots, then background clients
  std::uint8_t background_class_ = 0;
  bool track_previous_delay_ = false;       // decorrelated jitter needs each device's last delay
  std::vector<std::pair<int, SimTime>> starts_;  // one person's starts of the day, reused

  std::vector<Person, HugePageAllocator<Person>> people_;  // large, read at random
  std::vector<Device, HugePageAllocator<Device>> devices_;
  std::vector<SimTime> previous_delay_;  // per device; kept only for decorrelated jitter
  std::vector<std::uint32_t> free_background_;
  int last_confirmed_slots_ = 0;
  int day_ = 0;

  bool sold_out_pending_ = false;
  std::uint64_t people_trying_ = 0;
  RunTally tally_;
  double last_progress_ = 0;
};

}  // namespace

RunResult simulate_appointments(const Scenario& scenario, std::uint64_t replication,
                                const ProgressCallback& progress, const RunScope& scope) {
  World world(scenario, replication, progress, scope);
  return world.run();
}

}  // namespace slotrush
