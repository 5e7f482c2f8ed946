// What the load generator sends and what came back: one HTTP/1.1 request with its metrics label, and
// its classified result. Shared by the generic modes and the scenario's virtual users.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/verb.hpp>

namespace slotrush::loadgen {

struct HttpRequest {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target = "/";  // origin-form: path and query, e.g. "/slots?port=0"
  std::string route = "/";   // low-cardinality label for reports and metrics, e.g. "book"
  std::vector<std::pair<std::string, std::string>> headers;  // besides Host, Content-Length
  std::string body;          // sent with Content-Type from headers (application/json if absent)
};

// How an attempt ended, as reports and thresholds count it.
enum class Outcome {
  success,        // 2xx or 3xx
  http_4xx,
  http_5xx,
  timeout,        // no complete response within the attempt's timeout
  connect_error,  // could not connect (refused, unreachable, DNS)
  reset,          // the connection closed or reset before a complete response
  protocol_error, // what arrived was not a valid HTTP/1.1 response, or one too big to take
};

inline constexpr int kOutcomeCount = 7;

inline const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::success: return "success";
    case Outcome::http_4xx: return "http_4xx";
    case Outcome::http_5xx: return "http_5xx";
    case Outcome::timeout: return "timeout";
    case Outcome::connect_error: return "connect_error";
    case Outcome::reset: return "reset";
    case Outcome::protocol_error: return "protocol_error";
  }
  return "unknown";
}

struct HttpResult {
  Outcome outcome = Outcome::reset;
  int status = 0;                       // 0 unless a response arrived
  std::string body;                     // response body (empty unless a response arrived)
  std::string retry_after;              // the Retry-After header, if any
  std::chrono::nanoseconds latency{};   // from the intended start (coordinated-omission corrected)
  std::chrono::nanoseconds service_time{};  // from the actual send
};

}  // namespace slotrush::loadgen
