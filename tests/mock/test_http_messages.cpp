// Bodies and bytes written without Beast's serializer or a JSON tree: error bodies stay valid JSON
// whatever the reason holds, and a response's bytes carry the server's framing headers once.
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "mock/http_messages.hpp"
#include "mock/response_bytes.hpp"

using namespace slotrush::mock;

TEST_CASE("an error body is valid JSON whatever bytes its reason holds", "[mock][messages]") {
  const std::string reason = std::string("quote \" backslash \\ newline \n tab \t nul ") + '\0' +
                             " caf\xC3\xA9 bad \xFF\xC3 end";
  const Response res = error_response(http::status::bad_request, "bad_json", reason);
  const auto body = nlohmann::json::parse(res.body(), nullptr, false);
  REQUIRE_FALSE(body.is_discarded());
  CHECK(body["error"] == "bad_json");
  CHECK(body["reason"] == std::string("quote \" backslash \\ newline \n tab \t nul ") + '\0' +
                              " caf\xC3\xA9 bad \xEF\xBF\xBD\xEF\xBF\xBD end");
  CHECK(res[http::field::content_type] == "application/json");
}

TEST_CASE("response bytes carry the status, the route's headers, one Content-Length and the body",
          "[mock][messages]") {
  Response res = json_response(http::status::created, R"({"ok":true})");
  res.set(http::field::retry_after, "1");
  res.set(http::field::content_length, "999");  // the server's framing wins over a route's
  std::string out = "left over from the last response";
  write_response_bytes(res, true, out);
  CHECK(out.rfind("HTTP/1.1 201 Created\r\n", 0) == 0);
  CHECK(out.find("Content-Type: application/json\r\n") != std::string::npos);
  CHECK(out.find("Retry-After: 1\r\n") != std::string::npos);
  CHECK(out.find("Content-Length: 11\r\n\r\n{\"ok\":true}") != std::string::npos);
  CHECK(out.find("999") == std::string::npos);
  CHECK(out.find("Connection") == std::string::npos);  // HTTP/1.1 keeps the connection by default
  CHECK(out.size() == out.find("\r\n\r\n") + 4 + 11);

  write_response_bytes(res, false, out);
  CHECK(out.find("Connection: close\r\n") != std::string::npos);
  Response old = json_response(http::status::ok, "{}", 10);
  write_response_bytes(old, true, out);
  CHECK(out.rfind("HTTP/1.0 200 OK\r\n", 0) == 0);
  CHECK(out.find("Connection: keep-alive\r\n") != std::string::npos);
}
