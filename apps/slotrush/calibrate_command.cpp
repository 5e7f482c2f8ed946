// `slotrush calibrate BASE --vary FIELD=LOW:HIGH ... --target KPI=LOW:HIGH ... --out DIR`: searches
// the box of the varied fields (NLopt, derivative-free, bounded) for a point where every target KPI's
// mean over R replications falls inside its range. Every evaluation uses the same seed and streams
// (common random numbers), so the objective is a deterministic function of the point; evaluations are
// cached by their rounded point. Writes evaluations.csv, calibration.json, calibrated.yaml (extends
// BASE) and results.json of the best point; exit 6 when not every target was met (docs/calibration.md).
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <nlopt.hpp>
#include <yaml-cpp/yaml.h>

#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/scenario_runs.hpp"
#include "sim/results/kpi.hpp"
#include "sim/scenario/field_reader.hpp"
#include "sim/scenario/scenario_override.hpp"

namespace slotrush::cli {

namespace {

// One --vary: a scenario field searched between two values of the same unit.
struct VariedField {
  std::string path;
  double low = 0, high = 0;
  std::string unit;      // "" for plain numbers, else the duration suffix both bounds were written with
  bool integer = false;  // the schema wants a whole number: points are rounded
  std::string origin;
};

// One --target: a KPI whose mean must fall in [low, high].
struct KpiTarget {
  Kpi kpi{};
  double low = 0, high = 0;
};

// One simulated point: the values set, each target KPI's mean (NaN: absent), the objective.
struct Evaluation {
  std::vector<double> point;
  std::vector<double> means;
  double objective = 0;
};

// "LOW:HIGH" as two numbers with the same unit suffix; std::invalid_argument naming `origin`.
struct Bounds {
  double low, high;
  std::string unit;
};
Bounds parse_bounds(const std::string& text, const std::string& origin, bool allow_unit) {
  static const std::regex number(R"(^\s*(-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-z]*)\s*$)");
  const auto colon = text.find(':');
  std::smatch a, b;
  const std::string lo = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string hi = colon == std::string::npos ? "" : text.substr(colon + 1);
  const std::string allowed = allow_unit ? "LOW:HIGH, two numbers with the same unit, e.g. 4:16 or 1s:30s"
                                         : "LOW:HIGH, two numbers, e.g. 60:180";
  if (colon == std::string::npos || !std::regex_match(lo, a, number) || !std::regex_match(hi, b, number))
    throw std::invalid_argument(fmt::format("{}: found '{}'; allowed: {}", origin, text, allowed));
  if (a[2] != b[2] || (!allow_unit && a[2].length() > 0))
    throw std::invalid_argument(fmt::format("{}: found '{}' (units '{}' and '{}'); allowed: {}", origin, text,
                                            a[2].str(), b[2].str(), allowed));
  const double l = std::stod(a[1]), h = std::stod(b[1]);
  if (!(l <= h))
    throw std::invalid_argument(fmt::format("{}: found LOW {} above HIGH {}; allowed: LOW <= HIGH", origin, l, h));
  return {l, h, a[2]};
}

std::string value_text(const VariedField& f, double x) {
  if (f.integer) return fmt::format("{}", static_cast<long long>(std::llround(x)));
  return fmt::format("{:.6g}{}", x, f.unit);
}

double rounded(const VariedField& f, double x) {
  return f.integer ? std::round(x) : std::round(x * 1e6) / 1e6;
}

std::vector<ScenarioOverride> overrides_at(const std::vector<VariedField>& fields, const std::vector<double>& x) {
  std::vector<ScenarioOverride> o;
  for (std::size_t i = 0; i < fields.size(); ++i)
    o.push_back({fields[i].path, value_text(fields[i], x[i]), fields[i].origin});
  return o;
}

// Squared distance of `mean` outside [low, high] in units of the range's width (0 inside); an absent
// KPI counts as far outside.
double target_distance(const KpiTarget& t, double mean) {
  if (std::isnan(mean)) return 1e6;
  const double width = t.high > t.low ? t.high - t.low : std::max(std::abs(t.high), 1.0);
  const double d = mean < t.low ? (t.low - mean) / width : mean > t.high ? (mean - t.high) / width : 0.0;
  return d * d;
}

KpiTarget parse_target(const std::string& text) {
  const std::string origin = "--target " + text;
  const auto eq = text.find('=');
  const std::string name = eq == std::string::npos ? text : text.substr(0, eq);
  const auto kpi = kpi_from_name(name);
  if (!kpi) {
    std::vector<std::string_view> names;
    for (const KpiInfo& k : kKpiInfo) names.push_back(k.name);
    const auto near = scenario_detail::closest_name(name, names);
    std::string list;
    for (std::string_view n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    throw std::invalid_argument(fmt::format("{}: found KPI '{}'{}; allowed: {}", origin, name,
                                            near ? fmt::format(" (did you mean '{}'?)", *near) : "", list));
  }
  if (eq == std::string::npos)
    throw std::invalid_argument(fmt::format("{}: found no '='; allowed: KPI=LOW:HIGH", origin));
  const Bounds b = parse_bounds(text.substr(eq + 1), origin, false);
  return {*kpi, b.low, b.high};
}

// Parses every --vary, and proves the LOW and HIGH corners load (a ScenarioError otherwise, exit 2).
// A field is taken as whole-numbered when its bounds are whole and the scenario refuses a half.
std::vector<VariedField> parse_fields(const std::string& base, const std::vector<std::string>& texts) {
  std::vector<VariedField> fields;
  for (const std::string& text : texts) {
    const ScenarioOverride o = parse_override(text, "--vary");
    const Bounds b = parse_bounds(o.value, o.origin, true);
    fields.push_back({o.path, b.low, b.high, b.unit, false, o.origin});
  }
  std::vector<double> lows, highs;
  for (const auto& f : fields) lows.push_back(f.low), highs.push_back(f.high);
  load_scenario(base, overrides_at(fields, lows));
  load_scenario(base, overrides_at(fields, highs));
  for (std::size_t i = 0; i < fields.size(); ++i) {
    VariedField& f = fields[i];
    if (!f.unit.empty() || f.low != std::floor(f.low) || f.high != std::floor(f.high)) continue;
    std::vector<double> probe = lows;
    probe[i] = f.low + 0.5;
    try {
      load_scenario(base, overrides_at(fields, probe));
    } catch (const ScenarioError&) {
      f.integer = true;
    }
  }
  return fields;
}

// The fields' values for calibrated.yaml, nested as maps; a path through a list (`tiers[api]`) copies
// the base file's whole list, since `extends` replaces lists whole.
YAML::Node calibrated_tree(const std::string& base, const std::vector<VariedField>& fields,
                           const std::vector<double>& x) {
  static const std::regex segment(R"(^([A-Za-z_0-9]+)(?:\[([^\]]+)\])?$)");
  const YAML::Node source = YAML::LoadFile(base);
  YAML::Node out(YAML::NodeType::Map);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::vector<std::string> parts;
    std::string_view rest = fields[i].path;
    while (true) {
      const auto dot = rest.find('.');
      parts.emplace_back(rest.substr(0, dot));
      if (dot == std::string_view::npos) break;
      rest.remove_prefix(dot + 1);
    }
    YAML::Node node;
    node.reset(out);
    YAML::Node from;
    from.reset(source);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      std::smatch m;
      if (!std::regex_match(parts[p], m, segment)) throw std::invalid_argument(fields[i].origin + ": path not writable");
      const std::string key = m[1];
      const bool last = p + 1 == parts.size();
      // Node::operator= would write through to the node referred to; reset() rebinds the handle.
      from.reset(from && from.IsMap() ? YAML::Node(from[key]) : YAML::Node());
      if (!m[2].matched) {
        if (last) { node[key] = value_text(fields[i], x[i]); break; }
        if (!node[key]) node[key] = YAML::Node(YAML::NodeType::Map);
        node.reset(node[key]);
        continue;
      }
      if (!node[key]) {
        if (!from || !from.IsSequence())
          throw std::runtime_error(fmt::format("{}: the list {} is not in {} itself (inherited?); calibrated.yaml "
                                               "cannot set one item of it", fields[i].origin, key, base));
        node[key] = YAML::Clone(from);
      }
      YAML::Node list = node[key];
      const std::string sel = m[2];
      YAML::Node item;
      for (std::size_t k = 0; k < list.size(); ++k)
        if (std::to_string(k) == sel || (list[k]["name"] && list[k]["name"].as<std::string>() == sel)) item = list[k];
      if (!item) throw std::runtime_error(fields[i].origin + ": no list item " + sel + " in " + base);
      if (last) throw std::invalid_argument(fields[i].origin + ": a list item is not a value");
      node.reset(item);
      from.reset(YAML::Node());
    }
  }
  return out;
}

struct CalibrateOptions {
  std::string base;
  std::vector<std::string> vary, target;
  std::size_t replications = 2;
  std::optional<std::uint64_t> seed;
  std::size_t max_evaluations = 30;
  unsigned threads = 0;
  std::string out;
  std::string command_line;
};

int run_calibrate(const CalibrateOptions& o) {
  std::vector<KpiTarget> targets;
  for (const std::string& t : o.target) targets.push_back(parse_target(t));
  const std::vector<VariedField> fields = parse_fields(o.base, o.vary);
  check_writable(o.out);  // only once every input is known good: a bad one leaves nothing behind

  std::map<std::vector<double>, Evaluation> cache;
  std::size_t phase_limit = o.max_evaluations;  // distinct points the current algorithm may reach
  std::vector<Evaluation> order;
  std::optional<Evaluation> best;
  std::optional<Results> best_results;
  const std::uint64_t seed = o.seed ? *o.seed : load_scenario(o.base).seed;

  auto evaluate = [&](const std::vector<double>& raw) -> double {
    std::vector<double> x(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) x[i] = rounded(fields[i], raw[i]);
    if (auto hit = cache.find(x); hit != cache.end()) return hit->second.objective;
    if (order.size() >= phase_limit) throw nlopt::forced_stop();
    Scenario s = load_scenario(o.base, overrides_at(fields, x));
    s.seed = seed;  // the same seed and streams at every point: common random numbers
    RunOptions run;
    run.replications = o.replications;
    run.threads = o.threads;
    run.progress = false;
    Results r = simulate_scenario(s, run);
    Evaluation e{x, {}, 0};
    for (const KpiTarget& t : targets) {
      const auto& ci = r[t.kpi].interval;
      e.means.push_back(ci ? ci->mean : std::numeric_limits<double>::quiet_NaN());
      e.objective += target_distance(t, e.means.back());
    }
    std::string line = fmt::format("eval {:>3}:", order.size() + 1);
    for (std::size_t i = 0; i < fields.size(); ++i) line += fmt::format(" {}={}", fields[i].path, value_text(fields[i], x[i]));
    line += "  ->";
    for (std::size_t i = 0; i < targets.size(); ++i) line += fmt::format(" {}={:.6g}", info(targets[i].kpi).name, e.means[i]);
    fmt::print(stderr, "{}  objective {:.6g}\n", line, e.objective);
    cache.emplace(x, e);
    order.push_back(e);
    if (!best || e.objective < best->objective) best = e, best_results = std::move(r);
    if (e.objective == 0) throw nlopt::forced_stop();  // every target met (DIRECT checks stopval late)
    return e.objective;
  };

  // A short global pass (DIRECT-L, which samples the whole box and does not stall on the plateaus that
  // rounding to whole numbers makes), then a local simplex (Sbplx) from its best point.
  const unsigned n = static_cast<unsigned>(fields.size());
  std::vector<double> lower, upper, x0;
  for (const auto& f : fields) lower.push_back(f.low), upper.push_back(f.high), x0.push_back((f.low + f.high) / 2);
  auto objective = [](const std::vector<double>& x, std::vector<double>&, void* data) {
    return (*static_cast<decltype(evaluate)*>(data))(x);
  };
  const std::size_t global_budget = std::max<std::size_t>(1, o.max_evaluations * 3 / 5);
  for (const nlopt::algorithm algorithm : {nlopt::GN_DIRECT_L, nlopt::LN_SBPLX}) {
    if (best && best->objective == 0) break;
    if (order.size() >= o.max_evaluations) break;
    nlopt::opt opt(algorithm, n);
    opt.set_lower_bounds(lower);
    opt.set_upper_bounds(upper);
    opt.set_min_objective(objective, &evaluate);
    opt.set_stopval(0.0);
    opt.set_maxeval(static_cast<int>(20 * o.max_evaluations));  // calls, cached ones included
    opt.set_xtol_abs(1e-3);
    if (algorithm == nlopt::LN_SBPLX) {
      std::vector<double> step;
      for (const auto& f : fields) step.push_back(std::max((f.high - f.low) / 4, f.integer ? 1.0 : 0.0));
      opt.set_initial_step(step);
      x0 = best ? best->point : x0;
    }
    phase_limit = algorithm == nlopt::GN_DIRECT_L ? global_budget : o.max_evaluations;
    std::vector<double> x = x0;
    double value = 0;
    try {
      opt.optimize(x, value);
    } catch (const nlopt::forced_stop&) {
    } catch (const nlopt::roundoff_limited&) {
    }
  }
  if (!best) throw std::runtime_error("no point was evaluated");

  // Report: table, files.
  bool met = true;
  fmt::print("best point after {} evaluations (objective {:.6g}):\n", order.size(), best->objective);
  for (std::size_t i = 0; i < fields.size(); ++i)
    fmt::print("  {:<36} {}   (searched {}..{})\n", fields[i].path, value_text(fields[i], best->point[i]),
               value_text(fields[i], fields[i].low), value_text(fields[i], fields[i].high));
  fmt::print("  {:<28} {:>14} {:>24}  {}\n", "target", "mean", "wanted", "");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const bool ok = target_distance(targets[i], best->means[i]) == 0;
    met = met && ok;
    fmt::print("  {:<28} {:>14} {:>24}  {}\n", info(targets[i].kpi).name,
               format_estimate(best_results->kpis[static_cast<std::size_t>(targets[i].kpi)].interval),
               fmt::format("[{:.6g}, {:.6g}]", targets[i].low, targets[i].high), ok ? "met" : "NOT MET");
  }
  const std::filesystem::path dir = o.out;
  {
    std::ofstream csv(dir / "evaluations.csv");
    csv << "evaluation";
    for (const auto& f : fields) csv << ',' << f.path;
    for (const auto& t : targets) csv << ',' << info(t.kpi).name;
    csv << ",objective\n";
    for (std::size_t k = 0; k < order.size(); ++k) {
      csv << k + 1;
      for (std::size_t i = 0; i < fields.size(); ++i) csv << ',' << value_text(fields[i], order[k].point[i]);
      for (double m : order[k].means) csv << ',' << fmt::format("{:.9g}", m);
      csv << ',' << fmt::format("{:.9g}", order[k].objective) << '\n';
    }
  }
  nlohmann::json j;
  j["base"] = o.base;
  j["command"] = o.command_line;
  j["seed"] = seed;
  j["replications"] = o.replications;
  j["evaluations"] = order.size();
  j["objective"] = best->objective;
  j["all_targets_met"] = met;
  for (std::size_t i = 0; i < fields.size(); ++i)
    j["fields"].push_back({{"path", fields[i].path}, {"low", value_text(fields[i], fields[i].low)},
                           {"high", value_text(fields[i], fields[i].high)}, {"integer", fields[i].integer},
                           {"best", value_text(fields[i], best->point[i])}});
  for (std::size_t i = 0; i < targets.size(); ++i)
    j["targets"].push_back({{"kpi", info(targets[i].kpi).name}, {"low", targets[i].low}, {"high", targets[i].high},
                            {"mean", std::isnan(best->means[i]) ? nlohmann::json() : nlohmann::json(best->means[i])},
                            {"met", target_distance(targets[i], best->means[i]) == 0}});
  std::ofstream(dir / "calibration.json") << j.dump(2) << '\n';

