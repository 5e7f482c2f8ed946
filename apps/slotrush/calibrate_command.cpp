// `slotrush calibrate BASE --vary FIELD=LOW:HIGH ... --target KPI=LOW:HIGH ... --out DIR`: searches
// the box of the varied fields (NLopt, derivative-free, bounded) for a point where every target KPI's
// mean over R replications falls inside its range. Every evaluation uses the same seed and streams
// (common random numbers, apps/slotrush/point_runs.hpp), so the objective is a deterministic function
// of the point; evaluations are cached by their rounded point. A field with LOW == HIGH is fixed, not
// searched; with no free field the base is evaluated once. Writes evaluations.csv, calibration.json,
// calibrated.yaml (extends BASE), results.json of the best point and timing.csv (each run's CPU time,
// by evaluation); exit 6 when not every target was met (docs/calibration.md). With --shard I/N
// --exchange DIR, N processes run the one search in lockstep, each simulating its share of every
// evaluation's replications (EvaluationExchange).
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <nlopt.hpp>

#include "apps/slotrush/calibrate_inputs.hpp"
#include "apps/slotrush/calibrated_yaml.hpp"
#include "apps/slotrush/commands.hpp"
#include "apps/slotrush/evaluation_exchange.hpp"
#include "apps/slotrush/flag_checks.hpp"
#include "apps/slotrush/point_runs.hpp"
#include "apps/slotrush/scenario_runs.hpp"

namespace slotrush::cli {

namespace {

struct CalibrateOptions {
  std::string base;
  std::vector<std::string> vary, target;
  std::size_t replications = 2;
  std::optional<std::uint64_t> seed;
  std::size_t max_evaluations = 30;
  unsigned threads = 0;
  bool quiet = false;
  std::string out;
  std::string command_line;
  std::string shard;            // --shard I/N or auto; empty: all replications here
  std::string exchange;         // --exchange DIR: where the shards meet at every evaluation
  unsigned exchange_timeout = 600;  // seconds a shard waits for the others at one evaluation
  std::string met_by = "mean";      // --met-by: what a target judges, the mean or its whole interval
};

// One simulated point: the free fields' values, each target KPI's mean (NaN: absent),
// each target's term of the objective, and the objective (their sum).
struct Evaluation {
  std::vector<double> point;
  std::vector<double> means;
  std::vector<double> distances;
  double objective = 0;
  bool met(std::size_t target) const { return distances[target] == 0; }
};

// The distinct points simulated, in order, and the best so far. evaluate() throws nlopt::forced_stop
// once every target is met or the current phase's budget of distinct points is spent.
class Search {
 public:
  Search(const CalibrateOptions& o, const CalibrationFields& fields, const std::vector<KpiTarget>& targets,
         TargetJudge judge, std::uint64_t seed, ShardSpec shard = {}, const EvaluationExchange* exchange = nullptr)
      : o_(o), fields_(fields), targets_(targets), judge_(judge), seed_(seed), shard_(shard), exchange_(exchange),
        base_(o.base) {}

  double evaluate(const std::vector<double>& raw) {
    std::vector<double> x(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) x[i] = rounded(fields_.free[i], raw[i]);
    if (auto hit = cache_.find(x); hit != cache_.end()) return hit->second.objective;
    // NLopt may ask for a few more points after a forced stop (DIRECT evaluates in batches).
    if (best_ && best_->objective == 0) throw nlopt::forced_stop();
    if (order_.size() >= limit_) throw nlopt::forced_stop();
    std::vector<Scenario> scenario{base_.load(overrides_at(fields_, x))};  // the base parsed once
    const std::string label = fmt::format("evaluation {}/{}", order_.size() + 1, o_.max_evaluations);
    std::vector<RunTime> times;
    Results r = std::move(
        simulate_points(scenario, {seed_, o_.replications, o_.threads, !o_.quiet, label, shard_, &times}).front());
    double cpu = 0;
    for (RunTime& t : times) {
      t.point = order_.size() + 1;  // the evaluation's number, as its log line and evaluations.csv give it
      cpu += t.cpu_seconds;
    }
    times_.insert(times_.end(), times.begin(), times.end());
    if (exchange_) {  // the other shards' replications of this point: the unsharded point's results
      std::string point;
      for (const double v : x) point += fmt::format("{:.17g} ", v);
      r = exchange_->share(order_.size() + 1, point, r);
    }
    Evaluation e{x, {}, {}, 0};
    for (const KpiTarget& t : targets_) {
      const auto& ci = r[t.kpi].interval;
      e.means.push_back(ci ? ci->mean : std::numeric_limits<double>::quiet_NaN());
      e.distances.push_back(judged_distance(t, ci, o_.replications, judge_));
      e.objective += e.distances.back();
    }
    std::string line = fmt::format("eval {:>3}:", order_.size() + 1);
    for (std::size_t i = 0; i < x.size(); ++i)
      line += fmt::format(" {}={}", fields_.free[i].path, value_text(fields_.free[i], x[i]));
    line += "  ->";
    for (std::size_t i = 0; i < targets_.size(); ++i)
      line += fmt::format(" {}={:.6g}", info(targets_[i].kpi).name, e.means[i]);
    fmt::print(stderr, "{}  objective {:.6g}  ({:.1f} s of CPU)\n", line, e.objective, cpu);
    cache_.emplace(x, e);
    order_.push_back(e);
    if (!best_ || e.objective < best_->objective) best_ = e, best_results_ = std::move(r);
    if (e.objective == 0) throw nlopt::forced_stop();  // every target met (DIRECT checks stopval late)
    return e.objective;
  }

