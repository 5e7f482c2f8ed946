// JsonMembers: a JSON object written as text, member by member, for the answers of the booking path
// (login, book), where building an nlohmann::json tree cost more than the booking itself. Members are
// kept in key order, as a tree's dump() orders them, and numbers read back exactly (doubles in their
// shortest round-trip form, whole ones with ".0" as nlohmann::json writes them), so a client sees the
// same answer either way.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "mock/http_messages.hpp"

namespace slotrush::mock {

// Appends a double as nlohmann::json writes one: the shortest text that reads back the same, with
// ".0" on whole numbers; NaN and infinities (not JSON) as null.
inline void append_json_real(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  const std::size_t from = out.size();
  fmt::format_to(std::back_inserter(out), "{}", v);
  if (out.find_first_of(".e", from) == std::string::npos) out += ".0";
}

class JsonMembers {
 public:
  // Each adds one member. `key` is a plain word (it is not escaped), unique, and outlives the object.
  JsonMembers& number(std::string_view key, std::int64_t v) { return raw(key, fmt::format_int(v).str()); }
  JsonMembers& number(std::string_view key, std::uint64_t v) { return raw(key, fmt::format_int(v).str()); }
  JsonMembers& number(std::string_view key, int v) { return number(key, static_cast<std::int64_t>(v)); }
  // As append_json_real writes it.
  JsonMembers& real(std::string_view key, double v) {
    std::string text;
    append_json_real(text, v);
    return raw(key, std::move(text));
  }
  JsonMembers& boolean(std::string_view key, bool v) { return raw(key, v ? "true" : "false"); }
  JsonMembers& string(std::string_view key, std::string_view v) {
    std::string text;
    append_json_string(text, v);
    return raw(key, std::move(text));
  }
  // A value already written as JSON (an object or array made with another JsonMembers, say).
  JsonMembers& raw(std::string_view key, std::string json) {
    const auto at = std::lower_bound(members_.begin(), members_.end(), key,
                                     [](const auto& m, std::string_view k) { return m.first < k; });
    members_.emplace(at, key, std::move(json));
    return *this;
  }

  std::string text() const {
    std::string out = "{";
    for (const auto& [key, value] : members_) {
      if (out.size() > 1) out += ',';
      out += '"';
      out += key;
      out += "\":";
      out += value;
    }
    out += '}';
    return out;
  }

 private:
  std::vector<std::pair<std::string_view, std::string>> members_;
};

}  // namespace slotrush::mock
