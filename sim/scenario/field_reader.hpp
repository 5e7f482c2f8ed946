// FieldReader: reads the keys of one YAML map into typed values, adding an issue (with the
// value's place, the field path, what was found and what is allowed) for every bad value, and,
// when it goes out of scope, for every key it was never asked about, with a "did you mean"
// suggestion. A reader over an absent map reads nothing, so every field keeps its default.
// Internal to sim/scenario.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/random/distribution.hpp"
#include "sim/scenario/source_tree.hpp"
#include "sim/time/sim_time.hpp"

namespace slotrush::scenario_detail {

// The closest of `names` to `found` (edit distance, ignoring case), if close enough to be a typo.
std::optional<std::string_view> closest_name(std::string_view found,
                                             std::span<const std::string_view> names);

// Inclusive bounds; `above_min` makes the lower bound exclusive.
struct NumberRange {
  double min;
  double max;
  bool above_min = false;
};
inline constexpr NumberRange kProbability{0.0, 1.0};
inline constexpr NumberRange kNonNegative{0.0, 1e300};
inline constexpr NumberRange kPositive{0.0, 1e300, true};

enum class DurationSign { NonNegative, Positive, Any };

template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

class FieldReader {
 public:
  // `node` null: the map is absent. `parent_place` is where issues about a missing key point.
  FieldReader(const SourceNode* node, std::string path, const SourcePlace& parent_place,
              Issues& issues);
  FieldReader(const FieldReader&) = delete;
  FieldReader& operator=(const FieldReader&) = delete;
  ~FieldReader();  // reports unknown keys

  const std::string& path() const noexcept { return path_; }
  std::string path_of(std::string_view key) const;
  // The key's value, or the map's place (or its parent's) when the key is absent.
  const SourcePlace& place_of(std::string_view key) const;
  Issues& issues() const noexcept { return issues_; }

  // Marks `key` as known and returns its value, or nullptr when absent.
  const SourceNode* take(std::string_view key);
  // Marks `key` as known; an issue when absent. True when present.
  bool require(std::string_view key);
  // A nested map; an issue (and an absent reader) when the value is not a map.
  FieldReader section(std::string_view key);
  // A list of maps: calls `read_item` with a reader for each item. False when the key is absent.
  bool list(std::string_view key, const std::function<void(FieldReader&)>& read_item);

  // Each returns true when the key was present and its value valid and stored in `out`.
  bool text(std::string_view key, std::string& out, bool allow_empty = true);
  bool boolean(std::string_view key, bool& out);
  bool whole(std::string_view key, int& out, long long min, long long max = 2'000'000'000);
  bool seed(std::string_view key, std::uint64_t& out);
  bool number(std::string_view key, double& out, NumberRange range);
  bool probability(std::string_view key, double& out) { return number(key, out, kProbability); }
  bool duration(std::string_view key, SimTime& out, DurationSign sign = DurationSign::NonNegative);
  bool time_of_day(std::string_view key, SimTime& out);
  bool distribution(std::string_view key, Distribution& out, DurationSign sign);
  template <typename E>
  bool choice(std::string_view key, E& out, std::span<const EnumName<E>> names);

 private:
  bool choice_index(std::string_view key, std::size_t& index,
                    std::span<const std::string_view> names);

  const SourceNode* node_;
  std::string path_;
  SourcePlace parent_place_;
  Issues& issues_;
  std::vector<std::string> known_;
};

template <typename E>
bool FieldReader::choice(std::string_view key, E& out, std::span<const EnumName<E>> names) {
  std::vector<std::string_view> texts;
  for (const EnumName<E>& n : names) texts.push_back(n.name);
  std::size_t index = 0;
  if (!choice_index(key, index, texts)) return false;
  out = names[index].value;
  return true;
}

// Value readers for items of lists and keys of maps; each adds an issue and returns nullopt when
// the value is not allowed.
std::optional<long long> read_whole(const SourceNode& node, const std::string& path, long long min,
                                    long long max, Issues& issues);
std::optional<double> read_number(const SourceNode& node, const std::string& path,
                                  NumberRange range, Issues& issues);
std::optional<SimTime> read_duration(const SourceNode& node, const std::string& path,
                                     DurationSign sign, Issues& issues);

}  // namespace slotrush::scenario_detail
