#include "mock/mock_server.hpp"

#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>

#include <boost/asio/signal_set.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <prometheus/exposer.h>

namespace slotrush::mock {

namespace {

const char* strategy_name(AllocationStrategy s) {
  switch (s) {
    case AllocationStrategy::FirstComeRace: return "first_come_race";
    case AllocationStrategy::Lottery: return "lottery";
    case AllocationStrategy::WeightedLottery: return "weighted_lottery";
  }
  return "unknown";
}

std::int64_t system_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch()).count();
}

// The run's clock: from the ledger's start record when it has one, else a new run (recorded).
std::unique_ptr<ScaledClock> run_clock(const Scenario& scenario, MockServerOptions& o, BookingLedger* ledger) {
  if (ledger)
    for (const nlohmann::json& r : ledger->contents().records)
      if (r.value("op", "") == "start") {
        const double scale = r.at("time_scale").get<double>();
        if (scale != o.time_scale)
          std::fprintf(stderr, "slotrush serve: the ledger's run uses --time-scale %g; continuing with it\n", scale);
        o.time_scale = scale;
        const auto elapsed = static_cast<double>(system_now_ns() - r.at("wall_epoch_ns").get<std::int64_t>());
        return std::make_unique<ScaledClock>(r.at("sim_start").get<SimTime>() + static_cast<SimTime>(elapsed * scale),
                                             scale);
      }
  const SimTime start = o.start_at.value_or(default_live_start(scenario));
  if (ledger)
    ledger->append({{"op", "start"}, {"scenario", scenario.name}, {"wall_epoch_ns", system_now_ns()},
                    {"sim_start", start}, {"time_scale", o.time_scale}});
  return std::make_unique<ScaledClock>(start, o.time_scale, o.origin.value_or(ScaledClock::steady::now()));
}

}  // namespace

boost::asio::ip::tcp::endpoint parse_endpoint(const std::string& text) {
  const auto colon = text.rfind(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    const int port = std::stoi(text.substr(colon + 1));
    if (port < 0 || port > 65535) throw std::invalid_argument("port out of range");
    return {boost::asio::ip::make_address(text.substr(0, colon)), static_cast<unsigned short>(port)};
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + text + "' is not an address:port such as 127.0.0.1:8080");
  }
}

MockServer::MockServer(const Scenario& scenario, MockServerOptions options) : options_(std::move(options)) {
  if (options_.ledger) {
    ledger_ = std::make_unique<BookingLedger>(*options_.ledger);
    for (const std::string& w : ledger_->contents().warnings) std::fprintf(stderr, "slotrush serve: warning: %s\n", w.c_str());
  }
  clock_ = run_clock(scenario, options_, ledger_.get());
  bookings_ = std::make_unique<BookingService>(scenario, options_.max_registrants, ledger_.get());
  capacity_ = std::make_unique<CapacityEmulator>(scenario.server, *clock_, RandomStream(scenario.seed, "mock-capacity"));
  tokens_ = std::make_unique<BearerToken>(std::random_device{}() * 0x100000001ULL ^ std::random_device{}());
  metrics_ = std::make_unique<MockMetrics>([this] { return state_metrics(); });
  http_ = std::make_unique<HttpServer>(
      options_.limits, make_api_router(ApiContext{*bookings_, *capacity_, *clock_, *tokens_, *metrics_}),
      options_.threads);
  endpoint_ = http_->listen(parse_endpoint(options_.listen));
  if (options_.metrics) {
    exposer_ = std::make_unique<prometheus::Exposer>(*options_.metrics);
    for (const auto& c : metrics_->collectables()) exposer_->RegisterCollectable(c);
  }
}

MockServer::~MockServer() {
  // Threads first, then the queued waiters (their timers need the io_context's timer service), then
  // the members: the io_context with the coroutine frames still pending, the emulator after it.
  if (http_) http_->stop();
  if (capacity_) capacity_->release_waiters();
}

std::optional<int> MockServer::metrics_port() const {
  if (!exposer_ || exposer_->GetListeningPorts().empty()) return std::nullopt;
  return exposer_->GetListeningPorts().front();
}

void MockServer::start() { http_->start(); }

void MockServer::run_until_signal() {
  boost::asio::signal_set signals(http_->context(), SIGTERM, SIGINT);
  signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) http_->drain();
  });
  start();
  std::printf("slotrush serve: listening on %s:%u\n", endpoint_.address().to_string().c_str(), endpoint_.port());
  if (auto port = metrics_port()) std::printf("slotrush serve: metrics on port %d\n", *port);
  std::fflush(stdout);
  wait();
}

