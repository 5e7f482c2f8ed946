// Inputs checked at the edge: target URLs, -H headers, thresholds (an unknown metric is an error,
// never a silent pass), and how thresholds judge a measured run; the request bytes sent.
#include <catch2/catch.hpp>

#include "loadgen/request_wire.hpp"
#include "loadgen/target_url.hpp"
#include "loadgen/threshold.hpp"

using namespace slotrush::loadgen;
using namespace std::chrono_literals;

TEST_CASE("target URLs are read and anything else is refused with the syntax", "[loadgen][inputs]") {
  const TargetUrl a = parse_target_url("http://127.0.0.1:8080/slots?port=0");
  CHECK(a.host == "127.0.0.1");
  CHECK(a.port == 8080);
  CHECK(a.path == "/slots?port=0");
  CHECK(a.host_header() == "127.0.0.1:8080");
  const TargetUrl b = parse_target_url("http://localhost");
  CHECK(b.port == 80);
  CHECK(b.path == "/");
  CHECK(b.host_header() == "localhost");
  for (const char* bad : {"https://x/", "127.0.0.1:80", "http://:80/", "http://h:0/", "http://h:99999/",
                          "http://h:8x/", "http://h/a b"})
    CHECK_THROWS_WITH(parse_target_url(bad), Catch::Contains("allowed: http://HOST[:PORT][/PATH]"));
}

TEST_CASE("header flags refuse line breaks and the client's own headers", "[loadgen][inputs]") {
  CHECK(parse_header_flag("Authorization:  Bearer x") == std::pair<std::string, std::string>{"Authorization", "Bearer x"});
  CHECK_THROWS_WITH(parse_header_flag("NoColon"), Catch::Contains("no ':'"));
  CHECK_THROWS_WITH(parse_header_flag("Bad Name: x"), Catch::Contains("the name may hold only"));
  CHECK_THROWS_WITH(parse_header_flag("X: a\r\nEvil: 1"), Catch::Contains("line break"));
  CHECK_THROWS_WITH(parse_header_flag("Content-Length: 3"), Catch::Contains("sets Content-Length itself"));
}

TEST_CASE("the request bytes hold the request line and Host and a sized body", "[loadgen][inputs]") {
  HttpRequest r;
  r.method = boost::beast::http::verb::post;
  r.target = "/book";
  r.headers = {{"X-Trace", "1"}};
  r.body = "{}";
  std::string wire;
  append_request_wire(r, "h:81", wire);
  CHECK(wire == "POST /book HTTP/1.1\r\nHost: h:81\r\nX-Trace: 1\r\nContent-Type: application/json\r\n"
                "Content-Length: 2\r\n\r\n{}");
  HttpRequest get;
  std::string plain;
  append_request_wire(get, "h", plain);
  CHECK(plain == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST_CASE("thresholds parse documented names and refuse unknown metrics",
          "[loadgen][inputs][thresholds]") {
  CHECK(parse_threshold("p99<2s").limit == Approx(2.0));
  CHECK(parse_threshold("p99.9 <= 250ms").limit == Approx(0.25));
  CHECK(parse_threshold("errors<1%").limit == Approx(0.01));
  CHECK(parse_threshold("errors<0.02").limit == Approx(0.02));
  CHECK(parse_threshold("rate>100/s").limit == Approx(100));
  CHECK(parse_threshold("requests>=1000").op == Threshold::Op::greater_equal);
  CHECK_THROWS_WITH(parse_threshold("p98<2s"), Catch::Contains("unknown metric 'p98'") && Catch::Contains("allowed: p50"));
  CHECK_THROWS_WITH(parse_threshold("latency<2s"), Catch::Contains("unknown metric"));
  CHECK_THROWS_WITH(parse_threshold("p99<2"), Catch::Contains("a duration with unit"));
  CHECK_THROWS_WITH(parse_threshold("errors<lots"), Catch::Contains("a percentage or a fraction"));
  CHECK_THROWS_WITH(parse_threshold("p99=2s"), Catch::Contains("no comparison"));
  CHECK_THROWS_AS(parse_threshold("requests>1.5"), std::invalid_argument);
}

TEST_CASE("thresholds pass and fail on each side of the measured value", "[loadgen][thresholds]") {
  LoadRun run;
  run.elapsed = 10s;
  const std::size_t route = 0;
  RunMeasurements m;
  REQUIRE(m.route_index("/") == route);
  const Clock::time_point t0{};
  for (int i = 0; i < 99; ++i) m.record(route, Outcome::success, t0, t0, t0 + 10ms);
  m.record(route, Outcome::timeout, t0, t0, t0 + 2s);
  run.totals.merge(m);
  const std::vector<Threshold> ts{parse_threshold("errors<2%"), parse_threshold("errors<0.5%"),
                                  parse_threshold("p50<20ms"), parse_threshold("p50>20ms"),
                                  parse_threshold("rate>9.8"), parse_threshold("rate>10"),
                                  parse_threshold("timeouts<=1%")};
  const auto v = evaluate(ts, run);
  REQUIRE(v.size() == 7);
  CHECK(v[0].passed);
  CHECK_FALSE(v[1].passed);
  CHECK(v[1].measured == Approx(0.01));
  CHECK(v[2].passed);
  CHECK_FALSE(v[3].passed);
  CHECK(v[4].passed);   // 99 answers in 10 s
  CHECK_FALSE(v[5].passed);
  CHECK(v[6].passed);
}
