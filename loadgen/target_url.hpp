// TargetUrl: the `--target http://HOST:PORT/PATH` a load run aims at, checked at the edge. Only plain
// http:// (no TLS) is supported; the host is a name or an IPv4 address, resolved once before the run.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace slotrush::loadgen {

struct TargetUrl {
  std::string host;        // as written, e.g. "127.0.0.1"
  std::uint16_t port = 80;
  std::string path = "/";  // origin-form, query included, e.g. "/slots?port=0"

  // The Host header value: "host" or "host:port" when the port is not 80.
  std::string host_header() const;
};

// Throws std::invalid_argument naming what is wrong and what is allowed.
TargetUrl parse_target_url(std::string_view text);

}  // namespace slotrush::loadgen
