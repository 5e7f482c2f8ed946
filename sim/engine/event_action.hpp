// EventAction: what happens when an event fires, as a plain function pointer, a target and a tag.
// 24 bytes, no allocation and no type erasure machinery, so the pending-event set stays compact.
#pragma once
#include <coroutine>
#include <cstdint>

namespace slotrush {

struct EventAction {
  void (*fire)(void* target, std::uint64_t tag) = nullptr;
  void* target = nullptr;
  std::uint64_t tag = 0;

  void operator()() const { fire(target, tag); }

  // An action that calls `(obj->*Method)(tag)`.
  template <class T, void (T::*Method)(std::uint64_t)>
  static EventAction member(T* obj, std::uint64_t tag = 0) {
    return {[](void* t, std::uint64_t g) { (static_cast<T*>(t)->*Method)(g); }, obj, tag};
  }

  // An action that resumes a suspended coroutine (its target is the coroutine's frame).
  static void resume_frame(void* frame, std::uint64_t) { std::coroutine_handle<>::from_address(frame).resume(); }
  static EventAction resume(std::coroutine_handle<> h) { return {&resume_frame, h.address(), 0}; }
  bool resumes_coroutine() const { return fire == &resume_frame; }
};

// A hint the pending set gives a model about events that will fire soon (a bucket or so ahead),
// so the model can prefetch the state those events will touch while earlier events run. Only a
// hint: it may name events that are later cancelled, and it says nothing about their order.
struct LookaheadHint {
  void (*fn)(void* ctx, const EventAction& upcoming) = nullptr;
  void* ctx = nullptr;
  explicit operator bool() const { return fn != nullptr; }
};

}  // namespace slotrush
