#include "sim/scenario/field_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <utility>

#include "sim/scenario/units.hpp"

namespace slotrush::scenario_detail {

namespace {

using Kind = SourceNode::Kind;

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                        std::tolower(static_cast<unsigned char>(b[j - 1]));
      const std::size_t next = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.size()];
}

std::string join(std::span<const std::string_view> names) {
  std::string text;
  for (std::string_view n : names) text += (text.empty() ? "" : ", ") + std::string(n);
  return text;
}

std::string did_you_mean(std::string_view found, std::span<const std::string_view> names) {
  const auto best = closest_name(found, names);
  return best ? "did you mean '" + std::string(*best) + "'? " : "";
}

std::string format_number(double value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

std::string describe_range(NumberRange r) {
  if (r.max >= 1e300) return std::string("a number ") + (r.above_min ? "> " : ">= ") + format_number(r.min);
  return std::string("a number in ") + (r.above_min ? "(" : "[") + format_number(r.min) + ", " +
         format_number(r.max) + "]";
}

std::string describe_whole_range(long long min, long long max) {
  if (max >= 2'000'000'000) return "a whole number >= " + std::to_string(min);
  return "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
}

// Adds the issue "found X; allowed: Y" at the node and returns nullopt (of any type).
struct Reject {
  const SourceNode& node;
  const std::string& path;
  Issues& issues;
  std::nullopt_t operator()(std::string_view allowed, std::string_view note = "",
                            std::string_view hint = "") const {
    std::string message = "found " + describe(node);
    if (!note.empty()) message += " (" + std::string(note) + ")";
    message += "; " + std::string(hint) + "allowed: " + std::string(allowed);
    issues.push_back(make_issue(node.place, path, std::move(message)));
    return std::nullopt;
  }
};

bool looks_numeric(std::string_view text) {
  double ignored = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ignored);
  return ec == std::errc{} && end == text.data() + text.size();
}

std::optional<SimTime> read_time_of_day_value(const SourceNode& node, const std::string& path,
                                              Issues& issues) {
  const Reject reject{node, path, issues};
  if (node.kind != Kind::Scalar) return reject(kTimeOfDaySyntax);
  const auto t = parse_time_of_day(node.text);
  if (!t) return reject(kTimeOfDaySyntax);
  return t;
}

// {deterministic: 1s}, {exponential: {mean: 500ms}}, {uniform: {low: 2s, high: 5s}},
// {normal: {mean: 0s, stddev: 20s}}, {lognormal: {median: 300ms, p99: 3s}},
// {empirical: {values: [1s, 2s], weights: [0.5, 0.5]}}; durations become seconds.
constexpr std::string_view kLaws[] = {"deterministic", "exponential", "uniform",
                                      "normal",        "lognormal",   "empirical"};
constexpr std::string_view kDistributionSyntax =
    "a map with one law: {deterministic: 1s}, {exponential: {mean: 500ms}}, "
    "{uniform: {low: 2s, high: 5s}}, {normal: {mean: 0s, stddev: 20s}}, "
    "{lognormal: {median: 300ms, p99: 3s}} or {empirical: {values: [1s, 2s], weights: [0.7, 0.3]}}";

// Division, not to_seconds' multiplication by 1e-9, so that 30s is exactly 30.0.
double seconds(SimTime t) { return static_cast<double>(t) / 1e9; }

std::optional<Distribution> read_law(std::string_view law, FieldReader& p, DurationSign sign) {
  const auto law_issue = [&](std::string_view key, std::string message) {
    p.issues().push_back(make_issue(p.place_of(key), p.path_of(key), std::move(message)));
    return std::nullopt;
  };
  if (law == "exponential") {
    SimTime mean = 0;
    if (!p.require("mean") || !p.duration("mean", mean, DurationSign::Positive)) return std::nullopt;
    return Exponential(seconds(mean));
  }
  if (law == "uniform") {
    SimTime low = 0, high = 0;
    const bool has_both = p.require("low") & p.require("high");
    if (!has_both || !(p.duration("low", low, sign) & p.duration("high", high, sign)))
      return std::nullopt;
    if (low > high) return law_issue("high", "high is below low; allowed: low <= high");
    return Uniform(seconds(low), seconds(high));
  }
  if (law == "normal") {
    SimTime mean = 0, stddev = 0;
    const bool has_both = p.require("mean") & p.require("stddev");
    if (!has_both || !(p.duration("mean", mean, sign) & p.duration("stddev", stddev)))
      return std::nullopt;
    return Normal(seconds(mean), seconds(stddev));
  }
  if (law == "lognormal") {
    SimTime median = 0, p99 = 0;
    const bool has_both = p.require("median") & p.require("p99");
    if (!has_both || !(p.duration("median", median, DurationSign::Positive) &
                       p.duration("p99", p99, DurationSign::Positive)))
      return std::nullopt;
    if (p99 < median) return law_issue("p99", "p99 is below the median; allowed: p99 >= median");
    return LogNormal::from_median_p99(seconds(median), seconds(p99));
  }
  // empirical
  std::vector<double> values, weights;
  const bool has_both = p.require("values") & p.require("weights");
  const SourceNode* value_list = p.take("values");
  const SourceNode* weight_list = p.take("weights");
  if (!has_both) return std::nullopt;
  bool ok = true;
  for (const auto& [list, key] : {std::pair{value_list, "values"}, std::pair{weight_list, "weights"}}) {
    if (list->kind != Kind::Sequence || list->items.empty()) {
      Reject{*list, p.path_of(key), p.issues()}("a non-empty list");
      ok = false;
      continue;
    }
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const std::string item_path = p.path_of(key) + "[" + std::to_string(i) + "]";
      if (list == value_list) {
        const auto v = read_duration(list->items[i], item_path, sign, p.issues());
        ok = ok && v.has_value();
        if (v) values.push_back(seconds(*v));
      } else {
        const auto w = read_number(list->items[i], item_path, kNonNegative, p.issues());
        ok = ok && w.has_value();
        if (w) weights.push_back(*w);
      }
    }
  }
  if (!ok) return std::nullopt;
  if (values.size() != weights.size())
    return law_issue("weights", "found " + std::to_string(weights.size()) + " weights for " +
                                    std::to_string(values.size()) +
                                    " values; allowed: one weight per value");
  if (std::all_of(weights.begin(), weights.end(), [](double w) { return w == 0.0; }))
    return law_issue("weights", "found only zero weights; allowed: at least one weight > 0");
  return Empirical(std::move(values), std::move(weights));
}