  void set_limit(std::size_t distinct_points) { limit_ = distinct_points; }
  bool done() const { return (best_ && best_->objective == 0) || order_.size() >= o_.max_evaluations; }
  const std::vector<Evaluation>& order() const { return order_; }
  const std::vector<RunTime>& times() const { return times_; }  // this process's runs, by evaluation
  const std::optional<Evaluation>& best() const { return best_; }
  std::exception_ptr failure;  // an evaluation's own error, kept across NLopt (run_search rethrows it)
  const Results& best_results() const { return *best_results_; }

 private:
  const CalibrateOptions& o_;
  const CalibrationFields& fields_;
  const std::vector<KpiTarget>& targets_;
  TargetJudge judge_;
  std::uint64_t seed_;
  ShardSpec shard_;
  const EvaluationExchange* exchange_;
  ParsedScenarioFile base_;  // read once; each evaluation checks its own copy with its overrides
  std::size_t limit_ = 0;
  std::map<std::vector<double>, Evaluation> cache_;
  std::vector<Evaluation> order_;
  std::vector<RunTime> times_;
  std::optional<Evaluation> best_;
  std::optional<Results> best_results_;
};

// A short global pass (DIRECT-L, which samples the whole box and does not stall on the plateaus that
// rounding to whole numbers makes), then a local simplex (Sbplx) from its best point. With no free
// field there is nothing to search: the one point is evaluated.
void run_search(Search& search, const CalibrationFields& fields, std::size_t max_evaluations) {
  if (fields.free.empty()) {
    search.set_limit(1);
    try {
      search.evaluate({});
    } catch (const nlopt::forced_stop&) {
    }
    return;
  }
  const unsigned n = static_cast<unsigned>(fields.free.size());
  std::vector<double> lower, upper, x0;
  for (const auto& f : fields.free) lower.push_back(f.low), upper.push_back(f.high), x0.push_back((f.low + f.high) / 2);
  // NLopt's wrapper turns any other exception from the objective into "nlopt failure": the search
  // keeps it and stops, and it is rethrown below with its own message (a shard that never came).
  auto objective = [](const std::vector<double>& x, std::vector<double>&, void* data) {
    Search& s = *static_cast<Search*>(data);
    try {
      return s.evaluate(x);
    } catch (const nlopt::forced_stop&) {
      throw;
    } catch (...) {
      s.failure = std::current_exception();
      throw nlopt::forced_stop();
    }
  };
  const std::size_t global_budget = std::max<std::size_t>(1, max_evaluations * 3 / 5);
  for (const nlopt::algorithm algorithm : {nlopt::GN_DIRECT_L, nlopt::LN_SBPLX}) {
    if (search.done()) break;
    nlopt::opt opt(algorithm, n);
    opt.set_lower_bounds(lower);
    opt.set_upper_bounds(upper);
    opt.set_min_objective(objective, &search);
    opt.set_stopval(0.0);
    opt.set_maxeval(static_cast<int>(20 * max_evaluations));  // calls, cached ones included
    opt.set_xtol_abs(1e-3);
    if (algorithm == nlopt::LN_SBPLX) {
      std::vector<double> step;
      for (const auto& f : fields.free) step.push_back(std::max((f.high - f.low) / 4, f.integer ? 1.0 : 0.0));
      opt.set_initial_step(step);
      if (search.best()) x0 = search.best()->point;
    }
    search.set_limit(algorithm == nlopt::GN_DIRECT_L ? global_budget : max_evaluations);
    std::vector<double> x = x0;
    double value = 0;
    try {
      opt.optimize(x, value);
    } catch (const nlopt::forced_stop&) {
    } catch (const nlopt::roundoff_limited&) {
    }
    if (search.failure) std::rethrow_exception(search.failure);
  }
}

void write_evaluations_csv(const std::filesystem::path& file, const CalibrationFields& fields,
                           const std::vector<KpiTarget>& targets, const std::vector<Evaluation>& order) {
  std::ofstream csv(file);
  csv << "evaluation";
  for (const auto& f : fields.free) csv << ',' << f.path;
  for (const auto& t : targets) csv << ',' << info(t.kpi).name;
  csv << ",objective\n";
  for (std::size_t k = 0; k < order.size(); ++k) {
    csv << k + 1;
    for (std::size_t i = 0; i < fields.free.size(); ++i) csv << ',' << value_text(fields.free[i], order[k].point[i]);
    for (double m : order[k].means) csv << ',' << (std::isnan(m) ? std::string() : fmt::format("{:.9g}", m));
    csv << ',' << fmt::format("{:.9g}", order[k].objective) << '\n';
  }
  if (!csv) throw std::runtime_error(fmt::format("cannot write {}", file.string()));
}

nlohmann::json calibration_json(const CalibrateOptions& o, const CalibrationFields& fields,
                                const std::vector<KpiTarget>& targets, const Search& search, std::uint64_t seed,
                                bool met) {
  const Evaluation& best = *search.best();
  nlohmann::json j;
  j["schema"] = "slotrush.calibration/1";
  j["base"] = o.base;
  j["command"] = o.command_line;
  j["seed"] = seed;
  j["replications"] = o.replications;
  j["evaluations"] = search.order().size();
  j["objective"] = best.objective;
  j["all_targets_met"] = met;
  j["met_by"] = o.met_by;
  j["fields"] = nlohmann::json::array();
  for (std::size_t i = 0; i < fields.free.size(); ++i) {
    const VariedField& f = fields.free[i];
    j["fields"].push_back({{"path", f.path}, {"low", value_text(f, f.low)}, {"high", value_text(f, f.high)},
                           {"integer", f.integer}, {"fixed", false}, {"best", value_text(f, best.point[i])}});
  }
  for (const VariedField& f : fields.fixed)
    j["fields"].push_back({{"path", f.path}, {"low", value_text(f, f.low)}, {"high", value_text(f, f.high)},
                           {"integer", f.integer}, {"fixed", true}, {"best", value_text(f, f.low)}});
  for (std::size_t i = 0; i < targets.size(); ++i)
    j["targets"].push_back({{"kpi", info(targets[i].kpi).name}, {"low", targets[i].low}, {"high", targets[i].high},
                            {"mean", std::isnan(best.means[i]) ? nlohmann::json() : nlohmann::json(best.means[i])},
                            {"met", best.met(i)}});
  return j;
}

int run_calibrate(const CalibrateOptions& o) {
  const ShardSpec shard = o.shard.empty() ? ShardSpec{} : parse_shard(o.shard);
  if (shard.count > 1 && o.exchange.empty())
    throw std::invalid_argument("--shard " + o.shard + ": found no --exchange; allowed: --exchange DIR, one folder "
                                "every shard of the calibration reaches");
  if (o.shard.empty() && !o.exchange.empty())
    throw std::invalid_argument("--exchange: found it without --shard; allowed: --exchange with --shard I/N");
  shard_streams(shard, o.replications);  // refuses a shard with no replication before anything runs
  const TargetJudge judge = parse_target_judge(o.met_by);
  if (judge == TargetJudge::interval && o.replications < 2)
    throw std::invalid_argument(fmt::format("--met-by interval: found -r {}; allowed: -r 2 or more (one run has no "
                                            "interval)", o.replications));
  std::vector<KpiTarget> targets;
  for (const std::string& t : o.target) targets.push_back(parse_target(t));
  const CalibrationFields fields = parse_fields(o.base, o.vary);
  std::vector<double> centre;
  for (const VariedField& f : fields.free) centre.push_back(rounded(f, (f.low + f.high) / 2));
  calibrated_yaml_text(o.out, o.base, overrides_at(fields, centre), "");  // every field can be written
  check_writable(o.out);  // only once every input is known good: a bad one leaves nothing behind
  const std::uint64_t seed = o.seed ? *o.seed : load_scenario(o.base).seed;
  const std::filesystem::path calibrated = std::filesystem::path(o.out) / "calibrated.yaml";
  std::optional<EvaluationExchange> exchange;
  if (shard.count > 1) exchange.emplace(o.exchange, shard, std::chrono::seconds(o.exchange_timeout));

  Search search(o, fields, targets, judge, seed, shard, exchange ? &*exchange : nullptr);
  run_search(search, fields, o.max_evaluations);
  if (!search.best()) throw std::runtime_error("no point was evaluated");
  const Evaluation& best = *search.best();

  bool met = true;
  fmt::print("best point after {} evaluations (objective {:.6g}):\n", search.order().size(), best.objective);
  for (std::size_t i = 0; i < fields.free.size(); ++i)
    fmt::print("  {:<36} {}   (searched {}..{})\n", fields.free[i].path, value_text(fields.free[i], best.point[i]),
               value_text(fields.free[i], fields.free[i].low), value_text(fields.free[i], fields.free[i].high));
  for (const VariedField& f : fields.fixed) fmt::print("  {:<36} {}   (fixed)\n", f.path, value_text(f, f.low));
  fmt::print("  {:<28} {:>24} {:>24}  {}\n", "target", "mean ± 95% half-width", "wanted", "");
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const bool ok = best.met(i);
    met = met && ok;
    fmt::print("  {:<28} {:>24} {:>24}  {}\n", info(targets[i].kpi).name,
               format_estimate(search.best_results()[targets[i].kpi].interval),
               fmt::format("[{:.6g}, {:.6g}]", targets[i].low, targets[i].high), ok ? "met" : "NOT MET");
  }

