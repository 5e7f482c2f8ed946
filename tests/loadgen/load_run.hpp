// Runs a generic load plan in-process against a URL, as `slotrush load` does (without the CLI).
#pragma once
#include <string>

#include "loadgen/generic_load.hpp"
#include "loadgen/load_metrics.hpp"

namespace slotrush::loadgen::test {

inline LoadRun run_load(const std::string& url, GenericLoadPlan plan, std::size_t threads = 1) {
  const TargetUrl target = parse_target_url(url);
  plan.request.target = target.path;
  if (plan.request.route == "/") plan.request.route = target.path;
  LoadEngineOptions options = engine_options_for(plan, target, threads);
  options.stop_on_signals = false;
  LoadEngine engine(options);
  return run_generic_load(engine, plan);
}

inline std::uint64_t count(const LoadRun& run, Outcome o) { return run.totals.count(o); }

}  // namespace slotrush::loadgen::test
