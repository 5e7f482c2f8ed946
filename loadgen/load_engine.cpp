#include "loadgen/load_engine.hpp"

#include <csignal>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include "loadgen/coroutine_failure.hpp"
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/core.h>

namespace slotrush::loadgen {
namespace {

namespace asio = boost::asio;
using boost::system::error_code;

asio::ip::tcp::endpoint resolve(const TargetUrl& target) {
  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  error_code ec;
  const auto results = resolver.resolve(target.host, std::to_string(target.port), ec);
  if (ec || results.empty())
    throw std::runtime_error("cannot resolve the target host '" + target.host + "': " + ec.message());
  return results.begin()->endpoint();
}

}  // namespace

LoadEngine::LoadEngine(LoadEngineOptions options) : options_(std::move(options)) {
  if (options_.threads == 0) throw std::invalid_argument("LoadEngine: threads must be at least 1");
  endpoint_ = resolve(options_.target);
  const std::string host = options_.target.host_header();
  for (std::size_t i = 0; i < options_.threads; ++i) {
    auto t = std::make_unique<LoadThread>();
    t->index = i;
    t->pool = std::make_unique<PooledSender>(t->io, endpoint_, host, options_.connections_per_thread,
                                             t->measurements);
    t->finished = [] {};
    threads_.push_back(std::move(t));
  }
}

LoadEngine::~LoadEngine() = default;

void LoadEngine::stop() {
  stop_requested_ = true;
  asio::post(control_, [this] {
    if (stop_handler_) stop_handler_();
  });
}

LoadRun LoadEngine::run(Clock::duration duration, const ThreadStart& start_thread) {
  const std::size_t n = threads_.size();
  SeriesAccumulator series(n, series_hook_, options_.keep_seconds);
  LoadRun result;
  const Clock::time_point ready = Clock::now();
  if (options_.origin && options_.late_start_tolerance && ready > *options_.origin + *options_.late_start_tolerance)
    throw std::invalid_argument(fmt::format(
        "--start-at-wall: found an instant {:.1f} s past when this process was ready to send; allowed: an instant far "
        "enough ahead for every shard to start (a longer lead)", std::chrono::duration<double>(ready - *options_.origin).count()));
  const Clock::time_point start = std::max(ready, options_.origin.value_or(ready));

  // The control loop runs on the caller's thread: deadline, signals, drain grace, thread ends.
  control_.restart();
  asio::steady_timer deadline(control_, start + duration);
  asio::steady_timer grace(control_);
  asio::signal_set signals(control_);
  if (options_.stop_on_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
  }
  std::optional<Clock::time_point> drain_started;
  std::size_t threads_done = 0, threads_finished = 0;
  std::vector<asio::steady_timer*> tickers(n, nullptr);

  auto force_stop = [&] {
    for (auto& t : threads_) t->io.stop();
  };
  auto begin_drain = [&](bool interrupted) {
    if (drain_started) return;
    drain_started = Clock::now();
    result.interrupted = interrupted;
    deadline.cancel();
    for (std::size_t i = 0; i < n; ++i)
      asio::post(threads_[i]->io, [t = threads_[i].get(), ticker = &tickers[i], interrupted] {
        t->draining = true;
        t->interrupted = interrupted;
        for (auto& hook : t->on_drain) hook();
        if (*ticker) (*ticker)->cancel();
      });
    grace.expires_after(options_.drain_grace);
    grace.async_wait([&](error_code ec) {
      if (!ec) force_stop();
    });
  };
  stop_handler_ = [&] { begin_drain(true); };
  deadline.async_wait([&](error_code ec) {
    if (!ec) begin_drain(false);
  });
  std::function<void(error_code, int)> on_signal = [&](error_code ec, int) {
    if (ec) return;
    if (drain_started) return force_stop();  // a second signal: stop at once
    begin_drain(true);
    signals.async_wait(on_signal);
  };
  if (options_.stop_on_signals) signals.async_wait(on_signal);
  if (stop_requested_) begin_drain(true);

  std::mutex failure_mutex;
  std::exception_ptr failure;
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < n; ++i) {
    LoadThread* t = threads_[i].get();
    t->finished = [&] {
      asio::post(control_, [&] {
        if (++threads_finished == n) begin_drain(false);
      });
    };
    workers.emplace_back([&, t, i] {
      asio::steady_timer ticker(t->io);
      std::size_t second = 0;
      asio::post(t->io, [&] {
        tickers[i] = &ticker;
        if (t->draining) return;
        start_thread(*t, start);
        // The series tick: one report per second, aligned to the run's start.
        asio::co_spawn(
            t->io,
            [&]() -> asio::awaitable<void> {
              for (;;) {
                ticker.expires_at(start + std::chrono::seconds(second + 1));
                auto [ec] = co_await ticker.async_wait(asio::as_tuple(asio::use_awaitable));
                if (ec || t->draining) co_return;
                series.add(second, t->measurements.interval(), t->measurements.in_flight);
                t->measurements.interval().reset();
                ++second;
                for (const TickHook& hook : tick_hooks_) hook(*t);
              }
            },
            rethrow_failure);
      });
      try {
        t->io.run();
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        asio::post(control_, force_stop);
      }
      series.add(second, t->measurements.interval(), t->measurements.in_flight);
      t->measurements.interval().reset();
      for (const TickHook& hook : tick_hooks_) hook(*t);
      asio::post(control_, [&] {
        if (++threads_done < n) return;
        if (!drain_started) drain_started = Clock::now();
        deadline.cancel();
        grace.cancel();
        signals.cancel();
      });
    });
  }
  control_.run();
  for (auto& w : workers) w.join();
  stop_handler_ = nullptr;
  if (failure) std::rethrow_exception(failure);

  for (auto& t : threads_) {
    t->finished = [] {};
    result.totals.merge(t->measurements);
  }
  result.unfinished = result.totals.in_flight;
  result.series = series.finish();
  result.seconds = series.finish_seconds();
  result.elapsed = *drain_started - start;
  return result;
}

}  // namespace slotrush::loadgen