// Reads `key` with `read` (a value reader above) into `out` when present and valid.
template <typename T, typename Read>
bool read_into(FieldReader& reader, std::string_view key, T& out, Read read) {
  const SourceNode* value = reader.take(key);
  if (value == nullptr) return false;
  const auto v = read(*value, reader.path_of(key));
  if (v) out = static_cast<T>(*v);
  return v.has_value();
}

}  // namespace

std::optional<std::string_view> closest_name(std::string_view found,
                                             std::span<const std::string_view> names) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::max<std::size_t>(2, found.size() / 3) + 1;
  for (std::string_view n : names) {
    const std::size_t d = edit_distance(found, n);
    if (d < best_distance) best = n, best_distance = d;
  }
  if (best) return best;
  // Failing a close spelling, a name that starts the other ("booking" -> "book").
  for (std::string_view n : names) {
    const std::size_t shorter = std::min(found.size(), n.size());
    if (shorter >= 3 && edit_distance(found.substr(0, shorter), n.substr(0, shorter)) == 0)
      return n;
  }
  return std::nullopt;
}

std::optional<long long> read_whole(const SourceNode& node, const std::string& path, long long min,
                                    long long max, Issues& issues) {
  const Reject reject{node, path, issues};
  const std::string allowed = describe_whole_range(min, max);
  if (node.kind != Kind::Scalar) return reject(allowed);
  long long value = 0;
  const std::string& t = node.text;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size() || value < min || value > max)
    return reject(allowed);
  return value;
}

