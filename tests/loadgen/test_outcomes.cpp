// How attempts end, classified: a server that never answers gives timeouts, a closed port gives
// connect errors, a server that closes without answering gives resets; and the engine's pooled
// RequestSender (the scenario mode's seam) hands back status and body after recording the attempt.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <boost/asio/post.hpp>

#include "tests/loadgen/load_run.hpp"
#include "tests/loadgen/nginx_process.hpp"
#include "tests/loadgen/scripted_server.hpp"

using namespace slotrush::loadgen;
using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

TEST_CASE("a server that never answers gives only timeouts", "[loadgen][outcomes]") {
  ScriptedServer server(ScriptedServer::Behaviour::silent);
  GenericLoadPlan plan;
  plan.connections = 2;
  plan.max_requests = 4;
  plan.timeout = 200ms;
  plan.duration = 20s;
  const LoadRun run = run_load(server.url("/"), plan);
  CHECK(count(run, Outcome::timeout) == 4);
  CHECK(run.totals.attempts() == 4);
  CHECK(run.totals.latency().count() == 0);  // no answer, no latency sample
}

TEST_CASE("a closed port gives only connect errors", "[loadgen][outcomes]") {
  GenericLoadPlan plan;
  plan.connections = 1;
  plan.max_requests = 5;
  plan.duration = 20s;
  const LoadRun run = run_load("http://127.0.0.1:" + std::to_string(free_port()) + "/", plan);
  CHECK(count(run, Outcome::connect_error) == 5);
  CHECK(run.totals.attempts() == 5);
}

TEST_CASE("a server that closes without answering gives only resets", "[loadgen][outcomes]") {
  ScriptedServer server(ScriptedServer::Behaviour::close);
  GenericLoadPlan plan;
  plan.connections = 1;
  plan.max_requests = 3;
  plan.duration = 20s;
  const LoadRun run = run_load(server.url("/"), plan);
  CHECK(count(run, Outcome::reset) == 3);
}

TEST_CASE("a misbehaving server's answers are classified, and the run ends cleanly", "[loadgen][outcomes]") {
  using Then = ScriptedServer::Then;
  struct Case {
    const char* what;
    std::string reply;
    Then then;
    Outcome expected;
  };
  const std::vector<Case> cases{
      {"garbage instead of a status line", "GARBAGE\r\n\r\n", Then::stay, Outcome::protocol_error},
      {"a status HTTP does not have", "HTTP/1.1 999 What\r\nContent-Length: 0\r\n\r\n", Then::stay, Outcome::protocol_error},
      {"a huge Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\nabc", Then::stay,
       Outcome::protocol_error},
      {"megabyte headers", "HTTP/1.1 200 OK\r\nX-Big: " + std::string(1 << 20, 'h') + "\r\nContent-Length: 0\r\n\r\n",
       Then::stay, Outcome::protocol_error},
      {"a never-ending chunked body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", Then::endless_chunks,
       Outcome::protocol_error},
      {"a body that stalls", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", Then::stay, Outcome::timeout},
      {"a close mid-response", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", Then::close, Outcome::reset},
      {"a body that runs to the close", "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nall of it", Then::close,
       Outcome::success},
      {"responses before the requests", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
       Then::before_request, Outcome::protocol_error},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const auto server = ScriptedServer::misbehaving(c.reply, c.then);
    GenericLoadPlan plan;
    plan.connections = 1;
    plan.max_requests = 2;
    plan.timeout = 500ms;
    plan.duration = 20s;
    const LoadRun run = run_load(server->url("/"), plan);
    CHECK(run.totals.attempts() == 2);
    CHECK(count(run, c.expected) == 2);
  }
}

// Each connection keeps one deadline timer across its exchanges; once the last request is answered
// it must let the timer go, or the run would wait out the timeout before it could end.
TEST_CASE("a run ends once its requests are answered, not when their timeout would", "[loadgen][outcomes]") {
  ScriptedServer server(ScriptedServer::Behaviour::answer);
  for (const bool open_model : {false, true}) {
    INFO((open_model ? "open model" : "closed loop"));
    GenericLoadPlan plan;
    plan.connections = 2;
    plan.max_requests = 6;
    plan.timeout = 120s;
    plan.duration = 300s;
    if (open_model) plan.rate = 100.0;
    const auto started = std::chrono::steady_clock::now();
    const LoadRun run = run_load(server.url("/"), plan);
    CHECK(count(run, Outcome::success) == 6);
    CHECK(std::chrono::steady_clock::now() - started < 60s);
  }
}

TEST_CASE("the open model drops and counts requests beyond max in flight", "[loadgen][outcomes]") {
  ScriptedServer server(ScriptedServer::Behaviour::silent);
  GenericLoadPlan plan;
  plan.rate = 100;
  plan.connections = 5;
  plan.max_in_flight = 5;
  plan.timeout = 3s;
  plan.duration = 1s;
  const LoadRun run = run_load(server.url("/"), plan);
  CHECK(run.totals.attempts() + run.totals.dropped() == 100);
  CHECK(run.totals.attempts() == 5);  // 5 accepted, all timing out
  CHECK(count(run, Outcome::timeout) == 5);
  CHECK(run.totals.dropped() == 95);
}

TEST_CASE("the pooled RequestSender returns status and body and records them", "[loadgen][sender]") {
  ScriptedServer server(ScriptedServer::Behaviour::answer);
  LoadEngineOptions options;
  options.target = parse_target_url(server.url("/"));
  options.connections_per_thread = 3;
  options.stop_on_signals = false;
  LoadEngine engine(options);
  int answered = 0, ok = 0;
  const LoadRun run = engine.run(20s, [&](LoadThread& t, Clock::time_point start) {
    for (int i = 0; i < 10; ++i) {
      HttpRequest request;
      request.method = boost::beast::http::verb::post;
      request.target = "/book";
      request.route = i % 2 ? "book" : "login";
      request.body = R"({"n":1})";
      t.sender().send(std::move(request), start, 2s, [&](const HttpResult& r) {
        ++answered;
        if (r.outcome == Outcome::success && r.status == 200 && r.body == "ok\n") ++ok;
        if (answered == 10) t.finished();
      });
    }
  });
  CHECK(answered == 10);
  CHECK(ok == 10);
  CHECK(run.totals.attempts() == 10);
  REQUIRE(run.totals.routes().size() == 2);
  CHECK(run.totals.routes()[0].attempts() + run.totals.routes()[1].attempts() == 10);
  CHECK(run.elapsed < 15s);
}
