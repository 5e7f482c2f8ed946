#include "loadgen/scenario/virtual_user_shard.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <boost/asio/post.hpp>

namespace slotrush::loadgen {
namespace {

constexpr std::uint32_t kValueMask = 0x0fffffffu;
constexpr std::uint32_t wake_tag(std::uint32_t kind, std::uint32_t value) { return (kind << 28) | (value & kValueMask); }
constexpr std::int64_t kNever = INT64_MAX;
constexpr auto kMinimumWait = std::chrono::milliseconds(1);

std::chrono::nanoseconds seconds_ns(double s) {
  return std::chrono::nanoseconds(static_cast<std::int64_t>(std::max(0.0, s) * 1e9));
}

}  // namespace

VirtualUserShard::VirtualUserShard(const PopulationPlan& plan, std::size_t index, std::size_t count,
                                   const boost::asio::any_io_executor& executor, RequestSender& sender)
    : plan_(plan),
      s_(plan.scenario()),
      index_(index),
      count_(std::max<std::size_t>(1, count)),
      executor_(executor),
      sender_(sender),
      wakes_(executor, [this](std::uint32_t target, std::uint32_t tag, Clock::time_point due) { on_wake(target, tag, due); }),
      run_end_(executor),
      rules_(s_),
      background_rng_(s_.seed, "loadgen-background", index) {
  if (s_.client.retry.budget_ratio > 0) budget_.emplace(s_.client.retry.budget_ratio);
  if (s_.client.retry.throttle_k > 0) throttle_.emplace(s_.client.retry.throttle_k, s_.client.retry.throttle_window);
  const std::size_t total = plan_.people().size();
  const std::size_t mine = total > index_ ? (total - index_ + count_ - 1) / count_ : 0;
  persons_.resize(mine);
  std::size_t device_count = 0;
  for (std::uint32_t p = 0; p < mine; ++p) device_count += planned(p).devices;
  devices_.reserve(device_count);
  for (std::uint32_t p = 0; p < mine; ++p) {
    persons_[p].first_device = static_cast<std::uint32_t>(devices_.size());
    for (int i = 0; i < planned(p).devices; ++i) {
      VirtualDevice d;
      d.rng = RandomStream(s_.seed, "loadgen-device", (registrant(p) << 8) | static_cast<std::uint64_t>(i)).state();
      d.person = p;
      devices_.push_back(d);
    }
  }
  counters_.people_planned = mine;
  counters_.series_interval_seconds = to_seconds(s_.output.series_interval);
}

std::size_t VirtualUserShard::memory_bytes() const {
  std::size_t tokens = 0;
  for (const VirtualPerson& p : persons_) tokens += p.token.capacity() > 15 ? p.token.capacity() + 1 : 0;
  return persons_.capacity() * sizeof(VirtualPerson) + devices_.capacity() * sizeof(VirtualDevice) + tokens +
         wakes_.capacity_bytes();
}

// ---- run control ------------------------------------------------------------------------------

void VirtualUserShard::start(Clock::time_point origin, std::function<void()> finished) {
  if (started_) return;
  started_ = true;
  origin_ = origin;
  finished_callback_ = std::move(finished);
  series_base_ = plan_.run_start() / s_.output.series_interval;
  run_end_.expires_at(wall_at(plan_.run_end()));
  run_end_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) stop();
  });
  on_day_start(plan_.first_day());
  if (index_ == 0 && plan_.has_background())
    if (const auto next = plan_.next_background_after(plan_.run_start(), background_rng_)) {
      background_due_ = *next;
      wakes_.at(wall_at(*next), 0, wake_tag(Background, 0));
    }
  check_finished();
}

void VirtualUserShard::stop() {
  if (stopping_ || finished_) return;
  stopping_ = true;
  wakes_.clear();  // devices still active are counted in collect_groups()
  check_finished();
}

void VirtualUserShard::check_finished() {
  if (finished_ || check_posted_) return;
  check_posted_ = true;
  // Deferred, so a handler that is about to schedule more work finishes first.
  boost::asio::post(executor_, [this] {
    check_posted_ = false;
    if (finished_ || !started_) return;
    if (in_flight_ == 0 && (stopping_ || wakes_.size() == 0)) finish();
  });
}

