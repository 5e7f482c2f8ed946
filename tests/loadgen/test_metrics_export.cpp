// `slotrush load --metrics`: the Prometheus export (loadgen/metrics_exporter.hpp) scraped over HTTP
// while a run lasts and after it: the counters equal the report's, the names and labels are the
// contract of docs/metrics.md ("slotrush load"), and promtool accepts the exposition.
#include <chrono>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/skip.hpp"
#include <unistd.h>

#include "loadgen/metrics_exporter.hpp"
#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/metrics_scrape.hpp"
#include "tests/loadgen/scripted_server.hpp"
#include "tests/mock/mock_fixture.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

namespace {

// Runs `plan` against `url` on one thread with the export on a free port; `during` gets a scrape
// taken about 1.5 s into the run, `after` the scrape once the run is over.
LoadRun run_with_metrics(const std::string& url, GenericLoadPlan plan, std::string& during, std::string& after) {
  const TargetUrl target = parse_target_url(url);
  plan.request.target = target.path;
  plan.request.route = target.path;
  LoadEngineOptions options = engine_options_for(plan, target, 1);
  options.stop_on_signals = false;
  LoadEngine engine(options);
  LoadMetricsExporter metrics(1, "127.0.0.1:0");
  REQUIRE(metrics.port());
  REQUIRE(*metrics.port() > 0);
  metrics.attach(engine);
  std::thread scraper([&] {
    std::this_thread::sleep_for(1500ms);
    during = get_metrics(*metrics.port());
  });
  const LoadRun run = run_generic_load(engine, plan);
  scraper.join();
  after = get_metrics(*metrics.port());
  return run;
}

}  // namespace

TEST_CASE("the metrics scraped during and after a run against the mock equal the report", "[loadgen][metrics]") {
  slotrush::mock::test::RunningMock m(slotrush::mock::test::small_race(),
                                      slotrush::mock::test::test_options(slotrush::mock::test::kAfterRelease));
  const std::string url = "http://127.0.0.1:" + std::to_string(m.server.endpoint().port()) + "/slots";
  GenericLoadPlan plan;
  plan.rate = 200;
  plan.connections = 4;
  plan.duration = 3s;
  std::string during, after;
  const LoadRun run = run_with_metrics(url, plan, during, after);
  const double attempts = static_cast<double>(run.totals.attempts());
  REQUIRE(attempts > 300);
  REQUIRE_FALSE(after.empty());

  // During the run: some of it published already (at least the first second), not more than the end.
  REQUIRE_FALSE(during.empty());
  const double sent_during = sample_sum(during, "slotrush_load_requests_sent_total", {"route=\"/slots\""});
  CHECK(sent_during > 0);
  CHECK(sent_during <= sample_sum(after, "slotrush_load_requests_sent_total", {"route=\"/slots\""}));

  // After the run: the report's counts. The mock answers 401 without a token: outcome "ok".
  const std::string route = "route=\"/slots\"";
  CHECK(sample_sum(after, "slotrush_load_requests_sent_total", {route}) == attempts);
  CHECK(sample_sum(after, "slotrush_load_requests_total", {route}) == attempts);
  CHECK(sample_sum(after, "slotrush_load_requests_total", {route, "outcome=\"ok\""}) ==
        static_cast<double>(count(run, Outcome::success) + count(run, Outcome::http_4xx)));
  CHECK(sample_sum(after, "slotrush_load_requests_total", {route, "outcome=\"rejected\""}) ==
        static_cast<double>(count(run, Outcome::http_5xx)));
  CHECK(sample_sum(after, "slotrush_load_requests_dropped_total", {route}) == static_cast<double>(run.totals.dropped()));
  const double histogram_count = sample_sum(after, "slotrush_load_request_duration_seconds_count", {route});
  CHECK(histogram_count == static_cast<double>(run.totals.latency().count()));
  CHECK(sample_sum(after, "slotrush_load_request_duration_seconds_bucket", {route, "le=\"+Inf\""}) == histogram_count);
  // The mean from the histogram's sum is the report's mean latency.
  CHECK(sample_sum(after, "slotrush_load_request_duration_seconds_sum", {route}) / histogram_count ==
        Approx(run.totals.latency().mean() / 1e9).epsilon(1e-6));
  // The server counted the same requests.
  CHECK(sample_sum(m.server.scrape(), "slotrush_http_requests_total", {route}) == attempts);

  const std::string file = (std::filesystem::temp_directory_path() /
                            ("slotrush-loadgen-scrape-" + std::to_string(::getpid()) + ".txt")).string();
  const int promtool = promtool_check_metrics(after, file);
  std::filesystem::remove(file);
  std::filesystem::remove(file + ".out");
  if (promtool == -1) SLOTRUSH_SKIP("promtool not installed (scripts/install-deps.sh installs prometheus): format not checked");
  CHECK(promtool == 0);
}

