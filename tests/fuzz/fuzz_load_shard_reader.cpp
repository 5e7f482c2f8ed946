// Target: the reader of load-shard.json (what `slotrush merge` reads from every load shard), its
// scenario part, and the merge of what was read. Any text is either read or refused with
// std::runtime_error / std::invalid_argument naming what is wrong; what is read writes back to JSON
// that reads again to the same JSON; a read shard merges (alone) or is refused, and its scenario
// counters merge and fill the scenario KPIs without undefined behaviour.
#include <stdexcept>
#include <string>

#include "loadgen/load_shard_file.hpp"
#include "loadgen/load_shard_merge.hpp"
#include "loadgen/scenario/scenario_counters_json.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace slotrush;
using namespace slotrush::loadgen;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const LoadShardFile file = load_shard_from_json(text);
    const std::string again = load_shard_json(file);
    if (load_shard_json(load_shard_from_json(again)) != again) __builtin_trap();  // a stable round trip
    if (!file.scenario.is_null()) {
      ScenarioCounters counters = scenario_counters_of(file.scenario);
      counters.merge(scenario_counters_of(scenario_counters_json(counters)));
      RunResult result;
      fill_run_result(counters, result);
    }
    (void)merge_load_shards({NamedLoadShard{"a", file}});
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
