#include "mock/response_bytes.hpp"

#include <charconv>

namespace slotrush::mock {

namespace {
void append_number(std::string& out, unsigned long long value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}
}  // namespace

void write_response_bytes(const Response& res, bool keep_alive, std::string& out) {
  out.clear();
  const unsigned version = res.version();
  out += "HTTP/";
  append_number(out, version / 10);
  out += '.';
  append_number(out, version % 10);
  out += ' ';
  append_number(out, res.result_int());
  out += ' ';
  out += res.reason();
  out += "\r\n";
  for (const auto& field : res) {
    const http::field name = field.name();
    if (name == http::field::content_length || name == http::field::connection ||
        name == http::field::transfer_encoding)
      continue;
    out += field.name_string();
    out += ": ";
    out += field.value();
    out += "\r\n";
  }
  if (version >= 11 && !keep_alive) out += "Connection: close\r\n";
  if (version < 11 && keep_alive) out += "Connection: keep-alive\r\n";
  out += "Content-Length: ";
  append_number(out, res.body().size());
  out += "\r\n\r\n";
  out += res.body();
}

}  // namespace slotrush::mock