  const std::filesystem::path calibrated = dir / "calibrated.yaml";
  {
    std::ofstream y(calibrated);
    y << "# Calibrated by: " << o.command_line << "\n# Targets:";
    for (const std::string& t : o.target) y << ' ' << t;
    y << "\n# " << (met ? "All targets met" : "NOT every target met: this is the closest point found")
      << fmt::format(" (objective {:.6g}, {} evaluations, {} replications, seed {}).\n", best->objective,
                     order.size(), o.replications, seed);
    YAML::Emitter e;
    e << calibrated_tree(o.base, fields, best->point);
    y << "extends: "
      << std::filesystem::relative(std::filesystem::absolute(o.base), std::filesystem::absolute(dir)).string()
      << '\n' << e.c_str() << '\n';
  }
  load_scenario(calibrated);  // what was written must load, and be the best point
  write_results(*best_results, dir, "results");
  if (!met) {
    fmt::print(stderr, "calibrate: not every target was met; the closest point is above (exit {})\n",
               kExitTargetsNotMet);
    return kExitTargetsNotMet;
  }
  return 0;
}

}  // namespace

Command add_calibrate_command(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "fit scenario fields so target KPIs fall in ranges (NLopt, common random numbers)");
  cmd->add_option("base", o->base, "base scenario YAML file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--vary", o->vary, "FIELD=LOW:HIGH, a scenario path (docs/scenario-reference.md)")->required();
  cmd->add_option("--target", o->target, "KPI=LOW:HIGH, a KPI name from results.json")->required();
  cmd->add_option("--replications,-r", o->replications, "replications per evaluation")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))->capture_default_str();
  cmd->add_option("--seed", o->seed, "seed of every evaluation (default: the scenario's)");
  cmd->add_option("--max-evaluations", o->max_evaluations, "most distinct points simulated")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))->capture_default_str();
  cmd->add_option("--threads", o->threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_option("--out", o->out, "directory for evaluations.csv, calibration.json, calibrated.yaml, results.json")
      ->required();
  return [o] {
    o->command_line = "slotrush calibrate " + o->base;
    for (const auto& v : o->vary) o->command_line += " --vary " + v;
    for (const auto& t : o->target) o->command_line += " --target " + t;
    o->command_line += fmt::format(" -r {}{} --max-evaluations {} --out {}", o->replications,
                                   o->seed ? fmt::format(" --seed {}", *o->seed) : "", o->max_evaluations, o->out);
    return run_calibrate(*o);
  };
}

}  // namespace slotrush::cli
