// FenwickTree: counts over positions 0..size()-1 with O(log n) point update, prefix sum and
// "find the k-th counted position"; push_back grows it in O(log n). The waiting room keeps one 0/1
// count per queue sequence number in it, so a client's queue position is one prefix sum.
// Not thread-safe.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace slotrush {

class FenwickTree {
 public:
  std::size_t size() const { return tree_.size(); }
  std::int64_t total() const { return total_; }

  // Appends a position with count `value`.
  void push_back(std::int64_t value) {
    const std::size_t i = tree_.size() + 1;  // 1-based index of the new position
    // Node i covers (i - lowbit(i), i]: its own value plus the already-built range before it.
    const std::size_t low = i - (i & (~i + 1));
    tree_.push_back(value + prefix_sum(i - 1) - prefix_sum(low));
    total_ += value;
  }

  void add(std::size_t position, std::int64_t delta) {
    for (std::size_t i = position + 1; i <= tree_.size(); i += i & (~i + 1)) tree_[i - 1] += delta;
    total_ += delta;
  }

  // Sum of the counts at positions [0, end).
  std::int64_t prefix_sum(std::size_t end) const {
    std::int64_t sum = 0;
    for (std::size_t i = end; i > 0; i -= i & (~i + 1)) sum += tree_[i - 1];
    return sum;
  }

  // The smallest position p with prefix_sum(p + 1) >= k, for 1 <= k <= total() and counts >= 0.
  std::size_t find_kth(std::int64_t k) const {
    if (k < 1 || k > total_) throw std::out_of_range("FenwickTree::find_kth: k out of range");
    std::size_t pos = 0;  // 1-based index of the last node known to sum to < k
    std::size_t step = 1;
    while (step * 2 <= tree_.size()) step *= 2;
    for (; step > 0; step /= 2) {
      if (pos + step <= tree_.size() && tree_[pos + step - 1] < k) {
        pos += step;
        k -= tree_[pos - 1];
      }
    }
    return pos;  // the answer is 1-based node pos + 1, which is 0-based position pos
  }

  void clear() {
    tree_.clear();
    total_ = 0;
  }

 private:
  std::vector<std::int64_t> tree_;  // 1-based node i stored at tree_[i - 1]
  std::int64_t total_ = 0;
};

}  // namespace slotrush
