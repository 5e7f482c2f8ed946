// What a results.json reader and the shard merge refuse, found by fuzzing (docs/reliability.md): a
// series count no counter can hold, and shards that hold fewer replications than their study claims.
// Both must be a named error, never a wrapped number, a huge allocation or undefined behaviour.
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "sim/results/results.hpp"
#include "sim/results/results_merge.hpp"

using namespace slotrush;

namespace {

std::string corpus_file(const std::string& name) {
  std::ifstream in(std::string(SLOTRUSH_SOURCE_DIR) + "/tests/fuzz/corpus/results_reader/" + name);
  std::ostringstream text;
  text << in.rdbuf();
  REQUIRE(!text.str().empty());
  return text.str();
}

// The simulated corpus file with the first series row's `offered` replaced by `value` (JSON text).
std::string with_offered(const std::string& value) {
  nlohmann::json file = nlohmann::json::parse(corpus_file("simulated.json"));
  file["series"]["rows"][0][1] = nlohmann::json::parse(value);
  return file.dump();
}

}  // namespace

TEST_CASE("a series count outside what a counter holds is refused, naming the column", "[results]") {
  CHECK(results_from_json(with_offered("4294967295")).series.front().offered == 4294967295u);
  for (const char* bad : {"7.7e98", "-1", "4294967296"}) {
    INFO(bad);
    CHECK_THROWS_WITH(results_from_json(with_offered(bad)), Catch::Contains("series column offered: found"));
  }
}

TEST_CASE("a shard claiming a larger study than its shards hold is refused before anything is allocated",
          "[results]") {
  nlohmann::json file = nlohmann::json::parse(corpus_file("simulated.json"));
  file["groups"] = nlohmann::json::array();  // this corpus file's groups carry no per-replication samples
  Results shard = results_from_json(file.dump());
  shard.shard = ShardPart{0, 1, shard.runs, {}};
  for (std::size_t k = 0; k < shard.runs; ++k) shard.shard->streams.push_back(k);
  CHECK(merge_shards({NamedResults{"whole", shard}}).runs == shard.runs);  // the honest one merges

  shard.shard->replications = 1'000'000'000'000;  // a hostile count: no vector of that size is made
  CHECK_THROWS_WITH(merge_shards({NamedResults{"liar", shard}}),
                    Catch::Contains("the shards hold 5 replications; the study has 1000000000000"));
}
