#include "sim/random/random_stream.hpp"

#include <stdexcept>

namespace slotrush {
namespace {

constexpr std::uint64_t kGolden = 0x9e3779b97f4a7c15ULL;

// SplitMix64 finaliser: a bijection on 64-bit words with good avalanche.
constexpr std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Chained bijections: for fixed other inputs, distinct seeds/purposes/indices give distinct keys.
constexpr std::uint64_t make_key(std::uint64_t seed, std::uint64_t purpose, std::uint64_t index) noexcept {
  std::uint64_t k = mix64(seed + kGolden);
  k = mix64(k ^ purpose);
  return mix64(k ^ (index * kGolden + 0x632be59bd9b4e019ULL));
}

constexpr std::uint64_t kDeriveTag = 0xd1b54a32d192ed03ULL;  // separates child keys from roots

}  // namespace

RandomStream::RandomStream(std::uint64_t seed, std::string_view purpose, std::uint64_t index) noexcept
    : RandomStream(FromKey{}, make_key(seed, purpose_hash(purpose), index)) {}

RandomStream::RandomStream(FromKey, std::uint64_t key) noexcept : key_(key), s_{} {
  std::uint64_t sm = key;  // SplitMix64 sequence seeded with the key fills the state
  for (auto& word : s_) {
    sm += kGolden;
    word = mix64(sm);
  }
  // Consecutive SplitMix64 outputs are distinct, so at most one word is zero; guard anyway.
  if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = kGolden;
}

RandomStream RandomStream::derive(std::string_view purpose, std::uint64_t index) const noexcept {
  return RandomStream(FromKey{}, make_key(key_ ^ kDeriveTag, purpose_hash(purpose), index));
}

std::uint64_t RandomStream::below(std::uint64_t n) {
  if (n == 0) throw std::invalid_argument("RandomStream::below: n must be > 0");
  __extension__ using u128 = unsigned __int128;
  u128 m = static_cast<u128>(next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = static_cast<u128>(next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

}  // namespace slotrush
