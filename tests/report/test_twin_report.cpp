// A twin on the page: twin.json's agreement table as written, and the overlays of its two halves per
// series interval over the window, with a column a half does not measure absent, never zeros.
#include <catch2/catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "report/report_data.hpp"
#include "report/report_sources.hpp"
#include "report/twin_overlays.hpp"
#include "tests/report/report_fixtures.hpp"

using nlohmann::json;
using namespace slotrush;
using Catch::Matchers::Contains;

namespace {

// A hand-made twin over [100, 108) s: two KPI rows (one agreeing, one not) and two correlations.
const char* kTwinJson = R"({
 "schema": "slotrush.twin/1",
 "scenario": {"name": "policy-a", "file": "scenarios/policy-a.yaml", "seed": 42},
 "population_scale": 0.5, "time_scale": 4, "window_s": [100, 108], "replications": 3, "tolerance": 0.1,
 "series_interval_s": 1, "prediction_confidence": 0.975, "simulated": "sim/results.json",
 "measured": "live/results.json", "agrees": false,
 "kpis": [
  {"kpi": "goodput", "unit": "1/s", "simulated_mean": 110.0, "prediction_interval": [90.0, 130.0],
   "measured": 112.0, "relative_difference": 0.018, "compared": true, "agrees": true,
   "verdict": "inside the prediction interval"},
  {"kpi": "freeze_seconds", "unit": "s", "simulated_mean": 40.0, "prediction_interval": null,
   "measured": 80.0, "relative_difference": 1.0, "compared": true, "agrees": false,
   "verdict": "measured higher by 40 s"}],
 "series": [{"column": "goodput", "correlation": 0.9, "intervals": 8},
            {"column": "in_flight", "correlation": null, "intervals": 0}],
 "clock": {"kept_up": true, "lag_p99_s": 0.05, "max_lag_s": 0.09}
})";

// Two halves of one scale and window: the simulated rows at 100, 101, 105, 107 (goodput 3 each,
// 105 frozen); the measured half has one row per interval with goodput 2·k, and no slots or queue.
Results simulated_half() {
  Results r = test::sample_results("policy-a", 3);
  r.population_scale = 0.5;
  r.window_seconds.emplace(100, 108);
  for (SeriesRow& row : r.series) row.frozen = row.time_seconds == 105.0 ? 1 : 0;
  return r;
}

Results measured_half() {
  Results r = test::sample_results("policy-a", 1, 2);
  r.kind = "measured";
  r.seed = 7;
  r.population_scale = 0.5;
  r.window_seconds.emplace(100, 108);
  r.series.clear();
  for (int k = 0; k < 8; ++k) {
    SeriesRow row;
    row.time_seconds = 100 + k;
    row.goodput = static_cast<std::uint32_t>(2 * k);
    row.in_flight = 5;
    row.latency_p50 = NAN;  // measured, but no useful answer to take a latency of
    row.frozen = k >= 6 ? 1 : 0;
    r.series.push_back(row);
  }
  r.absent_series_columns = {"queue_depth", "slots_left"};
  return r;
}

// DIR/twin.json, DIR/sim/results.json, DIR/live/results.json as `slotrush twin --out DIR` writes them.
void write_twin(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "sim");
  std::filesystem::create_directories(dir / "live");
  test::write_text(dir / "twin.json", kTwinJson);
  test::write_text(dir / "sim" / "results.json", to_json(simulated_half()));
  test::write_text(dir / "live" / "results.json", to_json(measured_half()));
}

std::vector<double> numbers(const json& a) {
  std::vector<double> out;
  for (const json& x : a) out.push_back(x.is_number() ? x.get<double>() : NAN);
  return out;
}

}  // namespace

