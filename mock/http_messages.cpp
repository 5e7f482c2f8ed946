#include "mock/http_messages.hpp"

#include <nlohmann/json.hpp>

namespace slotrush::mock {

Response json_response(http::status status, std::string body, unsigned version) {
  Response res{status, version};
  res.set(http::field::content_type, "application/json");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response error_response(http::status status, std::string_view code, std::string_view reason,
                        unsigned version) {
  const nlohmann::json body{{"error", code}, {"reason", reason}};
  return json_response(status, body.dump(), version);
}

std::string_view target_path(std::string_view target) {
  return target.substr(0, target.find('?'));
}

bool query_param(std::string_view target, std::string_view name, std::string_view& value) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return false;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == name) {
      value = eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
      return true;
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return false;
}

}  // namespace slotrush::mock
