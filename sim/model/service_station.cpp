#include "sim/model/service_station.hpp"

#include <stdexcept>

namespace slotrush {

ServiceStation::ServiceStation(Simulation& sim, StationConfig config, Distribution service_seconds,
                               RandomStream service_stream)
    : sim_(sim),
      config_(config),
      service_(std::move(service_seconds)),
      stream_(service_stream),
      workers_(static_cast<std::size_t>(config.workers > 0 ? config.workers : 0)),
      capacity_(config.workers),
      stats_{TimeWeighted(sim.now()), TimeWeighted(sim.now()), TimeWeighted(sim.now()), {}, {}} {
  if (config.workers < 1) throw std::invalid_argument("ServiceStation: workers must be at least 1");
  idle_workers_.reserve(workers_.size());
  for (std::size_t w = workers_.size(); w > 0; --w)
    idle_workers_.push_back(static_cast<std::uint32_t>(w - 1));
}

bool ServiceStation::submit(std::uint64_t tag, JobCallback done) {
  const double seconds = service_.sample(stream_);
  return submit_with_service(tag, from_seconds(seconds > 0 ? seconds : 0.0), done);
}

bool ServiceStation::submit_with_service(std::uint64_t tag, SimTime service, JobCallback done) {
  const SimTime now = sim_.now();
  ++stats_.arrivals;
  Job job{tag, now, service, done};
  if (busy_ < capacity_ && queue_.empty()) {
    start(job);
    record_levels();
    return true;
  }
  if (would_reject()) {
    ++stats_.rejected;
    done(JobRecord{tag, now, now, now, true, false});
    return false;
  }
  ++stats_.waited;
  queue_.push_back(job);
  record_levels();
  return true;
}

void ServiceStation::start(Job job) {
  if (idle_workers_.empty()) {  // capacity was raised above the initial worker count
    idle_workers_.push_back(static_cast<std::uint32_t>(workers_.size()));
    workers_.emplace_back();
  }
  const std::uint32_t w = idle_workers_.back();
  idle_workers_.pop_back();
  ++busy_;
  const SimTime now = sim_.now();
  stats_.wait_seconds.add(to_seconds(now - job.arrived));
  workers_[w] = InService{job, now};
  sim_.schedule(job.service, EventAction::member<ServiceStation, &ServiceStation::on_complete>(this, w));
}

void ServiceStation::on_complete(std::uint64_t worker) {
  const InService done = workers_[worker];
  --busy_;
  idle_workers_.push_back(static_cast<std::uint32_t>(worker));
  const SimTime now = sim_.now();
  ++stats_.completed;
  stats_.sojourn_seconds.add(to_seconds(now - done.job.arrived));
  stats_.sojourn_ticks += now - done.job.arrived;
  start_queued();
  record_levels();
  done.job.done(JobRecord{done.job.tag, done.job.arrived, done.started, now, false, false});
}

// Takes the next job by the discipline, dropping (and reporting) those past the server timeout or
// no longer wanted by their client.
bool ServiceStation::pop_next(Job& next) {
  const SimTime now = sim_.now();
  while (!queue_.empty()) {
    if (config_.discipline == QueueDiscipline::Fifo) {
      next = queue_.front();
      queue_.pop_front();
    } else {
      next = queue_.back();
      queue_.pop_back();
    }
    const bool too_old = config_.max_queue_wait > 0 && now - next.arrived > config_.max_queue_wait;
    const bool unwanted =
        next.done.still_wanted != nullptr && !next.done.still_wanted(next.done.ctx, next.tag);
    if (!too_old && !unwanted) return true;
    ++stats_.dropped;
    next.done(JobRecord{next.tag, next.arrived, now, now, false, true});
  }
  return false;
}

void ServiceStation::start_queued() {
  Job next;
  while (busy_ < capacity_ && pop_next(next)) start(next);
}

void ServiceStation::set_capacity(int workers) {
  if (workers < 0) throw std::invalid_argument("ServiceStation: capacity must be >= 0");
  capacity_ = workers;
  start_queued();
  record_levels();
}

void ServiceStation::record_levels() {
  const SimTime now = sim_.now();
  stats_.in_queue.set(now, static_cast<double>(queue_.size()));
  stats_.busy.set(now, busy_);
  stats_.in_system.set(now, static_cast<double>(queue_.size()) + busy_);
}

void ServiceStation::reset_statistics() {
  const SimTime now = sim_.now();
  stats_.in_system.reset(now);
  stats_.in_queue.reset(now);
  stats_.busy.reset(now);
  stats_.wait_seconds.reset();
  stats_.sojourn_seconds.reset();
  stats_.arrivals = stats_.rejected = stats_.waited = stats_.completed = stats_.dropped = 0;
  stats_.sojourn_ticks = 0;
}

void ServiceStation::ServeAwaiter::await_suspend(std::coroutine_handle<> h) {
  waiter = h;
  station.submit(tag, JobCallback{[](void* ctx, const JobRecord& r) {
                                    auto* self = static_cast<ServeAwaiter*>(ctx);
                                    self->record = r;
                                    // Resume through the event set, not recursively from here.
                                    self->station.sim_.schedule(0, EventAction::resume(self->waiter));
                                  },
                                  this});
}

}  // namespace slotrush
