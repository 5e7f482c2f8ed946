// The bytes of one HTTP/1.1 request, built once and written as they are: the generic modes send the
// same buffer for every request, the scenario mode builds one per request into its own string.
#pragma once
#include <string>
#include <string_view>

#include "loadgen/http_request.hpp"

namespace slotrush::loadgen {

// Appends `request` to `out` as an HTTP/1.1 request with Host `host` and keep-alive. A body gets a
// Content-Length and, unless a header sets one, Content-Type: application/json.
void append_request_wire(const HttpRequest& request, std::string_view host, std::string& out);

// Checks a header given on the command line ("Name: value"); throws std::invalid_argument naming
// the problem (no colon, empty or invalid name, CR/LF in the value, a header the client sets itself).
std::pair<std::string, std::string> parse_header_flag(std::string_view text);

}  // namespace slotrush::loadgen
