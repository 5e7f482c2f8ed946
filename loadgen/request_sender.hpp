// The seam between what to send and how it is sent: the scenario's virtual users hand requests to a
// RequestSender; the engine's pooled keep-alive connections implement it (tests use a fake).
#pragma once
#include <chrono>
#include <functional>

#include "loadgen/http_request.hpp"

namespace slotrush::loadgen {

class RequestSender {
 public:
  using Clock = std::chrono::steady_clock;
  using Done = std::function<void(const HttpResult&)>;

  virtual ~RequestSender() = default;

  // Sends `request` as soon as a connection is free. `intended_start` is when the schedule wanted it
  // sent (latency is measured from there). The attempt's deadline is `intended_start + timeout`, as a
  // phone's timeout runs from the tap: time spent waiting inside the sender for a free connection
  // counts against it (before the scenario mode relied on this, the timeout ran from the actual
  // send, so a small pool hid the freeze inside the generator). A request still waiting at its
  // deadline ends as Outcome::timeout without being sent; one sent later gets what is left.
  // `done` is called exactly once, on the sender's executor, with the classified result; the sender
  // records the attempt in its measurements before calling it.
  virtual void send(HttpRequest request, Clock::time_point intended_start, Clock::duration timeout,
                    Done done) = 0;
};

}  // namespace slotrush::loadgen
