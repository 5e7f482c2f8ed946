#include "loadgen/request_wire.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include <boost/beast/http/verb.hpp>

namespace slotrush::loadgen {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

void append_request_wire(const HttpRequest& request, std::string_view host, std::string& out) {
  const auto method = boost::beast::http::to_string(request.method);
  out.append(method.data(), method.size());
  out += ' ';
  out += request.target;
  out += " HTTP/1.1\r\nHost: ";
  out += host;
  out += "\r\n";
  bool has_content_type = false;
  for (const auto& [name, value] : request.headers) {
    has_content_type = has_content_type || iequals(name, "content-type");
    out += name;
    out += ": ";
    out += value;
    out += "\r\n";
  }
  if (!request.body.empty()) {
    if (!has_content_type) out += "Content-Type: application/json\r\n";
    out += "Content-Length: ";
    out += std::to_string(request.body.size());
    out += "\r\n";
  }
  out += "\r\n";
  out += request.body;
}

std::pair<std::string, std::string> parse_header_flag(std::string_view text) {
  auto bad = [&](std::string_view what) {
    return std::invalid_argument("-H '" + std::string(text) + "': " + std::string(what) +
                                 "; allowed: 'Name: value', e.g. -H 'Authorization: Bearer abc'");
  };
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) throw bad("no ':' between name and value");
  const std::string_view name = text.substr(0, colon);
  std::string_view value = text.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  if (name.empty()) throw bad("the name is empty");
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) !=
                                                            std::string_view::npos))
      throw bad("the name may hold only letters, digits and !#$%&'*+-.^_`|~");
  for (char c : value)
    if (c == '\r' || c == '\n') throw bad("the value may not contain a line break");
  for (std::string_view own : {"host", "content-length", "transfer-encoding", "connection"})
    if (iequals(name, own)) throw bad("the load generator sets " + std::string(name) + " itself");
  return {std::string(name), std::string(value)};
}

}  // namespace slotrush::loadgen
