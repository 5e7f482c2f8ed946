#include "loadgen/load_shard_file.hpp"

#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "loadgen/histogram_json.hpp"

namespace slotrush::loadgen {
namespace {

using nlohmann::json;

constexpr const char* kSchema = "slotrush.load-shard/1";

template <class Array>
Array counts_of(const json& j) {
  Array a{};
  if (j.size() != a.size()) throw std::runtime_error("an outcome list has " + std::to_string(j.size()) + " entries, not " +
                                                     std::to_string(a.size()));
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = count_of(j.at(i), "an outcome count");
  return a;
}

}  // namespace

std::string load_shard_json(const LoadShardFile& f) {
  const LoadRunDescription& d = f.description;
  const RunMeasurements& m = f.run.totals;
  json routes = json::array();
  for (const RouteTally& r : m.routes())
    routes.push_back({{"route", r.route}, {"outcomes", r.outcomes}, {"sent", r.sent}, {"dropped", r.dropped},
                      {"latency_ns", histogram_json(r.latency)}});
  json seconds = json::array();
  for (const SecondTally& s : f.run.seconds)
    seconds.push_back({{"second", s.second}, {"attempts", s.tally.attempts}, {"outcomes", s.tally.outcomes},
                       {"dropped", s.tally.dropped}, {"in_flight", s.in_flight}, {"latencies", latencies_json(s.tally.latencies)}});
  json doc{{"schema", kSchema},
           {"producer", f.producer},
           {"shard", {{"index", f.share.index}, {"count", f.share.count}}},
           {"start_at_wall_ns", f.start_at_wall_ns},
           {"duration", f.duration},
           {"name", d.name},
           {"mode", d.mode},
           {"target", d.target},
           {"target_rate", d.target_rate ? json(*d.target_rate) : json(nullptr)},
           {"threads", d.threads},
           {"connections", d.connections},
           {"seed", d.seed},
           {"population_scale", d.population_scale},
           {"elapsed_ns", f.run.elapsed.count()},
           {"interrupted", f.run.interrupted},
           {"unfinished", f.run.unfinished},
           {"routes", routes},
           {"latency_ns", histogram_json(m.latency())},
           {"service_time_ns", histogram_json(m.service_time())},
           {"result_latencies", latencies_json(m.result_latencies())},
           {"seconds", seconds}};
  if (d.window_seconds) doc["window_s"] = {d.window_seconds->first, d.window_seconds->second};
  if (!f.scenario.is_null()) doc["scenario"] = f.scenario;
  return doc.dump(1);
}

void write_load_shard(const std::filesystem::path& dir, const LoadShardFile& file) {
  std::filesystem::create_directories(dir);
  std::ofstream out(dir / "load-shard.json");
  out << load_shard_json(file) << '\n';
  if (!out) throw std::runtime_error("cannot write " + (dir / "load-shard.json").string());
}

LoadShardFile load_shard_from_json(const std::string& text) {
  try {
    const json doc = json::parse(text);
    if (doc.value("schema", std::string()) != kSchema)
      throw std::runtime_error("schema is '" + doc.value("schema", std::string("(none)")) + "', not " + kSchema);
    LoadShardFile f;
    f.producer = doc.at("producer").get<std::string>();
    f.share.index = count_of(doc.at("shard").at("index"), "shard index");
    f.share.count = count_of(doc.at("shard").at("count"), "shard count");
    f.start_at_wall_ns = integer_of(doc.at("start_at_wall_ns"), "start_at_wall_ns");
    f.duration = doc.at("duration").get<std::string>();
    LoadRunDescription& d = f.description;
    d.name = doc.at("name").get<std::string>();
    d.mode = doc.at("mode").get<std::string>();
    d.target = doc.at("target").get<std::string>();
    if (!doc.at("target_rate").is_null()) d.target_rate = doc.at("target_rate").get<double>();
    d.threads = count_of(doc.at("threads"), "threads");
    d.connections = count_of(doc.at("connections"), "connections");
    d.seed = count_of(doc.at("seed"), "seed");
    d.population_scale = doc.at("population_scale").get<double>();
    if (doc.contains("window_s")) d.window_seconds.emplace(doc["window_s"].at(0).get<double>(), doc["window_s"].at(1).get<double>());
    f.run.elapsed = Clock::duration(integer_of(doc.at("elapsed_ns"), "elapsed_ns", 0));
    f.run.interrupted = doc.at("interrupted").get<bool>();
    f.run.unfinished = count_of(doc.at("unfinished"), "unfinished");
    std::vector<RouteTally> routes;
    for (const json& r : doc.at("routes")) {
      RouteTally t;
      t.route = r.at("route").get<std::string>();
      t.outcomes = counts_of<decltype(t.outcomes)>(r.at("outcomes"));
      t.sent = count_of(r.at("sent"), "sent");
      t.dropped = count_of(r.at("dropped"), "dropped");
      t.latency = histogram_of(r.at("latency_ns"));
      routes.push_back(std::move(t));
    }
    f.run.totals = RunMeasurements::restored(std::move(routes), histogram_of(doc.at("latency_ns")),
                                             histogram_of(doc.at("service_time_ns")), latencies_of(doc.at("result_latencies")));
    for (const json& s : doc.at("seconds")) {
      SecondTally t;
      t.second = count_of(s.at("second"), "second");
      t.tally.attempts = count_of(s.at("attempts"), "attempts");
      t.tally.outcomes = counts_of<decltype(t.tally.outcomes)>(s.at("outcomes"));
      t.tally.dropped = count_of(s.at("dropped"), "dropped");
      t.in_flight = count_of(s.at("in_flight"), "in_flight");
      t.tally.latencies = latencies_of(s.at("latencies"));
      f.run.seconds.push_back(std::move(t));
    }
    if (doc.contains("scenario")) f.scenario = doc["scenario"];
    return f;
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("not a load shard file: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("not a load shard file: ") + e.what());
  }
}

}  // namespace slotrush::loadgen