void VirtualUserShard::finish() {
  finished_ = true;
  wakes_.clear();
  run_end_.cancel();
  collect_groups();
  if (finished_callback_) finished_callback_();
}

VirtualUserShard::LivePeople VirtualUserShard::live_people() const { return live_; }

void VirtualUserShard::collect_groups() {
  for (std::uint32_t id = 0; id < persons_.size(); ++id) {
    const VirtualPerson& p = persons_[id];
    const PlannedPerson& t = planned(id);
    bool active = false;
    for (std::uint32_t i = p.first_device; i < p.first_device + t.devices; ++i) active = active || devices_[i].active;
    if (!p.tried) continue;
    const bool booked = p.state == PersonState::Booked;
    if (booked) ++counters_.people_booked;
    if (p.state == PersonState::Left) ++counters_.people_left;
    if (active) ++counters_.people_active_at_end;
    else if (!booked && (p.gave_up || p.state == PersonState::Left)) ++counters_.people_abandoned;
    else if (!booked) ++counters_.people_waiting_at_end;
    // From registration to the confirmed booking, as the simulator counts (sim/model/group_outcomes).
    const double days = booked ? to_seconds(p.booked_at - t.registered_at) / 86400.0 : 0.0;
    if (booked) counters_.days_waited_sum += days;
    const auto add = [&](const std::string& dim, const std::string& label) {
      GroupOutcome& g = counters_.groups[{dim, label}];
      g.dimension = dim;
      g.label = label;
      g.people += 1;
      if (booked) {
        g.booked += 1;
        g.days_waited_sum += days;
      }
    };
    add("adversary", to_string(t.kind));
    if (t.kind != PersonKind::Regular) continue;
    const std::string& cls = plan_.device_class_names()[t.device_class];
    add("party_size", std::to_string(t.party));
    add("device_class", cls);
    add("devices", std::to_string(t.devices));
    add("party_size_x_device_class", std::to_string(t.party) + "/" + cls);
  }
}

std::size_t VirtualUserShard::row_index() const {
  const std::int64_t k = std::max<std::int64_t>(0, sim_now() / s_.output.series_interval - series_base_);
  constexpr std::int64_t kMaxRows = 1'000'000;  // a run longer than this many intervals piles into the last
  return static_cast<std::size_t>(std::min(k, kMaxRows - 1));
}

SeriesRow& VirtualUserShard::row() {
  const std::size_t i = row_index();
  if (counters_.series.size() <= i) {
    const std::size_t from = counters_.series.size();
    counters_.series.resize(i + 1);
    for (std::size_t j = from; j <= i; ++j) {
      counters_.series[j].time_seconds =
          static_cast<double>((series_base_ + static_cast<std::int64_t>(j)) * s_.output.series_interval) / 1e9;
      counters_.series[j].in_flight = attempts_in_flight_;  // the level carries over quiet intervals
    }
  }
  return counters_.series[i];
}

void VirtualUserShard::change_in_flight(int delta) {
  SeriesRow& r = row();  // rows before this one end with the level before the change
  attempts_in_flight_ = static_cast<std::uint32_t>(static_cast<std::int64_t>(attempts_in_flight_) + delta);
  r.in_flight = attempts_in_flight_;
}

void VirtualUserShard::end_flight(VirtualDevice& d) {
  if (!d.in_flight) return;
  d.in_flight = false;
  change_in_flight(-1);
}

void VirtualUserShard::record_latency(Clock::time_point sent, SimTime before, bool useful) {
  const SimTime latency = sim_now() - plan_.simulated_of(sent - origin_) + before;
  counters_.latencies.ended(latency, useful);
  counters_.series_latencies.at(row_index()).ended(latency, useful);
}

void VirtualUserShard::record_timeout() {
  counters_.latencies.timed_out(s_.client.timeout);
  counters_.series_latencies.at(row_index()).timed_out(s_.client.timeout);
}

