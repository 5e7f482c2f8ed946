// Input an attacker or a broken client sends, answered 4xx and never as a server fault: numbers out
// of range, JSON nested without end, HTTP/1.1 without Host, and a token spelled another way.
#include <string>

#include <catch2/catch.hpp>

#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;
using nlohmann::json;

TEST_CASE("a number out of range in a body is a 400, not a server fault", "[mock][api][hostile]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  auto login_huge = c.request(http::verb::post, "/login", R"({"registrant":1e999})");
  REQUIRE(login_huge);
  CHECK(login_huge->result() == http::status::bad_request);
  CHECK(body_of(*login_huge)["error"] == "bad_json");
  const std::string auth = login(c, 3);
  auto party_huge = c.request(http::verb::post, "/book", R"({"party":1e999})",
                              {{"Authorization", auth}, {"Idempotency-Key", "k"}});
  REQUIRE(party_huge);
  CHECK(party_huge->result() == http::status::bad_request);
  auto healthy = c.request(http::verb::get, "/healthz");  // and the server is still there
  REQUIRE(healthy);
  CHECK(healthy->result() == http::status::ok);
}

TEST_CASE("JSON nested deeper than the API uses is refused before it is parsed", "[mock][api][hostile]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  auto res = c.request(http::verb::post, "/login", deep);
  REQUIRE(res);
  CHECK(res->result() == http::status::bad_request);
  CHECK(body_of(*res)["reason"].get<std::string>().find("deeper") != std::string::npos);
  // Brackets inside a string are text, not nesting.
  auto text = c.request(http::verb::post, "/login", R"({"registrant": 4, "note": "[[[[[[[[[[[[[[[[[[[[[[[["})");
  REQUIRE(text);
  CHECK(text->result() == http::status::ok);
}

TEST_CASE("an HTTP/1.1 request without exactly one Host header is a 400", "[mock][http][hostile]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  CHECK(status_of(raw_exchange(m.server.endpoint(), "GET /healthz HTTP/1.1\r\n\r\n")) == 400);
  CHECK(status_of(raw_exchange(m.server.endpoint(),
                               "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n")) == 400);
  CHECK(status_of(raw_exchange(m.server.endpoint(), "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")) == 200);
  CHECK(status_of(raw_exchange(m.server.endpoint(), "GET /healthz HTTP/1.0\r\n\r\n")) == 200);  // 1.0 has no Host rule
}

TEST_CASE("a token is accepted only as it was issued", "[mock][api][hostile]") {
  RunningMock m(small_race(), test_options(kAfterRelease));
  TestClient c(m.server.endpoint());
  const std::string auth = login(c, 8);  // "Bearer 8.<16 lower-case hex>"
  REQUIRE(!auth.empty());
  auto as_issued = c.request(http::verb::get, "/slots", {}, {{"Authorization", auth}});
  REQUIRE(as_issued);
  CHECK(as_issued->result() == http::status::ok);
  std::string upper = auth;
  for (std::size_t i = upper.find('.') + 1; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  const std::string leading_zero = "Bearer 08" + auth.substr(auth.find('.'));
  for (const std::string& other : {upper, leading_zero}) {
    INFO(other);
    auto res = c.request(http::verb::get, "/slots", {}, {{"Authorization", other}});
    REQUIRE(res);
    CHECK(res->result() == http::status::unauthorized);
  }
}
