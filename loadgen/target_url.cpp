#include "loadgen/target_url.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace slotrush::loadgen {
namespace {

[[noreturn]] void bad(std::string_view text, std::string_view what) {
  throw std::invalid_argument("--target: '" + std::string(text) + "': " + std::string(what) +
                              "; allowed: http://HOST[:PORT][/PATH], e.g. http://127.0.0.1:8080/slots");
}

}  // namespace

std::string TargetUrl::host_header() const {
  return port == 80 ? host : host + ":" + std::to_string(port);
}

TargetUrl parse_target_url(std::string_view text) {
  constexpr std::string_view scheme = "http://";
  if (text.substr(0, 8) == "https://") bad(text, "https is not supported");
  if (text.substr(0, scheme.size()) != scheme) bad(text, "the URL must start with http://");
  std::string_view rest = text.substr(scheme.size());
  const auto slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  TargetUrl url;
  if (slash != std::string_view::npos) {
    url.path = std::string(rest.substr(slash));
    if (url.path.front() == '?') url.path.insert(url.path.begin(), '/');
  }
  if (authority.find('@') != std::string_view::npos) bad(text, "user info is not supported");
  const auto colon = authority.rfind(':');
  std::string_view host = authority.substr(0, colon);
  if (colon != std::string_view::npos) {
    std::string_view port = authority.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 ||
        value > 65535)
      bad(text, "the port must be a number from 1 to 65535");
    url.port = static_cast<std::uint16_t>(value);
  }
  if (host.empty()) bad(text, "the host is missing");
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-'))
      bad(text, "the host may hold only letters, digits, '.' and '-'");
  for (char c : url.path)
    if (static_cast<unsigned char>(c) <= ' ') bad(text, "the path may not contain spaces or controls");
  url.host = std::string(host);
  return url;
}

}  // namespace slotrush::loadgen