// ---- the calendar -----------------------------------------------------------------------------

void VirtualUserShard::on_wake(std::uint32_t target, std::uint32_t tag, Clock::time_point due) {
  if (stopping_) return;
  const auto late = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - due).count();
  counters_.wake_lag_us.record(static_cast<std::uint64_t>(std::max<std::int64_t>(0, late)));
  const std::uint32_t kind = tag >> 28, value = tag & kValueMask;
  switch (kind) {
    case DayStart: return on_day_start(static_cast<int>(value));
    case DeviceStart: return begin_flow(target, plan_.race() ? ClientFlow::Race : ClientFlow::LotteryEntry);
    case Send:
      if (devices_[target].active && (devices_[target].seq & kValueMask) == value) send_now(target, due);
      return;
    case LostTimeout: {
      VirtualDevice& d = devices_[target];
      if (!d.in_flight || (d.seq & kValueMask) != value) return;
      end_flight(d);
      record_timeout();
      ++counters_.timeouts;
      SeriesRow& r = row();
      ++r.timeouts;
      const auto i = static_cast<std::size_t>(&r - counters_.series.data());
      if (counters_.lost_by_row.size() <= i) counters_.lost_by_row.resize(i + 1);
      ++counters_.lost_by_row[i];
      return after_failure(target, true, -1);
    }
    case ResultCheck: {
      VirtualPerson& p = persons_[target];
      if (p.state != PersonState::Waiting) return;
      if (devices_[p.first_device].active) {
        p.result_check_pending = true;  // after today's entry
        return;
      }
      return begin_flow(p.first_device, ClientFlow::LotteryResult);
    }
    case Background: return send_background();
    case BackgroundRetry: return send_background_attempt(target);
    case Deliver: {
      const auto it = answers_in_transit_.find(target);
      if (it == answers_in_transit_.end() || (it->second.seq & kValueMask) != value) return;
      const AnswerInTransit arrived = std::move(it->second);
      answers_in_transit_.erase(it);
      if ((devices_[target].seq & kValueMask) != value || !devices_[target].active) return check_finished();
      return deliver(target, arrived.sent, arrived.answer);
    }
    default: return;
  }
}

void VirtualUserShard::on_day_start(int day) {
  const SimTime midnight = SimTime{day} * kDay;
  for (std::uint32_t id = 0; id < persons_.size(); ++id) {
    VirtualPerson& p = persons_[id];
    const PlannedPerson& t = planned(id);
    if (p.tried_today && p.state == PersonState::Waiting) {
      ++p.failed_days;
      if (s_.population.leave_after_days > 0 && p.failed_days >= s_.population.leave_after_days) {
        p.state = PersonState::Left;
        if (!p.gave_up) ++counters_.give_ups;  // not already counted when patience ran out today
      }
    }
    p.tried_today = false;
    p.done_today = false;
    if (p.state != PersonState::Waiting) continue;
    for (int i = 0; i < t.devices; ++i)
      if (const auto at = plan_.start_on_day(global_index(static_cast<std::uint32_t>(id)), day, i))
        wakes_.at(wall_at(*at), p.first_device + static_cast<std::uint32_t>(i), wake_tag(DeviceStart, static_cast<std::uint32_t>(day)));
    if (!plan_.race() && p.entered_day == day - 1 && day >= 1) {
      const SimTime check = plan_.result_check_on_day(global_index(static_cast<std::uint32_t>(id)), day);
      if (check < plan_.run_end()) wakes_.at(wall_at(check), id, wake_tag(ResultCheck, static_cast<std::uint32_t>(day)));
    }
  }
  if (day + 1 <= plan_.last_day()) wakes_.at(wall_at(midnight + kDay), 0, wake_tag(DayStart, static_cast<std::uint32_t>(day + 1)));
  check_finished();
}

// ---- a device's flow --------------------------------------------------------------------------

