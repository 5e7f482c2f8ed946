// The inputs of `slotrush calibrate`, parsed and checked before anything runs: each --vary as a field
// searched between two values (or fixed, when LOW == HIGH), each --target as a KPI range, and the
// objective a point's KPI means give (docs/calibration.md). Every mistake is a std::invalid_argument
// or ScenarioError naming the flag, what was found and what is allowed (exit 2).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "sim/results/kpi.hpp"
#include "sim/scenario/scenario_override.hpp"
#include "sim/stats/confidence_interval.hpp"

namespace slotrush::cli {

// One --vary FIELD=LOW:HIGH: a scenario field searched between two values of the same unit.
struct VariedField {
  std::string path;
  double low = 0, high = 0;
  std::string unit;      // "" for plain numbers, else the duration suffix both bounds were written with
  bool integer = false;  // the schema wants a whole number: points are rounded
  std::string origin;
  bool fixed() const { return low == high; }  // not searched: set to LOW at every evaluation
};

// One --target KPI=LOW:HIGH: a KPI whose mean must fall in [low, high].
struct KpiTarget {
  Kpi kpi{};
  double low = 0, high = 0;
};

// The --vary fields, the free ones (searched) and the fixed ones (LOW == HIGH) apart, in flag order
// within each. Both corners of the box must load (a ScenarioError listing every issue otherwise), and
// a field with whole bounds is taken as whole-numbered when the scenario refuses a half.
struct CalibrationFields {
  std::vector<VariedField> free, fixed;
};
CalibrationFields parse_fields(const std::string& base, const std::vector<std::string>& texts);

KpiTarget parse_target(const std::string& text);

// `x` as the scenario text of field `f` ("12", "1.5s").
std::string value_text(const VariedField& f, double x);
// `x` rounded as the field is evaluated: to a whole number, or to a millionth.
double rounded(const VariedField& f, double x);

// The overrides that make the scenario of free point `x`: the fixed fields, then the free ones.
std::vector<ScenarioOverride> overrides_at(const CalibrationFields& fields, const std::vector<double>& x);

// The distance of `mean` outside [low, high] in units of the range's width (a range of width 0: of
// max(|high|, 1)), squared; 0 inside; an absent KPI (NaN) counts 1e6. The objective is their sum.
double target_distance(const KpiTarget& t, double mean);

// What a target judges (--met-by): the mean of the replications, or their whole 95% interval.
enum class TargetJudge { mean, interval };
TargetJudge parse_target_judge(const std::string& text);  // "mean" or "interval"
const char* judge_name(TargetJudge judge);

// A target's term of the objective for a point's estimate over `replications` runs. By the mean:
// target_distance of the mean. By the interval: the interval's ends' distances outside [low, high]
// summed, in range widths, squared, so 0 exactly when the whole interval is inside; a KPI that some
// replication did not produce, or an interval of one run (infinitely wide), counts 1e6.
double judged_distance(const KpiTarget& t, const std::optional<ConfidenceInterval>& estimate,
                       std::size_t replications, TargetJudge judge);

}  // namespace slotrush::cli
