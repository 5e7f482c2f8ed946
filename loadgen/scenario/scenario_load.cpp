#include "loadgen/scenario/scenario_load.hpp"

#include <stdexcept>
#include <utility>

#include <boost/asio/post.hpp>

namespace slotrush::loadgen {

ScenarioLoad::ScenarioLoad(const PopulationPlan& plan, const std::vector<Thread>& threads, LoadShare share)
    : plan_(plan), threads_(threads) {
  if (threads_.empty()) throw std::invalid_argument("ScenarioLoad: needs at least one thread");
  for (std::size_t i = 0; i < threads_.size(); ++i) {
    if (threads_[i].sender == nullptr) throw std::invalid_argument("ScenarioLoad: thread " + std::to_string(i) + " has no sender");
    shards_.push_back(std::make_unique<VirtualUserShard>(plan_, share.lane(i), share.lanes(threads_.size()), threads_[i].executor, *threads_[i].sender));
  }
}

ScenarioLoad::~ScenarioLoad() = default;

void ScenarioLoad::start(std::function<void()> on_finished) {
  on_finished_ = std::move(on_finished);
  origin_ = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < shards_.size(); ++i)
    boost::asio::post(threads_[i].executor, [this, i] {
      shards_[i]->start(origin_, [this] {
        if (finished_shards_.fetch_add(1) + 1 == shards_.size() && on_finished_) on_finished_();
      });
    });
}

void ScenarioLoad::start_thread(std::size_t i, std::chrono::steady_clock::time_point origin,
                                std::function<void()> finished) {
  shards_.at(i)->start(origin, [this, finished = std::move(finished)] {
    finished_shards_.fetch_add(1);
    if (finished) finished();
  });
}

void ScenarioLoad::stop() {
  for (std::size_t i = 0; i < shards_.size(); ++i)
    boost::asio::post(threads_[i].executor, [this, i] { shards_[i]->stop(); });
}

ScenarioCounters ScenarioLoad::counters() const {
  ScenarioCounters all;
  for (const auto& shard : shards_) all.merge(shard->counters());
  return all;
}

std::size_t ScenarioLoad::memory_bytes() const {
  std::size_t bytes = plan_.people().capacity() * sizeof(PlannedPerson);
  for (const auto& shard : shards_) bytes += shard->memory_bytes() + sizeof(VirtualUserShard);
  return bytes;
}

}  // namespace slotrush::loadgen