TEST_CASE("timeouts are exported under outcome timeout, as many as the report counts", "[loadgen][metrics]") {
  ScriptedServer server(ScriptedServer::Behaviour::silent);
  GenericLoadPlan plan;
  plan.rate = 20;
  plan.connections = 2;
  plan.timeout = 300ms;
  plan.duration = 2s;
  std::string during, after;
  const LoadRun run = run_with_metrics(server.url("/t"), plan, during, after);
  REQUIRE(count(run, Outcome::timeout) > 0);
  CHECK(sample_sum(after, "slotrush_load_requests_total", {"outcome=\"timeout\""}) ==
        static_cast<double>(count(run, Outcome::timeout)));
  CHECK(sample_sum(after, "slotrush_load_requests_total", {}) == static_cast<double>(run.totals.attempts()));
  CHECK(sample_sum(after, "slotrush_load_requests_dropped_total", {}) == static_cast<double>(run.totals.dropped()));
  CHECK(sample_sum(after, "slotrush_load_request_duration_seconds_count", {}) == 0);  // nothing answered
}

TEST_CASE("virtual users' figures are exported as a gauge and monotone counters", "[loadgen][metrics]") {
  LoadMetricsExporter metrics(2, "");
  CHECK_FALSE(metrics.port());
  metrics.publish_users(0, {5, 1, 0, {{"login", 3}}});
  metrics.publish_users(1, {2, 0, 1, {{"login", 1}, {"book", 2}}});
  std::string s = metrics.scrape();
  CHECK(sample_sum(s, "slotrush_load_users_active") == 7);
  CHECK(sample_sum(s, "slotrush_load_users_booked_total") == 1);
  CHECK(sample_sum(s, "slotrush_load_users_abandoned_total") == 1);
  CHECK(sample_sum(s, "slotrush_load_retries_total", {"route=\"login\""}) == 4);
  CHECK(sample_sum(s, "slotrush_load_retries_total", {"route=\"book\""}) == 2);
  // Thread 0 later: fewer active (a level goes down), more booked and retries (totals only add).
  metrics.publish_users(0, {1, 3, 0, {{"login", 4}}});
  s = metrics.scrape();
  CHECK(sample_sum(s, "slotrush_load_users_active") == 3);
  CHECK(sample_sum(s, "slotrush_load_users_booked_total") == 3);
  CHECK(sample_sum(s, "slotrush_load_retries_total", {"route=\"login\""}) == 5);
}

TEST_CASE("the metrics address is HOST:PORT, and anything else names what is allowed", "[loadgen][metrics][inputs]") {
  CHECK(checked_metrics_address("127.0.0.1:9465") == "127.0.0.1:9465");
  CHECK(checked_metrics_address("0.0.0.0:0") == "0.0.0.0:0");
  for (const char* bad : {"9465", ":9465", "127.0.0.1:", "127.0.0.1:70000", "localhost:http"})
    CHECK_THROWS_WITH(checked_metrics_address(bad), Catch::Contains("allowed: HOST:PORT"));
}
