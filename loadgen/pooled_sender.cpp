#include "loadgen/pooled_sender.hpp"

#include <cstdio>
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include "loadgen/coroutine_failure.hpp"

#include "loadgen/request_wire.hpp"

namespace slotrush::loadgen {

PooledSender::PooledSender(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint,
                           std::string host, std::size_t connections, RunMeasurements& measurements)
    : io_(io), host_(std::move(host)), measurements_(measurements), deadline_timer_(io) {
  for (std::size_t i = 0; i < connections; ++i) {
    connections_.push_back(std::make_unique<HttpConnection>(io.get_executor(), endpoint));
    idle_.push_back(connections - 1 - i);  // pop_back hands out connection 0 first
  }
}

void PooledSender::send(HttpRequest request, Clock::time_point intended_start, Clock::duration timeout,
                        Done done) {
  Pending p;
  append_request_wire(request, host_, p.own_wire);
  p.route = measurements_.route_index(request.route);
  p.intended = intended_start;
  p.timeout = timeout;
  p.deadline = intended_start + timeout;
  p.done = std::move(done);
  enqueue(std::move(p));
}

void PooledSender::send_wire(const std::string& wire, std::size_t route, Clock::time_point intended_start,
                             Clock::duration timeout) {
  Pending p;
  p.wire = &wire;
  p.route = route;
  p.intended = intended_start;
  p.timeout = timeout;
  enqueue(std::move(p));
}

void PooledSender::enqueue(Pending pending) {
  ++measurements_.in_flight;
  queue_.push_back(std::move(pending));
  if (idle_.empty()) return watch_deadlines();  // a busy connection takes it when it finishes
  const std::size_t connection = idle_.back();
  idle_.pop_back();
  boost::asio::co_spawn(io_, drain_queue(connection), rethrow_failure);
}

boost::asio::awaitable<void> PooledSender::drain_queue(std::size_t index) {
  HttpConnection& connection = *connections_[index];
  while (!queue_.empty()) {
    Pending p = std::move(queue_.front());
    queue_.pop_front();
    Clock::duration timeout = p.timeout;
    if (p.deadline) {
      const Clock::time_point now = Clock::now();
      if (now >= *p.deadline) {
        expire(std::move(p), now);
        continue;
      }
      timeout = *p.deadline - now;
    }
    const std::string& wire = p.wire ? *p.wire : p.own_wire;
    connection.capture().keep_body = static_cast<bool>(p.done);
    measurements_.record_sent(p.route);
    const ExchangeResult r = co_await connection.exchange(wire, timeout);
    const Clock::time_point ended = Clock::now();
    measurements_.record(p.route, r.outcome, p.intended, r.sent_at, ended);
    --measurements_.in_flight;
    if (!p.done) continue;
    HttpResult result;
    result.outcome = r.outcome;
    result.status = connection.capture().status;
    result.body = std::move(connection.capture().body);
    result.retry_after = connection.capture().retry_after;
    result.latency = ended - p.intended;
    result.service_time = ended - r.sent_at;
    finish(p, result);
  }
  connection.release_timer();
  idle_.push_back(index);
}

void PooledSender::expire(Pending p, Clock::time_point now) {
  measurements_.record(p.route, Outcome::timeout, p.intended, now, now);
  --measurements_.in_flight;
  if (!p.done) return;
  HttpResult result;
  result.outcome = Outcome::timeout;
  result.latency = now - p.intended;
  finish(p, result);
}

void PooledSender::watch_deadlines() {
  if (deadline_timer_armed_ || queue_.empty() || !queue_.front().deadline) return;
  deadline_timer_armed_ = true;
  deadline_timer_.expires_at(*queue_.front().deadline);
  deadline_timer_.async_wait([this](const boost::system::error_code& ec) {
    deadline_timer_armed_ = false;
    if (ec) return;
    const Clock::time_point now = Clock::now();
    // The FIFO is nearly in deadline order (intended starts rise, timeouts are alike): expiring the
    // late front is enough; a late entry further back is expired when a connection takes it.
    while (!queue_.empty() && queue_.front().deadline && *queue_.front().deadline <= now) {
      Pending p = std::move(queue_.front());
      queue_.pop_front();
      expire(std::move(p), now);
    }
    watch_deadlines();
  });
}

void PooledSender::finish(Pending& p, const HttpResult& result) {
  try {
    p.done(result);
  } catch (const std::exception& e) {  // exceptions do not cross the event loop
    std::fprintf(stderr, "slotrush load: a response handler failed: %s\n", e.what());
  }
}

}  // namespace slotrush::loadgen