TEST_CASE("a twin directory gives the agreement table of its twin.json and its two halves", "[report]") {
  test::TempFolder folder("twin-table");
  write_twin(folder.path);
  const ReportSources sources = load_report_sources({folder.path});
  REQUIRE(sources.twins.size() == 1);
  REQUIRE(sources.files.size() == 2);
  CHECK(sources.files[sources.twins[0].simulated].results.kind == "simulated");
  CHECK(sources.files[sources.twins[0].measured].results.kind == "measured");
  CHECK(sources.files[1].path == folder.path / "live" / "results.json");

  const json twin = json::parse(report_data_json(sources, {})).at("twins").at(0);
  CHECK(twin.at("agrees") == false);
  CHECK(twin.at("replications") == 3);
  const json& rows = twin.at("kpis");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at("kpi") == "goodput");
  CHECK(rows[0].at("simulated_mean").get<double>() == 110.0);
  CHECK(numbers(rows[0].at("prediction_interval")) == std::vector<double>{90.0, 130.0});
  CHECK(rows[0].at("measured").get<double>() == 112.0);
  CHECK(rows[0].at("agrees") == true);
  CHECK(rows[1].at("kpi") == "freeze_seconds");
  CHECK(rows[1].at("prediction_interval").is_null());
  CHECK(rows[1].at("agrees") == false);
  CHECK(rows[1].at("verdict") == "measured higher by 40 s");

  // The same twin named by its twin.json reads the same.
  const ReportSources by_file = load_report_sources({folder.path / "twin.json"});
  REQUIRE(by_file.twins.size() == 1);
  CHECK(json::parse(report_data_json(by_file, {})).at("twins").at(0).at("kpis") == rows);
}

TEST_CASE("a twin's overlays hold both halves per interval of the window on the simulated clock", "[report]") {
  test::TempFolder folder("twin-overlays");
  write_twin(folder.path);
  const json o = json::parse(report_data_json(load_report_sources({folder.path}), {})).at("twins").at(0).at("overlays");
  CHECK(numbers(o.at("times")) == std::vector<double>{100, 101, 102, 103, 104, 105, 106, 107});
  const auto column = [&](const std::string& name) {
    for (const json& c : o.at("columns"))
      if (c.at("column") == name) return c;
    FAIL("no overlay of " << name);
    return json();
  };
  // Sparse simulated rows: missing intervals read as zero counts.
  CHECK(numbers(column("goodput").at("simulated")) == std::vector<double>{3, 3, 0, 0, 0, 3, 0, 3});
  CHECK(numbers(column("goodput").at("measured")) == std::vector<double>{0, 2, 4, 6, 8, 10, 12, 14});
  CHECK(column("goodput").at("correlation").get<double>() == 0.9);
  CHECK(column("in_flight").at("correlation").is_null());
  CHECK(numbers(o.at("frozen").at("simulated")) == std::vector<double>{0, 0, 0, 0, 0, 1, 0, 0});
  CHECK(numbers(o.at("frozen").at("measured")) == std::vector<double>{0, 0, 0, 0, 0, 0, 1, 1});
}

TEST_CASE("a column a half does not measure is absent from its overlay, not a line of zeros", "[report]") {
  const Results sim = simulated_half(), live = measured_half();
  const TwinOverlays o = twin_overlays(sim, live, {100, 108}, 1, {});
  const auto column = [&](const std::string& name) -> const OverlayColumn& {
    for (const OverlayColumn& c : o.columns)
      if (c.column == name) return c;
    FAIL("no overlay of " << name);
    return o.columns.front();
  };
  CHECK(column("slots_left").measured.absent);
  CHECK(column("slots_left").measured.values.empty());
  CHECK_FALSE(column("slots_left").simulated.absent);
  CHECK(column("slots_left").simulated.any_value());
  // Measured but empty is not absent: the side is there, with no value in any interval.
  CHECK_FALSE(column("latency_p50_s").measured.absent);
  CHECK_FALSE(column("latency_p50_s").measured.any_value());

  // In the page: null for the absent side, and the file's own absent columns kept.
  test::TempFolder folder("twin-absent");
  write_twin(folder.path);
  const json data = json::parse(report_data_json(load_report_sources({folder.path}), {}));
  for (const json& c : data.at("twins").at(0).at("overlays").at("columns"))
    if (c.at("column") == "slots_left") {
      CHECK(c.at("measured").is_null());
      CHECK(c.at("simulated").is_array());
    }
  CHECK(data.at("files").at(1).at("series").at("absent_columns") == json::array({"queue_depth", "slots_left"}));
  CHECK(data.at("files").at(0).at("series").at("absent_columns") == json::array());
}

TEST_CASE("a twin whose half is missing is refused naming the twin and the half", "[report]") {
  test::TempFolder folder("twin-missing-half");
  write_twin(folder.path);
  std::filesystem::remove(folder.path / "live" / "results.json");
  CHECK_THROWS_WITH(load_report_sources({folder.path}),
                    Contains((folder.path / "twin.json").string()) && Contains("measured half") && Contains("no such file"));
  test::TempFolder empty("twin-empty-dir");
  CHECK_THROWS_WITH(load_report_sources({empty.path}), Contains("is a directory without a twin.json"));
}
