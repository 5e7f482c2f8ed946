// BearerToken: stateless login tokens "<registrant>.<mac>", so the server keeps no session table a
// flood of logins could grow. The MAC is a keyed 64-bit mix (splitmix64 rounds over key and id):
// enough that a client cannot act for another registrant in a load test, not a cryptographic
// signature (the mock is not an identity provider).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace slotrush::mock {

class BearerToken {
 public:
  explicit BearerToken(std::uint64_t key) : key_(key) {}
  std::string issue(std::uint64_t registrant) const;
  // The registrant a "Bearer ..." Authorization value was issued for, if it is genuine.
  std::optional<std::uint64_t> verify(std::string_view authorization) const;

 private:
  std::uint64_t mac(std::uint64_t registrant) const;
  std::uint64_t key_;
};

}  // namespace slotrush::mock