void VirtualUserShard::begin_flow(std::uint32_t idx, ClientFlow flow) {
  VirtualDevice& d = devices_[idx];
  VirtualPerson& p = persons_[d.person];
  if (p.state != PersonState::Waiting || d.active) return;
  if (flow != ClientFlow::LotteryResult && p.done_today) return;
  d.active = true;
  if (p.active_devices++ == 0) ++live_.active;
  d.flow = flow;
  d.attempt = 0;
  d.member = 0;
  d.retry = false;
  d.in_room = false;
  d.previous_delay = 0;
  switch (flow) {
    case ClientFlow::Race:
      d.step = ClientRules::race_start(p.slots_held, p.slots_wanted);
      break;
    case ClientFlow::LotteryEntry: d.step = RequestType::Login; break;
    case ClientFlow::LotteryResult: d.step = p.token.empty() ? RequestType::Login : RequestType::LotteryResult; break;
    case ClientFlow::Background: break;  // not a person's flow: background requests run on their own (send_background)
  }
  const bool unlimited = planned(d.person).kind == PersonKind::SpeedBot;
  d.give_up_at_ns = unlimited ? kNever : wall_ns(Clock::now()) + wall(s_.population.give_up_after).count();
  if (!p.tried) {
    p.tried = true;
    ++counters_.people_started;
  }
  p.tried_today = true;
  p.gave_up = false;
  ++counters_.devices_started;
  schedule_send(idx, Clock::now());
}

// The phone sends at `at`; the request reaches the server half a round trip later (the emulated
// network, Population::one_way, as the simulator's): one wake.
void VirtualUserShard::schedule_send(std::uint32_t idx, Clock::time_point at) {
  VirtualDevice& d = devices_[idx];
  ++d.seq;
  const SimTime rtt = plan_.class_rtt(planned(d.person).device_class);
  wakes_.at(at + wall(Population::one_way(rtt)), idx, wake_tag(Send, d.seq));
}

void VirtualUserShard::send_now(std::uint32_t idx, Clock::time_point intended) {
  VirtualDevice& d = devices_[idx];
  VirtualPerson& p = persons_[d.person];
  const PlannedPerson& t = planned(d.person);
  ++d.attempt;
  ++counters_.attempts;
  if (d.retry) {
    ++counters_.retries;
    ++counters_.retries_sent_by_step[static_cast<std::size_t>(d.step)];
    ++row().retries;
  }
  if (budget_ && !d.retry) budget_->on_request();
  if (throttle_ && !with_rng(d, [&](RandomStream& rng) { return throttle_->allow(sim_now(), rng); })) {
    ++counters_.throttled;  // refused locally, never sent
    return after_failure(idx, false, -1);
  }
  const SimTime rtt = plan_.class_rtt(t.device_class);
  const auto timeout = std::max<Clock::duration>(kMinimumWait, wall(s_.client.timeout - rtt));
  d.in_flight = true;
  change_in_flight(+1);
  const double loss = plan_.class_loss(t.device_class);
  if (loss > 0 && with_rng(d, [&](RandomStream& rng) { return rng.bernoulli(loss); })) {
    ++counters_.lost;  // the phone waits its whole timeout (from when it sent) for nothing
    const auto phone_timeout = std::max<Clock::duration>(kMinimumWait, wall(s_.client.timeout - Population::one_way(rtt)));
    wakes_.at(Clock::now() + phone_timeout, idx, wake_tag(LostTimeout, d.seq));
    return;
  }
  SeriesRow& offered_row = row();
  ++offered_row.offered;
  d.sent_row = static_cast<std::uint32_t>(&offered_row - counters_.series.data());
  std::string key;
  if (d.step == RequestType::Book)
    key = idempotency_key(registrant(d.person), idx - p.first_device, today(), d.booking);
  // The phone's own place in a waiting room's line, as the simulator keys its room by phone.
  const std::string session = s_.waiting_room.enabled ? std::to_string(registrant(d.person)) + "-" + std::to_string(idx - p.first_device) : std::string();
  StepRequest step{d.step, registrant(d.person), p.token, t.port, t.party, key, plan_.scaling().liveness_bytes, session};
  ++in_flight_;
  const std::uint32_t seq = d.seq;
  sender_.send(make_request(step), intended, timeout,
               [this, idx, seq, intended](const HttpResult& result) { on_result(idx, seq, intended, result); });
}

