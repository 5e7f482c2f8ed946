// A shard that is ready to send only after the agreed start instant (plus the tolerance) refuses to
// run instead of sending its share late and smearing the spike; within the tolerance it starts.
#include <catch2/catch.hpp>

#include "loadgen/load_engine.hpp"

using namespace slotrush::loadgen;
using namespace std::chrono_literals;

namespace {

LoadEngineOptions late_by(Clock::duration late) {
  LoadEngineOptions o;
  o.target = parse_target_url("http://127.0.0.1:9/");
  o.origin = Clock::now() - late;
  o.late_start_tolerance = 1s;
  o.stop_on_signals = false;
  return o;
}

}  // namespace

TEST_CASE("a load engine ready after the agreed instant plus its tolerance refuses to start", "[loadgen][shard]") {
  LoadEngine late(late_by(5s));
  bool started = false;
  CHECK_THROWS_WITH(late.run(100ms, [&](LoadThread& t, Clock::time_point) { started = true; t.finished(); }),
                    Catch::StartsWith("--start-at-wall: found an instant 5."));
  CHECK_FALSE(started);
  LoadEngine in_time(late_by(200ms));
  in_time.run(100ms, [&](LoadThread& t, Clock::time_point) { started = true; t.finished(); });
  CHECK(started);
}
