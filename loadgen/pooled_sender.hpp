// PooledSender: the engine's RequestSender for one load thread: a fixed pool of keep-alive
// HttpConnections on that thread's io_context, a FIFO of requests waiting for a free connection, and
// every attempt recorded in the thread's RunMeasurements before `done` runs. Latency counts from the
// intended start, so time spent waiting for a connection shows up (coordinated omission corrected).
// send() (the RequestSender seam) times an attempt out at intended start + timeout, including the
// wait for a connection: a request whose deadline passes in the FIFO ends as a timeout, never sent
// (a timer at the queue front's deadline). send_wire() (the generic modes) keeps --timeout from the
// actual send. Use it only from its io_context's thread.
#pragma once
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "loadgen/http_connection.hpp"
#include "loadgen/request_sender.hpp"
#include "loadgen/run_measurements.hpp"

namespace slotrush::loadgen {

class PooledSender final : public RequestSender {
 public:
  PooledSender(boost::asio::io_context& io, boost::asio::ip::tcp::endpoint endpoint, std::string host,
               std::size_t connections, RunMeasurements& measurements);

  // RequestSender: the request is serialized here; `done` gets status, body and Retry-After.
  void send(HttpRequest request, Clock::time_point intended_start, Clock::duration timeout,
            Done done) override;

  // The generic modes' path: a ready-made request (which must outlive the attempt) under a route
  // index of the measurements; nothing is copied and no callback runs.
  void send_wire(const std::string& wire, std::size_t route, Clock::time_point intended_start,
                 Clock::duration timeout);

  // Requests accepted and not finished: waiting for a connection or on the wire.
  std::size_t in_flight() const { return measurements_.in_flight; }
  std::size_t connections() const { return connections_.size(); }
  const std::string& host() const { return host_; }

 private:
  struct Pending {
    std::string own_wire;              // the scenario mode's request, serialized
    const std::string* wire = nullptr; // what to write: &own_wire or the generic mode's buffer
    std::size_t route = 0;
    Clock::time_point intended;
    Clock::duration timeout{};         // from the actual send (send_wire), unless a deadline is set
    std::optional<Clock::time_point> deadline;  // send(): intended start + timeout, queue wait included
    Done done;                         // empty in the generic modes
  };

  void enqueue(Pending pending);
  boost::asio::awaitable<void> drain_queue(std::size_t connection);
  // Ends `p` as a timeout without sending it: its deadline passed while it waited for a connection.
  void expire(Pending p, Clock::time_point now);
  // Keeps a timer at the queue front's deadline; when it fires, expires the front while it is late.
  void watch_deadlines();
  void finish(Pending& p, const HttpResult& result);

  boost::asio::io_context& io_;
  std::string host_;
  RunMeasurements& measurements_;
  std::vector<std::unique_ptr<HttpConnection>> connections_;
  std::vector<std::size_t> idle_;  // indices of connections with no exchange running
  std::deque<Pending> queue_;
  boost::asio::steady_timer deadline_timer_;
  bool deadline_timer_armed_ = false;
};

}  // namespace slotrush::loadgen