void VirtualUserShard::on_result(std::uint32_t idx, std::uint32_t seq, Clock::time_point sent, const HttpResult& result) {
  --in_flight_;
  VirtualDevice& d = devices_[idx];
  if (stopping_ || !d.in_flight || d.seq != seq) return check_finished();
  end_flight(d);
  StepAnswer answer = read_answer(d.step, result);
  // The phone has the answer half a round trip after the server gave it (a timeout: when the phone's
  // own timeout, counted from its send, runs out), and the simulator counts it there.
  const SimTime down = Population::one_way(plan_.class_rtt(planned(d.person).device_class));
  if (down <= 0) return deliver(idx, sent, answer);
  answers_in_transit_.insert_or_assign(idx, AnswerInTransit{d.seq, sent, std::move(answer)});
  wakes_.at(Clock::now() + wall(down), idx, wake_tag(Deliver, d.seq));
}

void VirtualUserShard::deliver(std::uint32_t idx, Clock::time_point sent, const StepAnswer& answer) {
  const SimTime rtt = plan_.class_rtt(planned(devices_[idx].person).device_class);
  record_attempt_end(answer, sent, rtt - Population::one_way(rtt));
  handle(idx, answer);
  check_finished();
}

void VirtualUserShard::record_attempt_end(const StepAnswer& a, Clock::time_point sent, SimTime before) {
  if (a.delivery == Delivery::TimedOut) return record_timeout();
  if (a.delivery == Delivery::Failed) return record_latency(sent, before, false);
  switch (meaning_of(a.answer)) {
    case AnswerMeaning::WaitInLine: return;  // a place in the line, not an attempt
    case AnswerMeaning::Overloaded:
    case AnswerMeaning::SignInAgain:
    case AnswerMeaning::Broken: return record_latency(sent, before, false);
    default: return record_latency(sent, before, true);  // the answers note_useful() counts
  }
}

void VirtualUserShard::note_useful() {
  ++counters_.useful;
  ++row().goodput;
  if (throttle_) throttle_->on_accept(sim_now());
}

void VirtualUserShard::handle(std::uint32_t idx, const StepAnswer& a) {
  VirtualDevice& d = devices_[idx];
  VirtualPerson& p = persons_[d.person];
  const AnswerMeaning meaning = meaning_of(a.answer);  // what the simulator's phones do too
  const bool answered = a.delivery == Delivery::Answered;
  if (d.in_room && !(answered && meaning == AnswerMeaning::WaitInLine)) {
    d.in_room = false;  // admitted: patience starts now, as in the simulator
    if (d.give_up_at_ns != kNever) d.give_up_at_ns = wall_ns(Clock::now()) + wall(s_.population.give_up_after).count();
  }
  if (a.delivery == Delivery::TimedOut) {
    ++counters_.timeouts;
    ++row().timeouts;
    return after_failure(idx, true, -1);
  }
  if (a.delivery == Delivery::Failed) {
    ++counters_.rejected;
    ++row().rejected;
    return after_failure(idx, true, a.retry_after_wall_s);
  }
  switch (meaning) {
    case AnswerMeaning::WaitInLine: {
      // A place in the line, not a failed attempt: ask again when the room says.
      ++counters_.room_waits;
      --counters_.series[d.sent_row].offered;  // the room's line is not load on the tiers
      --counters_.attempts;
      --d.attempt;
      if (d.retry) --counters_.retries;
      d.in_room = true;
      const auto wait = a.retry_after_sim_s >= 0   ? wall(from_seconds(a.retry_after_sim_s))
                        : a.retry_after_wall_s >= 0 ? seconds_ns(a.retry_after_wall_s)
                                                    : wall(s_.waiting_room.poll_interval);
      return schedule_send(idx, Clock::now() + std::max<Clock::duration>(kMinimumWait, wait));
    }
    case AnswerMeaning::Overloaded:
      ++counters_.rejected;
      ++row().rejected;
      return after_failure(idx, true, a.retry_after_wall_s);
    case AnswerMeaning::SignInAgain:  // the server forgot us (restarted): log in again
      ++counters_.unauthorized;
      p.token.clear();
      d.step = RequestType::Login;
      d.attempt = 0;
      d.retry = false;
      return schedule_send(idx, Clock::now());
    case AnswerMeaning::Broken:
      ++counters_.broken;
      return stop_device(idx);
    default: break;
  }
  note_useful();
  switch (meaning) {
    case AnswerMeaning::Advance: return advance(idx, a);
    case AnswerMeaning::TryAgain:
      if (a.answer == BookingAnswer::ConfirmRefused) p.slots_held = 0;  // a refused confirmation ends the hold
      return after_failure(idx, false, -1);
    case AnswerMeaning::DoneToday: {
      const int day = today();
      if (plan_.race() && (d.step == RequestType::ListSlots || d.step == RequestType::Book)) {
        const SimTime since = sim_now() - plan_.anchor_of_day(day);
        if (since >= 0) counters_.sold_out_seconds.emplace(day, to_seconds(since));  // the first to see it
      }
      if (d.step == RequestType::Book || d.step == RequestType::Confirm) p.slots_held = 0;
      p.done_today = true;  // "No appointments available"
      return stop_device(idx);
    }
    case AnswerMeaning::LookDone:  // the look at the draw ends; the person goes on today (enters again)
      if (a.answer == BookingAnswer::LotteryLost) ++counters_.lottery_lost;
      if (d.step == RequestType::Confirm) p.slots_held = 0;  // the won hold is gone
      return stop_device(idx);
    default: return stop_device(idx);
  }
}

