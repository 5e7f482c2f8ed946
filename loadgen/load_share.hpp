// LoadShare: which share of a load test this process sends (`slotrush load --shard I/N`), like k6's
// execution segments. The whole test's figures (rate, --requests, --connections, --max-in-flight, the
// scenario's people) are split into N x T lanes, T the process's threads: thread t of shard I is lane
// I + N x t, and takes request (or person) u when u mod (N x T) is its lane. So shard I sends the
// requests u = I, I + N, I + 2N, ... of the unsharded schedule, and the N shards together send exactly
// the unsharded count, at the unsharded rate, whatever each shard's thread count.
#pragma once
#include <cstddef>
#include <cstdint>

namespace slotrush::loadgen {

struct LoadShare {
  std::size_t index = 0;  // I
  std::size_t count = 1;  // N

  bool sharded() const { return count > 1; }
  std::size_t lane(std::size_t thread) const { return index + count * thread; }
  std::size_t lanes(std::size_t threads) const { return count * threads; }
  // Lane `lane` of `lanes`' part of `total` (the first lanes take the remainder): the u < total with
  // u mod lanes == lane. The parts of all lanes add up to `total`.
  static std::uint64_t part(std::uint64_t total, std::size_t lanes, std::size_t lane) {
    return total / lanes + (lane < total % lanes ? 1 : 0);
  }
};

}  // namespace slotrush::loadgen