  const std::filesystem::path dir = o.out;
  write_evaluations_csv(dir / "evaluations.csv", fields, targets, search.order());
  std::ofstream(dir / "calibration.json") << calibration_json(o, fields, targets, search, seed, met).dump(2) << '\n';
  std::string comment = "Calibrated by: " + o.command_line + "\nTargets:";
  for (const std::string& t : o.target) comment += ' ' + t;
  comment += fmt::format("\n{} (judged by the {}; objective {:.6g}, {} evaluations, {} replications, seed {}).",
                         met ? "All targets met" : "NOT every target met: this is the closest point found",
                         judge == TargetJudge::interval ? "whole 95% interval" : "mean", best.objective,
                         search.order().size(), o.replications, seed);
  write_calibrated_yaml(calibrated, o.base, overrides_at(fields, best.point), comment);
  load_scenario(calibrated);  // what was written must load
  write_results(search.best_results(), dir, "results");
  write_run_times(search.times(), dir / "timing.csv");  // its `point` column: the evaluation's number
  fmt::print("{}\n", describe_time_split(search.times(), "evaluation"));
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
  cmd->add_option("--vary", o->vary,
                  "FIELD=LOW:HIGH, a scenario path (docs/scenario-reference.md); LOW == HIGH fixes the field")
      ->required();
  cmd->add_option("--target", o->target, "KPI=LOW:HIGH, a KPI name from results.json")->required();
  cmd->add_option("--replications,-r", o->replications, "replications per evaluation")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}))->capture_default_str();
  cmd->add_option("--seed", o->seed, "seed of every evaluation (default: the scenario's)");
  cmd->add_option("--met-by", o->met_by,
                  "mean: a target is met when the replications' mean is in its range; interval: when the whole "
                  "95% interval is")
      ->capture_default_str();
  cmd->add_option("--max-evaluations", o->max_evaluations, "most distinct points simulated")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))->capture_default_str();
  cmd->add_option("--threads", o->threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_flag("--quiet,-q", o->quiet, "no progress bar");
  cmd->add_option("--out", o->out, "directory for evaluations.csv, calibration.json, calibrated.yaml, results.json")
      ->required();
  cmd->add_option("--shard", o->shard,
                  "I/N or auto: run share I of N of every evaluation's replications, in lockstep with the other "
                  "shards through --exchange (each writes the unsharded search's outputs)");
  cmd->add_option("--exchange", o->exchange,
                  "with --shard: a folder every shard reaches (shared file system or volume), fresh for each study");
  cmd->add_option("--exchange-timeout", o->exchange_timeout, "with --shard: seconds to wait for the other shards at one evaluation")
      ->check(CLI::Range(1u, 86400u))->capture_default_str();
  return [o] {
    o->command_line = "slotrush calibrate " + o->base;
    for (const auto& v : o->vary) o->command_line += " --vary " + v;
    for (const auto& t : o->target) o->command_line += " --target " + t;
    o->command_line += fmt::format(" -r {}{}{} --max-evaluations {} --out {}", o->replications,
                                   o->seed ? fmt::format(" --seed {}", *o->seed) : "",
                                   o->met_by == "mean" ? "" : " --met-by " + o->met_by, o->max_evaluations, o->out);
    return run_calibrate(*o);
  };
}

}  // namespace slotrush::cli
