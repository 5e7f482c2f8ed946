// The HTTP message types of the mock server and the small constructors every route answers with:
// a JSON body, or an error as {"error": code, "reason": text} so a client always learns why.
// Bodies this small are written with fmt into one string, not built as a JSON tree.
#pragma once
#include <string>
#include <string_view>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace slotrush::mock {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A response with a JSON body (already serialised) and the request's HTTP version.
Response json_response(http::status status, std::string body, unsigned version = 11);
// {"error": code, "reason": reason}; code is a short machine-readable word, reason a sentence
// (any bytes: it is escaped, and bytes that are not UTF-8 become U+FFFD).
Response error_response(http::status status, std::string_view code, std::string_view reason,
                        unsigned version = 11);

// Appends `text` as a JSON string literal, quotes included (escapes ", \ and control characters;
// invalid UTF-8 becomes \ufffd), so fmt-built bodies stay valid JSON whatever a client sent.
void append_json_string(std::string& out, std::string_view text);

// The path of a request target without its query string ("/slots?port=1" -> "/slots").
std::string_view target_path(std::string_view target);
// The raw value of one query parameter, if present ("port" in "/slots?port=1&date=3" -> "1").
// Values are not percent-decoded: the API's parameters are numbers and port indexes.
bool query_param(std::string_view target, std::string_view name, std::string_view& value);

}  // namespace slotrush::mock