void VirtualUserShard::advance(std::uint32_t idx, const StepAnswer& a) {
  VirtualDevice& d = devices_[idx];
  VirtualPerson& p = persons_[d.person];
  const PlannedPerson& t = planned(d.person);
  const bool confirm = s_.allocation.confirmation.required;
  switch (d.step) {
    case RequestType::Login:
      p.token = a.token;
      d.step = rules_.next_step(d.flow, d.step);
      d.member = 0;
      break;
    case RequestType::Liveness:
      // Each member of a party needs their own photo when slots are per person [S14].
      if (!(rules_.per_member(d.step) && ++d.member < t.party)) d.step = rules_.next_step(d.flow, d.step);
      break;
    case RequestType::ListSlots: d.step = rules_.next_step(d.flow, d.step); break;
    case RequestType::Book:
      ++d.booking;  // a definitive answer: the next booking gets a new key
      p.slots_held = static_cast<std::uint8_t>(std::clamp(a.slots, 0, 255));
      p.slots_wanted = static_cast<std::uint8_t>(std::clamp(a.wanted, 0, 255));
      if (a.confirmed) return settle_booking(d.person, a.slots);
      if (a.slots < a.wanted) break;  // the next member's slot
      if (!confirm) return settle_booking(d.person, a.slots);
      d.step = RequestType::Confirm;
      break;
    case RequestType::Confirm: return settle_booking(d.person, a.slots > 0 ? a.slots : p.slots_held);
    case RequestType::LotteryEntry:
      ++counters_.lottery_entries;
      p.entered_day = static_cast<std::int16_t>(today());
      p.done_today = true;  // entered; the draw is tomorrow
      return stop_device(idx);
    case RequestType::LotteryResult:
      ++counters_.lottery_won;
      p.slots_held = static_cast<std::uint8_t>(std::clamp(a.slots, 0, 255));
      p.slots_wanted = p.slots_held;
      d.give_up_at_ns = kNever;  // a winner keeps trying to confirm until the hold expires
      if (a.confirmed || !confirm) return settle_booking(d.person, a.slots);
      d.step = RequestType::Confirm;
      break;
  }
  d.attempt = 0;
  d.retry = false;
  d.previous_delay = 0;
  schedule_send(idx, Clock::now());
}

