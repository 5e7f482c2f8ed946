// rethrow_failure: the completion handler for the load generator's spawned coroutines. Asio's
// `detached` drops a coroutine's exception, so a broken client or ticker would end silently and the
// run would report less load than it sent; rethrown, it ends the thread's io.run() and the run fails
// with the error (LoadEngine records it).
#pragma once
#include <exception>

namespace slotrush::loadgen {

inline void rethrow_failure(const std::exception_ptr& failure) {
  if (failure) std::rethrow_exception(failure);
}

}  // namespace slotrush::loadgen
