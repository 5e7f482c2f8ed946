// Process: the return type of a coroutine that models behaviour over virtual time, e.g.
//   Process registrant(Simulation& sim) { co_await sim.delay(30 * kSecond); ... }
//   sim.spawn(registrant(sim));
// A process is owned by the Simulation once spawned; its frame is freed when the body returns,
// or by the Simulation's destructor if the run ends while it is still suspended.
#pragma once
#include <coroutine>
#include <cstddef>
#include <exception>
#include <utility>

namespace slotrush {

class Simulation;

class Process {
 public:
  struct promise_type {
    Simulation* sim = nullptr;
    promise_type* prev = nullptr;
    promise_type* next = nullptr;

    Process get_return_object() {
      return Process{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    struct FinalAwaiter {
      bool await_ready() const noexcept { return false; }
      void await_suspend(std::coroutine_handle<promise_type> h) noexcept;
      void await_resume() const noexcept {}
    };
    FinalAwaiter final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept;

    // Frames come from a size-class free list: many short-lived processes, no malloc per process.
    static void* operator new(std::size_t size);
    static void operator delete(void* p, std::size_t size) noexcept;
  };

  Process(Process&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process& operator=(Process&&) = delete;
  ~Process() {
    if (handle_) handle_.destroy();  // never spawned
  }

 private:
  friend class Simulation;
  explicit Process(std::coroutine_handle<promise_type> h) : handle_(h) {}
  std::coroutine_handle<promise_type> release() { return std::exchange(handle_, {}); }

  std::coroutine_handle<promise_type> handle_;
};

}  // namespace slotrush