// A failed attempt: the client's rules (sim/domain ClientRules, the simulator's own) say whether it is
// retried automatically (after at least the server's Retry-After), or the person pauses and tries the
// same step again, or gives up for the day. In simulated time, as the simulator asks them.
void VirtualUserShard::after_failure(std::uint32_t idx, bool retryable, double retry_after_wall_s) {
  VirtualDevice& d = devices_[idx];
  VirtualPerson& p = persons_[d.person];
  const auto now = Clock::now();
  FailedAttempt f;
  f.flow = d.flow;
  f.step = d.step;
  f.retryable = retryable;
  f.attempts = d.attempt;
  f.previous_delay = d.previous_delay;
  f.speed_bot = planned(d.person).kind == PersonKind::SpeedBot;
  f.holds_slots = p.slots_held > 0;
  f.now = plan_.simulated_of(now - origin_);
  f.give_up_at = d.give_up_at_ns == kNever ? kNeverGiveUp : plan_.simulated_of(std::chrono::nanoseconds(d.give_up_at_ns));
  const AfterFailure next = with_rng(d, [&](RandomStream& rng) { return rules_.after_failure(f, rng, budget_ ? &*budget_ : nullptr); });
  if (next.budget_refused) ++counters_.budget_refused;
  if (next.kind == AfterFailure::Kind::Retry) {
    d.previous_delay = next.delay;
    d.retry = true;
    return schedule_send(idx, now + std::max<Clock::duration>(wall(next.delay), seconds_ns(retry_after_wall_s)));
  }
  d.retry = false;
  d.attempt = 0;
  d.previous_delay = 0;
  switch (next.kind) {
    case AfterFailure::Kind::GiveUp:
      ++counters_.patience_expired;
      if (!p.gave_up) ++counters_.give_ups;
      p.gave_up = true;
      return stop_device(idx);
    case AfterFailure::Kind::Pause:
      d.step = next.step;
      return schedule_send(idx, now + wall(next.delay));
    default: return stop_device(idx);
  }
}

void VirtualUserShard::settle_booking(std::uint32_t person, int slots) {
  VirtualPerson& p = persons_[person];
  if (p.state == PersonState::Waiting) {
    p.state = PersonState::Booked;
    ++live_.booked;
    p.booked_at = sim_now();
    counters_.slots_booked += static_cast<std::uint64_t>(std::max(slots, 1));
    row().bookings += static_cast<std::uint32_t>(std::max(slots, 1));
  }
  p.done_today = true;
  const PlannedPerson& t = planned(person);
  for (std::uint32_t i = p.first_device; i < p.first_device + t.devices; ++i)
    if (devices_[i].active) stop_device(i);  // the family's other phones stop at their next step
}

void VirtualUserShard::stop_device(std::uint32_t idx) {
  VirtualDevice& d = devices_[idx];
  if (!d.active) return;
  d.active = false;
  d.in_room = false;
  if (!d.in_flight) ++d.seq;  // drops its pending wake; an answer in flight is dropped by `active`
  end_flight(d);
  VirtualPerson& p = persons_[d.person];
  if (--p.active_devices == 0) --live_.active;
  if (p.result_check_pending && idx == p.first_device) {
    p.result_check_pending = false;
    begin_flow(idx, ClientFlow::LotteryResult);
  }
  check_finished();
}

// ---- background sessions --------------------------------------------------------------------

void VirtualUserShard::send_background() {
  std::uint32_t slot;
  if (!free_background_.empty()) {
    slot = free_background_.back();
    free_background_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(background_requests_.size());
    background_requests_.emplace_back();
  }
  background_requests_[slot] = BackgroundRequest{};
  // The client sends now; its request reaches the server half a round trip later, as a phone's.
  const SimTime up = Population::one_way(plan_.background_rtt());
  if (up > 0) wakes_.at(Clock::now() + wall(up), slot, wake_tag(BackgroundRetry, 0));
  else send_background_attempt(slot);
  // The next arrival follows the one due, not the moment its (late) timer fired: a late timer must not
  // thin the arrival process.
  if (const auto next = plan_.next_background_after(background_due_, background_rng_)) {
    background_due_ = *next;
    wakes_.at(wall_at(*next), 0, wake_tag(Background, 0));
  }
}

