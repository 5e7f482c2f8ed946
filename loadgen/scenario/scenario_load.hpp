// ScenarioLoad: the scenario mode of `slotrush load SCENARIO`: the plan's virtual users split over the
// engine's threads (person i runs on thread i mod N), each thread's share driven by a
// VirtualUserShard over that thread's RequestSender and executor. Finishes when every user is done,
// at the plan's run end (--duration), or on stop(); then the shards' counters are merged.
//
// Use (the engine owns the io_contexts and the senders):
//
//   PopulationPlan plan(scenario, scaling);            // LoadScaling from --time-scale etc.
//   std::vector<ScenarioLoad::Thread> threads;         // one per engine thread
//   for (i...) threads.push_back({io[i].get_executor(), &sender[i]});
//   ScenarioLoad load(plan, threads);
//   load.start([&] { for (auto& c : io) c.stop(); });  // on_finished: once, on some shard's thread
//   ... run each io_context on its thread; on SIGINT call load.stop() ...
//   join the threads; then: ScenarioCounters c = load.counters(); load.fill(run_result);
//
// start() and stop() may be called from any thread (they post to each shard's executor).
// counters(), fill() and memory_bytes() only once finished() or after the threads have stopped.
#pragma once
#include <atomic>
#include <chrono>
#include "loadgen/load_share.hpp"
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "loadgen/request_sender.hpp"
#include "loadgen/scenario/population_plan.hpp"
#include "loadgen/scenario/scenario_counters.hpp"
#include "loadgen/scenario/virtual_user_shard.hpp"

namespace slotrush::loadgen {

class ScenarioLoad {
 public:
  struct Thread {
    boost::asio::any_io_executor executor;
    RequestSender* sender = nullptr;
  };

  // Throws std::invalid_argument when `threads` is empty or a sender is missing.
  // `share`: this process's part of a sharded test; thread i's users are lane share.lane(i)'s people
  // (person p when p mod share.lanes(threads) is the lane, loadgen/load_share.hpp).
  ScenarioLoad(const PopulationPlan& plan, const std::vector<Thread>& threads, LoadShare share = {});
  ~ScenarioLoad();

  // Starts every shard now (the run's wall origin); `on_finished` is called once, when the last
  // shard has finished, on that shard's thread.
  void start(std::function<void()> on_finished);
  void stop();

  // For an engine that starts each thread itself (LoadEngine::run's ThreadStart): starts shard `i`,
  // called on thread i's executor with the run's common start time; `finished` is called there once
  // the shard is done. stop_thread(i), also on thread i, ends it early (the engine's on_drain).
  void start_thread(std::size_t i, std::chrono::steady_clock::time_point origin, std::function<void()> finished);
  void stop_thread(std::size_t i) { shards_.at(i)->stop(); }

  bool finished() const { return finished_shards_.load() == shards_.size(); }
  // Thread i's shard; read it only on thread i (or after the threads stopped).
  const VirtualUserShard& shard(std::size_t i) const { return *shards_.at(i); }
  ScenarioCounters counters() const;
  void fill(RunResult& result) const { fill_run_result(counters(), result); }
  std::size_t memory_bytes() const;
  // The wall start of a run begun with start() (not with start_thread).
  std::chrono::steady_clock::time_point origin() const { return origin_; }

 private:
  const PopulationPlan& plan_;
  std::vector<Thread> threads_;
  std::vector<std::unique_ptr<VirtualUserShard>> shards_;
  std::atomic<std::size_t> finished_shards_{0};
  std::function<void()> on_finished_;
  std::chrono::steady_clock::time_point origin_{};
};

}  // namespace slotrush::loadgen
