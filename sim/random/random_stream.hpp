// RandomStream: a keyed xoshiro256++ generator; every consumer gets its own stream derived from
// (seed, purpose, index), so results are identical across runs, platforms and thread counts
// (streams are keyed, never shared, and draw order in one stream cannot disturb another).
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <string_view>

namespace slotrush {

// FNV-1a 64-bit hash of a stream's purpose label (e.g. "arrivals"); constexpr so labels are free.
constexpr std::uint64_t purpose_hash(std::string_view purpose) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : purpose) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The xoshiro256++ step (Blackman & Vigna) on a generator state, and the [0, 1) double with 53 random
// bits made from one output: what RandomStream and StreamState both draw with.
constexpr std::uint64_t xoshiro256pp_next(std::array<std::uint64_t, 4>& s) noexcept {
  const auto rotl = [](std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  const std::uint64_t result = rotl(s[0] + s[3], 23) + s[0];
  const std::uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}
constexpr double unit_interval(std::uint64_t bits) noexcept { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

// A stream's generator state without its key: 32 bytes, for records that must fit one cache line
// (a simulated device and its own stream). Resume it into a RandomStream, draw, and store the
// stream's state() back; the draws are those the original stream would have made. The commonest
// draws can also be made in place, with no copy out and back (a copy through the stack costs a
// store-forwarding stall on each of ~90 M refused attempts at the launch day's size); they give the
// same values as RandomStream's functions of the same names.
struct StreamState {
  std::array<std::uint64_t, 4> s{};

  double uniform01() noexcept { return unit_interval(xoshiro256pp_next(s)); }
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }
  bool bernoulli(double p) noexcept { return uniform01() < p; }
};

class RandomStream {
 public:
  using result_type = std::uint64_t;

  // An independent stream for (seed, purpose, index); the same triple always yields the same draws.
  RandomStream(std::uint64_t seed, std::string_view purpose, std::uint64_t index = 0) noexcept;

  // A child stream keyed from this stream's key (not its current state): reproducible no matter
  // how many draws were taken from *this.
  [[nodiscard]] RandomStream derive(std::string_view purpose, std::uint64_t index) const noexcept;

  // Continues a parked stream. Its key() is 0: derive children from the original stream instead.
  explicit RandomStream(const StreamState& state) noexcept : key_(0), s_(state.s) {}
  // The generator state alone, to park the stream in a compact record.
  [[nodiscard]] StreamState state() const noexcept { return StreamState{s_}; }

  static constexpr result_type min() noexcept { return 0; }
  static constexpr result_type max() noexcept { return std::numeric_limits<result_type>::max(); }
  result_type operator()() noexcept { return next(); }

  std::uint64_t next() noexcept { return xoshiro256pp_next(s_); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform01() noexcept { return unit_interval(next()); }
  // Uniform in (0, 1]; safe as the argument of -log.
  double uniform_pos01() noexcept { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  // Unbiased integer in [0, n) by Lemire's multiply-and-reject; n must be > 0 (throws otherwise).
  std::uint64_t below(std::uint64_t n);
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) noexcept { return lo + (hi - lo) * uniform01(); }
  // True with probability p (p <= 0 never, p >= 1 always).
  bool bernoulli(double p) noexcept { return uniform01() < p; }

  // The key this stream was derived from (identifies the stream, independent of draws made).
  [[nodiscard]] std::uint64_t key() const noexcept { return key_; }

  friend bool operator==(const RandomStream&, const RandomStream&) = default;

 private:
  struct FromKey {};
  RandomStream(FromKey, std::uint64_t key) noexcept;

  std::uint64_t key_;
  std::array<std::uint64_t, 4> s_;
};

// Runs f(RandomStream&) on a stream: the stream itself, or a parked state resumed and parked again
// after (for the draws a StreamState cannot make in place). Either way, the draws of the stream the
// state stands for.
template <class F>
auto with_stream(RandomStream& rng, F&& f) {
  return f(rng);
}
template <class F>
auto with_stream(StreamState& state, F&& f) {
  RandomStream rng(state);
  auto result = f(rng);
  state = rng.state();
  return result;
}

}  // namespace slotrush