void VirtualUserShard::send_background_attempt(std::uint32_t slot) {
  const RequestType type = s_.population.background.request;
  const bool needs_login = type != RequestType::Login && background_token_.empty();
  if (needs_login && background_login_in_flight_) {  // nothing to send it with yet
    free_background_.push_back(slot);
    return;
  }
  const RequestType step = needs_login ? RequestType::Login : type;
  background_login_in_flight_ = step == RequestType::Login && needs_login;
  BackgroundRequest& b = background_requests_[slot];
  ++b.attempts;
  const std::uint64_t registrant = plan_.scaling().first_registrant + plan_.people().size();
  const std::string key = "background-" + std::to_string(counters_.background);
  StepRequest request{step, registrant, background_token_, 0, 1, key, plan_.scaling().liveness_bytes, {}};
  ++counters_.background;
  ++counters_.attempts;
  if (b.retry) {
    ++counters_.retries;
    ++row().retries;
  } else if (budget_) {
    budget_->on_request();
  }
  ++row().offered;
  ++in_flight_;
  change_in_flight(+1);
  const Clock::time_point sent = Clock::now();
  // The answer must leave the server a round trip before the client's timeout runs out.
  const auto deadline = wall(s_.client.timeout - plan_.background_rtt());
  sender_.send(make_request(request), sent, std::max<Clock::duration>(kMinimumWait, deadline),
               [this, step, slot, sent](const HttpResult& result) { on_background_result(step, slot, sent, result); });
}

void VirtualUserShard::on_background_result(RequestType type, std::uint32_t slot, Clock::time_point sent,
                                            const HttpResult& result) {
  --in_flight_;
  const StepAnswer a = read_answer(type, result);
  const bool answered = a.delivery == Delivery::Answered;
  const AnswerMeaning meaning = meaning_of(a.answer);
  if (type == RequestType::Login) {
    background_login_in_flight_ = false;
    if (answered && a.answer == BookingAnswer::SignedIn) background_token_ = a.token;
  }
  bool retryable = false;
  if (!stopping_) {
    change_in_flight(-1);
    record_attempt_end(a, sent, plan_.background_rtt());
    if (a.delivery == Delivery::TimedOut) {
      ++counters_.timeouts;
      ++row().timeouts;
      retryable = true;
    } else if (a.delivery == Delivery::Failed || meaning == AnswerMeaning::Overloaded) {
      ++counters_.rejected;
      ++row().rejected;
      retryable = true;
    } else if (meaning == AnswerMeaning::Broken) {
      ++counters_.broken;
    } else if (meaning == AnswerMeaning::SignInAgain) {
      ++counters_.unauthorized;
      background_token_.clear();
    } else {
      note_useful();
    }
  }
  BackgroundRequest& b = background_requests_[slot];
  if (retryable) {  // the simulator's rule for a background client: automatic retries only
    FailedAttempt f;
    f.flow = ClientFlow::Background;
    f.step = type;
    f.retryable = true;
    f.attempts = b.attempts;
    f.previous_delay = b.previous_delay;
    f.now = sim_now();
    const AfterFailure next = rules_.after_failure(f, background_rng_, budget_ ? &*budget_ : nullptr);
    if (next.budget_refused) ++counters_.budget_refused;
    if (next.kind == AfterFailure::Kind::Retry) {
      b.previous_delay = next.delay;
      b.retry = true;
      // Back to the client (half a round trip), its delay, and to the server again (the other half).
      const auto wait = std::max<Clock::duration>(wall(next.delay), seconds_ns(a.retry_after_wall_s));
      wakes_.at(Clock::now() + wait + wall(plan_.background_rtt()), slot, wake_tag(BackgroundRetry, 0));
      return check_finished();
    }
  }
  free_background_.push_back(slot);
  check_finished();
}

}  // namespace slotrush::loadgen
