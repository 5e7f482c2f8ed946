// ClientPresence: whether the client that sent the request being handled is still connected, as its
// connection's session can tell. Nobody watches by default (the fast path costs nothing): a handler
// that is about to wait (for a worker, or for its service time) calls watch(), and the session keeps
// a read in flight on the socket until the answer is ready; end-of-file or a reset on it means the
// client has gone (a client that half-closes its side while still reading counts as gone too).
// Bytes a pipelining client sends meanwhile are kept for the next request. on_gone() lets a waiter
// be woken when the client goes (drop-if-abandoned). One per connection; touched only on the
// connection's executor, so it needs no lock.
#pragma once
#include <functional>
#include <utility>

namespace slotrush::mock {

class ClientPresence {
 public:
  ClientPresence() = default;
  // `start_watching` is the session's: it starts the read that watches the socket (idempotent).
  explicit ClientPresence(std::function<void()> start_watching) : start_watching_(std::move(start_watching)) {}

  bool gone() const { return gone_; }
  void watch() {
    if (!gone_ && start_watching_) start_watching_();
  }
  // Runs `wake` once if the client goes while it is registered; replaces the previous one.
  void on_gone(std::function<void()> wake) { wake_ = std::move(wake); }
  void clear_on_gone() { wake_ = nullptr; }

  // The session's side: the read side ended while a request was pending.
  void mark_gone() {
    if (gone_) return;
    gone_ = true;
    if (auto wake = std::exchange(wake_, nullptr)) wake();
  }

 private:
  std::function<void()> start_watching_;
  std::function<void()> wake_;
  bool gone_ = false;
};

}  // namespace slotrush::mock