std::vector<prometheus::MetricFamily> MockServer::state_metrics() const {
  using Values = std::vector<std::pair<std::string, double>>;
  Values depth, busy, workers, utilisation, served, work, abandoned_work, abandoned_queued, abandoned_in_service;
  const auto seconds = [](std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); };
  for (const TierLoad& t : capacity_->loads()) {
    depth.emplace_back(t.name, static_cast<double>(t.queued));
    busy.emplace_back(t.name, t.busy);
    workers.emplace_back(t.name, t.workers);
    utilisation.emplace_back(t.name, t.workers > 0 ? static_cast<double>(t.busy) / t.workers : 1.0);
    served.emplace_back(t.name, static_cast<double>(t.served));
    work.emplace_back(t.name, seconds(t.work));
    abandoned_work.emplace_back(t.name, seconds(t.abandoned_work));
    abandoned_queued.emplace_back(t.name, static_cast<double>(t.abandoned_queued));
    abandoned_in_service.emplace_back(t.name, static_cast<double>(t.abandoned_in_service));
  }
  prometheus::MetricFamily abandoned = counter_family(
      "slotrush_abandoned_requests_total",
      "Requests whose client closed the connection before the answer, by tier and by where the request was then "
      "(queued: waiting for a worker; in_service: being served)",
      "tier", abandoned_queued);
  for (auto& m : abandoned.metric) m.label.push_back({"stage", "queued"});
  for (auto& m : counter_family("", "", "tier", abandoned_in_service).metric) {
    m.label.push_back({"stage", "in_service"});
    abandoned.metric.push_back(std::move(m));
  }
  const BookingTotals totals = bookings_->totals();
  Values open, booked;
  for (std::size_t p = 0; p < bookings_->ports().size(); ++p) {
    open.emplace_back(bookings_->ports()[p], static_cast<double>(totals.open_by_port[p]));
    booked.emplace_back(bookings_->ports()[p], static_cast<double>(totals.held_by_port[p]));
  }
  prometheus::MetricFamily bookings = counter_family(
      "slotrush_bookings_total", "Slots held by bookings or lottery wins, by port and allocation strategy",
      "port", booked);
  for (auto& m : bookings.metric) m.label.push_back({"strategy", strategy_name(bookings_->scenario().allocation.strategy)});
  const auto& http = http_->counters();
  std::vector<prometheus::MetricFamily> out{
      gauge_family("slotrush_queue_depth", "Requests waiting for a worker, by tier", "tier", depth),
      gauge_family("slotrush_workers_busy", "Workers serving a request, by tier", "tier", busy),
      gauge_family("slotrush_workers", "Workers of the tier now (capacity events applied)", "tier", workers),
      gauge_family("slotrush_worker_utilization_ratio", "Busy workers / workers, by tier", "tier", utilisation),
      counter_family("slotrush_requests_served_total", "Requests that completed their service, by tier", "tier", served),
      counter_family("slotrush_service_seconds_total", "Wall time of service completed, by tier", "tier", work),
      counter_family("slotrush_abandoned_work_seconds_total",
                     "Wall time of service completed for requests whose client had already gone, by tier", "tier",
                     abandoned_work),
      std::move(abandoned),
      gauge_family("slotrush_slots_open", "Slots on sale now, by port", "port", open),
      std::move(bookings),
      counter_family("slotrush_slots_released_total", "Slots put on sale since the run began", "",
                     {{"", static_cast<double>(totals.released_total)}}),
      counter_family("slotrush_slots_confirmed_total", "Slots turned into confirmed appointments", "",
                     {{"", static_cast<double>(totals.confirmed_slots)}}),
      counter_family("slotrush_lottery_entries_total", "Lottery entries accepted", "",
                     {{"", static_cast<double>(totals.lottery_entries)}}),
      gauge_family("slotrush_waiting_room_depth", "Clients waiting in the waiting room", "",
                   {{"", static_cast<double>(totals.room_waiting)}}),
      counter_family("slotrush_waiting_room_admitted_total",
                     "Clients admitted by the waiting room (rate() of it is the admission rate)", "",
                     {{"", static_cast<double>(totals.room_admitted)}}),
      gauge_family("slotrush_waiting_room_admission_limit_per_second", "The configured admission rate", "",
                   {{"", bookings_->room_enabled() ? bookings_->scenario().waiting_room.new_users_per_minute / 60.0 : 0.0}}),
      gauge_family("slotrush_http_connections_open", "Open client connections", "",
                   {{"", static_cast<double>(http_->open_connections())}}),
      counter_family("slotrush_http_connections_refused_total", "Connections refused over the connection cap", "",
                     {{"", static_cast<double>(http.connections_refused.load())}}),
      counter_family("slotrush_http_bad_requests_total",
                     "Requests rejected by the HTTP layer: malformed, too large, or too slow", "",
                     {{"", static_cast<double>(http.bad_requests.load())}}),
      gauge_family("slotrush_simulated_time_seconds", "The server's scaled clock, in simulated seconds", "",
                   {{"", to_seconds(clock_->now())}}),
  };
  return out;
}

}  // namespace slotrush::mock
