// `slotrush serve SCENARIO`: the mock CBP One endpoint (docs/api.md) on the scenario's service model,
// with Prometheus metrics (docs/metrics.md) and an optional booking ledger. Runs until SIGTERM or
// SIGINT, drains in-flight requests and exits 0.
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/open_file_limit.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "mock/mock_server.hpp"
#include "sim/scenario/scenario_loader.hpp"
#include "sim/scenario/units.hpp"

namespace slotrush::cli {

Command add_serve_command(CLI::App& app) {
  struct Options {
    std::string scenario;
    std::string start_at;
    std::string ledger;
    std::string metrics;
    mock::MockServerOptions server;
    long idle_ms = 30'000, read_ms = 10'000;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve", "serve the scenario's appointment API over HTTP (mock CBP One)");
  cmd->add_option("scenario", o->scenario, "scenario YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--listen", o->server.listen, "address:port to serve HTTP on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_option("--metrics", o->metrics, "address:port for Prometheus /metrics, e.g. 127.0.0.1:9464");
  cmd->add_option("--time-scale", o->server.time_scale, "simulated seconds per wall second")
      ->capture_default_str()->check(positive());
  cmd->add_option("--start-at", o->start_at,
                  "simulated time at startup: a time of day on day 0 (\"08:58\") or a duration since day 0 "
                  "(\"1d\"); default: shortly before day 0's release or lottery window");
  cmd->add_option("--ledger", o->ledger, "append-only booking ledger; replayed at startup if it exists");
  cmd->add_option("--threads", o->server.threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 256));
  cmd->add_option("--max-connections", o->server.limits.max_connections, "open connections before 503")
      ->capture_default_str()->check(positive());
  cmd->add_option("--max-body", o->server.limits.body_bytes, "largest request body in bytes (413 beyond)")
      ->capture_default_str();
  cmd->add_option("--max-header", o->server.limits.header_bytes, "largest request head in bytes (431 beyond)")
      ->capture_default_str();
  cmd->add_option("--idle-timeout-ms", o->idle_ms, "close keep-alive connections idle this long")->capture_default_str();
  cmd->add_option("--read-timeout-ms", o->read_ms, "a request must arrive whole within this")->capture_default_str();
  cmd->add_option("--max-registrants", o->server.max_registrants, "registrant ids accepted at login: 1..N")
      ->capture_default_str();
  return [o] {
    raise_open_file_limit();
    const Scenario scenario = load_scenario(o->scenario);
    mock::MockServerOptions server = o->server;
    if (!o->metrics.empty()) server.metrics = o->metrics;
    if (!o->ledger.empty()) server.ledger = o->ledger;
    if (!o->start_at.empty()) server.start_at = start_at_flag(o->start_at);
    server.limits.idle_timeout = std::chrono::milliseconds(o->idle_ms);
    server.limits.read_timeout = std::chrono::milliseconds(o->read_ms);
    mock::MockServer mock(scenario, server);
    mock.run_until_signal();
    return 0;
  };
}

}  // namespace slotrush::cli