std::optional<double> read_number(const SourceNode& node, const std::string& path,
                                  NumberRange range, Issues& issues) {
  const Reject reject{node, path, issues};
  if (node.kind != Kind::Scalar) return reject(describe_range(range));
  double value = 0;
  const std::string& t = node.text;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), value);
  if (ec != std::errc{} || end != t.data() + t.size() || !std::isfinite(value))
    return reject(describe_range(range));
  const bool below = range.above_min ? value <= range.min : value < range.min;
  if (below || value > range.max) return reject(describe_range(range));
  return value;
}

std::optional<SimTime> read_duration(const SourceNode& node, const std::string& path,
                                     DurationSign sign, Issues& issues) {
  const Reject reject{node, path, issues};
  std::string allowed(kDurationSyntax);
  if (sign == DurationSign::NonNegative) allowed = "a duration >= 0s: " + allowed;
  if (sign == DurationSign::Positive) allowed = "a duration > 0s: " + allowed;
  if (node.kind != Kind::Scalar) return reject(allowed);
  const auto t = parse_duration(node.text);
  if (!t) return reject(allowed, looks_numeric(node.text) ? "a number without a unit" : "");
  if ((sign == DurationSign::NonNegative && *t < 0) || (sign == DurationSign::Positive && *t <= 0))
    return reject(allowed);
  return t;
}

FieldReader::FieldReader(const SourceNode* node, std::string path, const SourcePlace& parent_place,
                         Issues& issues)
    : node_(node), path_(std::move(path)), parent_place_(parent_place), issues_(issues) {}

FieldReader::~FieldReader() {
  if (node_ == nullptr) return;
  const std::vector<std::string_view> known(known_.begin(), known_.end());
  for (const SourceEntry& e : node_->entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    issues_.push_back(make_issue(e.key_place, path_of(e.key),
                                 "unknown key '" + e.key + "'; " + did_you_mean(e.key, known) +
                                     "allowed keys here: " + join(known)));
  }
}

std::string FieldReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const SourcePlace& FieldReader::place_of(std::string_view key) const {
  if (node_ == nullptr) return parent_place_;
  const SourceNode* value = node_->find(key);
  return value ? value->place : node_->place;
}

const SourceNode* FieldReader::take(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  return node_ ? node_->find(key) : nullptr;
}

bool FieldReader::require(std::string_view key) {
  if (take(key)) return true;
  issues_.push_back(make_issue(place_of(key), path_of(key),
                               "missing key '" + std::string(key) + "'; it is required here"));
  return false;
}

FieldReader FieldReader::section(std::string_view key) {
  const SourceNode* value = take(key);
  const SourcePlace& fallback = node_ ? node_->place : parent_place_;
  if (value && value->kind == Kind::Null) value = nullptr;  // `key:` alone: all defaults
  if (value && value->kind != Kind::Map) {
    Reject{*value, path_of(key), issues_}("a map of the keys listed in docs/scenario-reference.md");
    value = nullptr;
  }
  return FieldReader(value, path_of(key), value ? value->place : fallback, issues_);
}

bool FieldReader::list(std::string_view key, const std::function<void(FieldReader&)>& read_item) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  if (value->kind != Kind::Sequence) {
    Reject{*value, path_of(key), issues_}("a list (`- item` lines or [a, b])");
    return false;
  }
  for (std::size_t i = 0; i < value->items.size(); ++i) {
    const SourceNode& item = value->items[i];
    const std::string item_path = path_of(key) + "[" + std::to_string(i) + "]";
    if (item.kind != Kind::Map) {
      Reject{item, item_path, issues_}("a map of keys");
      continue;
    }
    FieldReader reader(&item, item_path, item.place, issues_);
    read_item(reader);
  }
  return true;
}

