#include "loadgen/generic_load.hpp"

#include <cmath>
#include <limits>
#include <memory>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include "loadgen/coroutine_failure.hpp"
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "loadgen/request_wire.hpp"
#include "sim/random/distribution.hpp"
#include "sim/random/random_stream.hpp"

namespace slotrush::loadgen {
namespace {

namespace asio = boost::asio;

// One thread's part of the plan; it outlives the run (owned by run_generic_load).
struct ThreadShare {
  std::string wire;  // the request, serialized once and written as is every time
  std::size_t route = 0;
  std::uint64_t remaining = 0;  // requests this thread may still start
  std::size_t loops_running = 0;
  std::vector<std::unique_ptr<HttpConnection>> connections;  // closed loop only
  std::unique_ptr<asio::steady_timer> timer;                 // open model only
};

asio::awaitable<void> closed_loop(LoadThread& t, ThreadShare& share, HttpConnection& connection,
                                  Clock::duration timeout) {
  RunMeasurements& m = t.measurements;
  Clock::time_point next = Clock::now();
  while (!t.draining && share.remaining > 0) {
    --share.remaining;
    ++m.in_flight;
    m.record_sent(share.route);
    const ExchangeResult r = co_await connection.exchange(share.wire, timeout);
    const Clock::time_point ended = Clock::now();
    m.record(share.route, r.outcome, next, r.sent_at, ended);
    --m.in_flight;
    next = ended;
  }
  connection.release_timer();
  if (--share.loops_running == 0) t.finished();
}

asio::awaitable<void> open_model(LoadThread& t, ThreadShare& share, const GenericLoadPlan& plan,
                                 const ArrivalSchedule& schedule, std::size_t threads, Clock::time_point start) {
  // Request u of the test (all shards, all threads) is due when the schedule expects u requests.
  // Lanes interleave (loadgen/load_share.hpp): lane l of L takes u = l, l + L, l + 2L, ...
  // (constant), or a Poisson process of rate 1/L in u (exponential gaps of mean L), its share.
  const std::size_t lanes = plan.share.lanes(threads), lane = plan.share.lane(t.index);
  const double n = static_cast<double>(lanes);
  RandomStream rng(plan.seed, "load-arrivals", lane);
  const bool poisson = plan.arrivals == Arrivals::poisson;
  double u = poisson ? sample_exponential(rng, n) : static_cast<double>(lane);
  const std::size_t max_in_flight = std::max<std::uint64_t>(1, LoadShare::part(plan.max_in_flight, lanes, lane));
  const Clock::time_point deadline = start + plan.duration;
  PooledSender& pool = *t.pool;
  bool schedule_ended = false;
  // The duration ending starts the drain on every thread at the deadline, but a request due before it
  // is still this run's: a thread whose timer fired late (a busy machine) sends what was due, up to
  // the deadline, instead of losing it uncounted. A signal (interrupted) stops at once.
  while (share.remaining > 0 && !t.interrupted) {
    const std::optional<double> due_s = schedule.due_seconds(u);
    const Clock::time_point due = due_s ? start + std::chrono::nanoseconds(std::llround(*due_s * 1e9)) : deadline;
    if (due >= deadline) {
      schedule_ended = true;
      break;
    }
    while (due > Clock::now() && !t.interrupted) {  // the drain's cancel can wake it early: wait again
      share.timer->expires_at(due);
      co_await share.timer->async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (t.interrupted) break;
    --share.remaining;
    if (pool.in_flight() >= max_in_flight)
      t.measurements.record_dropped(share.route);
    else
      pool.send_wire(share.wire, share.route, due, plan.timeout);
    u += poisson ? sample_exponential(rng, n) : n;
  }
  // A schedule that ran to the deadline lets the run end there, so rates divide by the whole duration;
  // one cut short by --requests ends the run as soon as the answers are in.
  if (!schedule_ended) t.finished();
}

}  // namespace

ArrivalSchedule schedule_of(const GenericLoadPlan& plan) {
  if (!plan.stages.empty()) return ArrivalSchedule(plan.rate.value_or(0.0), plan.stages);
  return ArrivalSchedule::constant(plan.rate.value_or(0.0), plan.duration);
}

LoadEngineOptions engine_options_for(const GenericLoadPlan& plan, TargetUrl target, std::size_t threads) {
  LoadEngineOptions o;
  o.target = std::move(target);
  o.threads = threads;
  const std::uint64_t mine = LoadShare::part(plan.connections, plan.share.count, plan.share.index);
  o.connections_per_thread = plan.open_model() ? std::max<std::uint64_t>(1, share_of(mine, threads, 0)) : 0;
  o.drain_grace = plan.timeout + std::chrono::seconds(1);  // every request gets its whole timeout
  return o;
}

LoadRun run_generic_load(LoadEngine& engine, const GenericLoadPlan& given) {
  GenericLoadPlan plan = given;  // outlives the run: the threads read it
  if (!plan.stages.empty()) {
    plan.duration = Clock::duration::zero();
    for (const RateStage& s : plan.stages) plan.duration += s.duration;
  }
  const std::size_t threads = engine.thread_count();
  std::optional<ArrivalSchedule> schedule;
  if (plan.open_model()) schedule.emplace(schedule_of(plan));
  std::vector<std::unique_ptr<ThreadShare>> shares;
  for (std::size_t i = 0; i < threads; ++i) {
    auto s = std::make_unique<ThreadShare>();
    append_request_wire(plan.request, engine.options().target.host_header(), s->wire);
    s->remaining = plan.max_requests ? LoadShare::part(*plan.max_requests, plan.share.lanes(threads), plan.share.lane(i))
                                     : std::numeric_limits<std::uint64_t>::max();
    shares.push_back(std::move(s));
  }
  return engine.run(plan.duration, [&](LoadThread& t, Clock::time_point start) {
    ThreadShare& share = *shares[t.index];
    share.route = t.measurements.route_index(plan.request.route);
    if (schedule) {
      share.timer = std::make_unique<asio::steady_timer>(t.io);
      t.on_drain.push_back([&share] { share.timer->cancel(); });
      asio::co_spawn(t.io, open_model(t, share, plan, *schedule, threads, start), rethrow_failure);
      return;
    }
    const std::uint64_t mine = LoadShare::part(plan.connections, plan.share.count, plan.share.index);
    const std::uint64_t loops = share_of(mine, threads, t.index);
    if (loops == 0 || share.remaining == 0) return t.finished();
    share.loops_running = loops;
    for (std::uint64_t c = 0; c < loops; ++c) {
      share.connections.push_back(std::make_unique<HttpConnection>(t.io.get_executor(), engine.endpoint()));
      asio::co_spawn(t.io, closed_loop(t, share, *share.connections.back(), plan.timeout), rethrow_failure);
    }
  });
}

}  // namespace slotrush::loadgen
