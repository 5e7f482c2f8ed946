// run_replications: runs R independent replications on up to `threads` threads and returns their
// results in replication order. Each replication derives its randomness from its index alone, so
// the results are identical whatever the thread count.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace slotrush {

template <class F>
auto run_replications(std::size_t replications, unsigned threads, F run_one)
    -> std::vector<decltype(run_one(std::size_t{}))> {
  using Result = decltype(run_one(std::size_t{}));
  std::vector<Result> results(replications);
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, replications));
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t r; (r = next.fetch_add(1)) < replications;) {
      try {
        results[r] = run_one(r);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::jthread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

}  // namespace slotrush
