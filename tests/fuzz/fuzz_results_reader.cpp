// Target: the readers of results.json and twin.json (what `compare`, `report` and shard merges read),
// and the shard merge itself. Any text is either read or refused with std::runtime_error /
// std::invalid_argument naming what is wrong; what is read writes back to JSON that reads again to
// the same JSON; a read result merged as a shard is merged or refused, whatever its shard fields say.
#include <stdexcept>
#include <string>

#include "sim/results/results.hpp"
#include "sim/results/results_merge.hpp"
#include "sim/results/twin_file.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace slotrush;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const Results results = results_from_json(text);
    const std::string again = to_json(results);
    if (to_json(results_from_json(again)) != again) __builtin_trap();  // a stable round trip
    (void)merge_shards({NamedResults{"a", results}});
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
  try {
    (void)twin_from_json(text);
  } catch (const std::runtime_error&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
