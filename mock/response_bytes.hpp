// A Response as the bytes sent on the wire, head and body in one buffer, so the session writes
// each answer with one send (Beast's serializer walks a chain of buffer views per write instead).
// The server owns the framing headers: Content-Length is the body's size and Connection says
// whether the connection stays open, whatever the route set.
#pragma once
#include <string>

#include "mock/http_messages.hpp"

namespace slotrush::mock {

// Replaces `out` with the status line, the headers, the framing headers and the body of `res`.
// `out` is meant to be reused from one response to the next (its capacity is kept).
void write_response_bytes(const Response& res, bool keep_alive, std::string& out);

}  // namespace slotrush::mock
