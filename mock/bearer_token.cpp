#include "mock/bearer_token.hpp"

#include <charconv>

#include <fmt/core.h>

namespace slotrush::mock {

namespace {
std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}
}  // namespace

std::uint64_t BearerToken::mac(std::uint64_t registrant) const {
  return splitmix(splitmix(key_ ^ registrant) + key_);
}

std::string BearerToken::issue(std::uint64_t registrant) const {
  return fmt::format("{}.{:016x}", registrant, mac(registrant));
}

std::optional<std::uint64_t> BearerToken::verify(std::string_view authorization) const {
  constexpr std::string_view scheme = "Bearer ";
  if (!authorization.starts_with(scheme)) return std::nullopt;
  const std::string_view token = authorization.substr(scheme.size());
  const auto dot = token.find('.');
  if (dot == std::string_view::npos || token.size() - dot - 1 != 16) return std::nullopt;
  std::uint64_t registrant = 0, given = 0;
  const char* end = token.data() + dot;
  if (auto [p, ec] = std::from_chars(token.data(), end, registrant); ec != std::errc{} || p != end)
    return std::nullopt;
  const char* mac_end = token.data() + token.size();
  if (auto [p, ec] = std::from_chars(end + 1, mac_end, given, 16); ec != std::errc{} || p != mac_end)
    return std::nullopt;
  if (given != mac(registrant)) return std::nullopt;
  // One spelling per token: the issued one (no leading zeros, lower-case hex), so a token cannot be
  // varied to dodge a cache, a rate limit or a log search.
  if (token != issue(registrant)) return std::nullopt;
  return registrant;
}

}  // namespace slotrush::mock
