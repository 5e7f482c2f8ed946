// LoadEngine: the load generator's machinery, shared by the generic modes and the scenario mode. It
// resolves the target once, runs N load threads (one io_context, one PooledSender and one
// RunMeasurements each: no locks on the hot path), ticks the per-second series, stops at the
// deadline, on stop() or on SIGINT/SIGTERM, lets requests in flight finish within a grace period,
// and merges what every thread measured.
//
// How a mode plugs in (the scenario mode does this with its virtual users):
//
//   LoadEngine engine({.target = parse_target_url(url), .threads = 2, .connections_per_thread = 64});
//   engine.set_series_hook([&](SeriesRow& row) { row.bookings = ...; });   // optional extra columns
//   LoadRun run = engine.run(std::chrono::minutes(5), [&](LoadThread& t, Clock::time_point start) {
//     // called once on each load thread, on its io_context, before any request: spawn the work
//     t.on_drain.push_back([&] { /* cancel this thread's timers: the run is stopping */ });
//     co_spawn(t.io, my_users(t.sender(), start), detached);   // t.sender() is a RequestSender&
//     // when this thread will start no more requests: t.finished();
//   });
//   RunResult kpis = measured_run_result(run);   // loadgen/load_report.hpp; then set scenario KPIs
//
// Requests are sent with RequestSender::send from the thread's io_context only; the result reaches
// `done` on the same thread after the attempt is recorded in t.measurements.
#pragma once
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "loadgen/pooled_sender.hpp"
#include "loadgen/run_measurements.hpp"
#include "loadgen/series_accumulator.hpp"
#include "loadgen/target_url.hpp"

namespace slotrush::loadgen {

struct LoadEngineOptions {
  TargetUrl target;
  std::size_t threads = 1;
  std::size_t connections_per_thread = 64;  // the PooledSender's pool; closed loops bring their own
  // After the deadline, how long requests in flight may take to finish before they are abandoned.
  Clock::duration drain_grace = std::chrono::seconds(5);
  bool stop_on_signals = true;  // SIGINT/SIGTERM end the run cleanly (a second one: at once)
  // When the run starts (threads wait for it): an instant agreed with a server or other load runs,
  // so their scaled clocks coincide. Default: now.
  std::optional<Clock::time_point> origin;
  // With an origin: how late this process may be ready for it. Later, run() throws
  // std::invalid_argument naming --start-at-wall (shards of one test must start together).
  std::optional<Clock::duration> late_start_tolerance;
  // Keep each second's merged tallies in LoadRun::seconds (a load shard's file needs them).
  bool keep_seconds = false;
};

// One load thread's state. Everything in it is used only on that thread, from inside `io`.
struct LoadThread {
  std::size_t index = 0;
  // First member: destroyed last, after the sockets that use it. One thread runs it and only that
  // thread touches its sockets, so their operations need no lock (posting from others still may).
  boost::asio::io_context io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
  RunMeasurements measurements;
  std::unique_ptr<PooledSender> pool;
  bool draining = false;                        // true once the run stops taking new work
  bool interrupted = false;                     // ... because of a signal, not because the duration ended
  std::vector<std::function<void()>> on_drain;  // run on this thread when draining starts
  std::function<void()> finished;               // call when this thread will start no more requests

  RequestSender& sender() { return *pool; }
};

// What a run measured, all threads merged.
struct LoadRun {
  RunMeasurements totals;
  std::vector<SeriesRow> series;
  Clock::duration elapsed{};  // from the start until the run stopped taking new work
  bool interrupted = false;   // stopped by a signal or stop() before its deadline
  std::uint64_t unfinished = 0;  // requests still in flight when the drain grace ran out
  std::vector<SecondTally> seconds;  // behind `series`, with LoadEngineOptions::keep_seconds only
};

class LoadEngine {
 public:
  using ThreadStart = std::function<void(LoadThread&, Clock::time_point start)>;

  // Resolves the target; throws std::runtime_error if the host cannot be resolved.
  explicit LoadEngine(LoadEngineOptions options);
  ~LoadEngine();

  std::size_t thread_count() const { return threads_.size(); }
  LoadThread& thread(std::size_t i) { return *threads_[i]; }
  const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }
  const LoadEngineOptions& options() const { return options_; }

  // Set before run(): called with each finished series row.
  void set_series_hook(SeriesAccumulator::RowHook hook) { series_hook_ = std::move(hook); }
  // Add before run(): called on each load thread with its state once a second (after the series
  // tick, while not draining) and once more when the thread has stopped, when its measurements are
  // final. The Prometheus export publishes from here (loadgen/metrics_exporter.hpp).
  using TickHook = std::function<void(LoadThread&)>;
  void add_tick_hook(TickHook hook) { tick_hooks_.push_back(std::move(hook)); }

  // Blocks: starts every thread with `start_thread`, runs until `duration` has passed, every thread
  // called finished(), stop() was called or a signal came; then drains and merges. Call once.
  LoadRun run(Clock::duration duration, const ThreadStart& start_thread);

  // Thread-safe: ends the run as if its deadline had come.
  void stop();

 private:
  LoadEngineOptions options_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::vector<std::unique_ptr<LoadThread>> threads_;
  SeriesAccumulator::RowHook series_hook_;
  std::vector<TickHook> tick_hooks_;
  boost::asio::io_context control_{1};
  std::atomic<bool> stop_requested_{false};
  std::function<void()> stop_handler_;  // set during run(), used on control_'s thread only
};

}  // namespace slotrush::loadgen