bool FieldReader::text(std::string_view key, std::string& out, bool allow_empty) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  if (value->kind != Kind::Scalar || (!allow_empty && value->text.empty())) {
    Reject{*value, path_of(key), issues_}(allow_empty ? "a text" : "a non-empty text");
    return false;
  }
  out = value->text;
  return true;
}

bool FieldReader::boolean(std::string_view key, bool& out) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  if (value->kind != Kind::Scalar || (value->text != "true" && value->text != "false")) {
    Reject{*value, path_of(key), issues_}("true or false");
    return false;
  }
  out = value->text == "true";
  return true;
}

bool FieldReader::whole(std::string_view key, int& out, long long min, long long max) {
  return read_into(*this, key, out, [&](const SourceNode& value, const std::string& path) {
    return read_whole(value, path, min, max, issues_);
  });
}

bool FieldReader::seed(std::string_view key, std::uint64_t& out) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  std::uint64_t v = 0;
  const std::string& t = value->text;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (value->kind != Kind::Scalar || ec != std::errc{} || end != t.data() + t.size()) {
    Reject{*value, path_of(key), issues_}("a whole number from 0 to 18446744073709551615");
    return false;
  }
  out = v;
  return true;
}

bool FieldReader::number(std::string_view key, double& out, NumberRange range) {
  return read_into(*this, key, out, [&](const SourceNode& value, const std::string& path) {
    return read_number(value, path, range, issues_);
  });
}

bool FieldReader::duration(std::string_view key, SimTime& out, DurationSign sign) {
  return read_into(*this, key, out, [&](const SourceNode& value, const std::string& path) {
    return read_duration(value, path, sign, issues_);
  });
}

bool FieldReader::time_of_day(std::string_view key, SimTime& out) {
  return read_into(*this, key, out, [&](const SourceNode& value, const std::string& path) {
    return read_time_of_day_value(value, path, issues_);
  });
}

bool FieldReader::distribution(std::string_view key, Distribution& out, DurationSign sign) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  const std::string path = path_of(key);
  if (value->kind != Kind::Map || value->entries.size() != 1) {
    Reject{*value, path, issues_}(kDistributionSyntax);
    return false;
  }
  const SourceEntry& law = value->entries.front();
  const std::string law_path = path + "." + law.key;
  if (std::find(std::begin(kLaws), std::end(kLaws), law.key) == std::end(kLaws)) {
    issues_.push_back(make_issue(law.key_place, law_path,
                                 "unknown distribution '" + law.key + "'; " +
                                     did_you_mean(law.key, kLaws) + "allowed: " + join(kLaws)));
    return false;
  }
  std::optional<Distribution> d;
  try {
    if (law.key == "deterministic") {
      if (const auto t = read_duration(law.value, law_path, sign, issues_))
        d = Deterministic(seconds(*t));
    } else if (law.value.kind != Kind::Map) {
      Reject{law.value, law_path, issues_}(kDistributionSyntax);
    } else {
      FieldReader parameters(&law.value, law_path, law.value.place, issues_);
      d = read_law(law.key, parameters, sign);
    }
  } catch (const std::invalid_argument& e) {  // a law's own check, should ours have missed one
    issues_.push_back(make_issue(law.key_place, law_path, e.what()));
  }
  if (d) out = std::move(*d);
  return d.has_value();
}

bool FieldReader::choice_index(std::string_view key, std::size_t& index,
                               std::span<const std::string_view> names) {
  const SourceNode* value = take(key);
  if (value == nullptr) return false;
  const auto at = value->kind == Kind::Scalar
                      ? std::find(names.begin(), names.end(), value->text)
                      : names.end();
  if (at == names.end()) {
    const std::string hint = value->kind == Kind::Scalar ? did_you_mean(value->text, names) : "";
    Reject{*value, path_of(key), issues_}("one of " + join(names), "", hint);
    return false;
  }
  index = static_cast<std::size_t>(at - names.begin());
  return true;
}

}  // namespace slotrush::scenario_detail
