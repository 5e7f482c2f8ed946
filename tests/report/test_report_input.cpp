// Bad results files are refused with a message that names the file and says what is wrong with it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "report/atomic_file_write.hpp"
#include "report/report_input.hpp"
#include "tests/report/report_fixtures.hpp"

using namespace slotrush;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

TEST_CASE("a results file written by slotrush reads back with its numbers", "[report]") {
  test::TempFolder folder("input-good");
  const Results written = test::sample_results("policy-a", 3);
  test::write_text(folder.path / "results.json", to_json(written));
  const ReportInput in = load_report_input(folder.path / "results.json");
  CHECK(in.results.scenario_name == "policy-a");
  CHECK(in.results.runs == 3);
  CHECK(in.results[Kpi::Goodput].samples == written[Kpi::Goodput].samples);
  CHECK(in.results.series.size() == written.series.size());
}

TEST_CASE("bad results files are refused naming the file and the problem", "[report]") {
  test::TempFolder folder("input-bad");
  const auto file = folder.path / "input.json";
  struct Case {
    std::string contents;
    std::string problem;
  };
  const std::vector<Case> cases{
      {"", "not JSON"},
      {"time_s,offered\n1,2\n", "not JSON"},
      {"[1, 2, 3]", "without a \"schema\" field"},
      {R"({"kind": "simulated"})", "without a \"schema\" field"},
      {R"({"schema": "slotrush.results/2"})", "schema is \"slotrush.results/2\""},
      {R"({"schema": "slotrush.results/1", "kind": "simulated"})", "malformed results"},
  };
  for (const Case& c : cases) {
    INFO("contents: " << c.contents);
    test::write_text(file, c.contents);
    try {
      (void)load_report_input(file);
      FAIL("accepted a bad file");
    } catch (const ReportInputError& e) {
      CHECK_THAT(e.what(), StartsWith(file.string() + ": "));
      CHECK_THAT(e.what(), Contains(c.problem));
      if (c.problem != "malformed results") CHECK_THAT(e.what(), Contains("slotrush.results/1"));
    }
  }
}

TEST_CASE("a missing file or a directory is refused naming it", "[report]") {
  test::TempFolder folder("input-missing");
  CHECK_THROWS_WITH(load_report_input(folder.path / "nope.json"),
                    StartsWith((folder.path / "nope.json").string()) && Contains("no such file"));
  CHECK_THROWS_WITH(load_report_input(folder.path), Contains("is a directory"));
  // The first bad file stops the list, and it is the one named.
  test::write_text(folder.path / "good.json", to_json(test::sample_results("a", 1)));
  CHECK_THROWS_WITH(load_report_inputs({folder.path / "good.json", folder.path / "bad.json"}),
                    StartsWith((folder.path / "bad.json").string()));
  CHECK_THROWS_AS(load_report_input(folder.path / "nope.json"), std::invalid_argument);  // exit status 2
}

TEST_CASE("a file replaced atomically is whole, and a failed write leaves the old one", "[report]") {
  test::TempFolder folder("atomic");
  const auto target = folder.path / "report.html";
  replace_file_atomically(target, "old");
  replace_file_atomically(target, "new contents");
  std::ifstream in(target);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  CHECK(text == "new contents");
  CHECK_THROWS_WITH(replace_file_atomically(folder.path / "no-dir" / "r.html", "x"), Contains("cannot write"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(folder.path)) ++files;
  CHECK(files == 1);  // no temporary file left behind
}

TEST_CASE("a results file written before the newer columns reads back with them absent", "[report]") {
  // Columns added to the series go last; an older file names fewer columns and is read by name:
  // a count it lacks reads as 0, a latency as NaN (absent, never a zero line).
  test::TempFolder folder("input-old-columns");
  Results written = test::sample_results("policy-a", 1);
  REQUIRE_FALSE(written.series.empty());
  for (SeriesRow& row : written.series) {
    row.throttled = 7;
    row.attempt_latency_p99 = 2.5;
  }
  nlohmann::json doc = nlohmann::json::parse(to_json(written));
  auto& columns = doc["series"]["columns"];
  for (const char* newer : {"frozen", "attempt_latency_p99_s", "throttled"}) {  // last first
    REQUIRE(columns.back() == newer);
    columns.erase(columns.size() - 1);
    for (auto& row : doc["series"]["rows"]) row.erase(row.size() - 1);
  }
  test::write_text(folder.path / "old.json", doc.dump());
  const ReportInput in = load_report_input(folder.path / "old.json");
  REQUIRE(in.results.series.size() == written.series.size());
  CHECK(in.results.series.front().offered == written.series.front().offered);
  CHECK(in.results.series.front().latency_p99 == written.series.front().latency_p99);
  CHECK(in.results.series.front().throttled == 0);
  CHECK(std::isnan(in.results.series.front().attempt_latency_p99));
  // ... and says so: the missing columns are absent, the others not.
  CHECK(in.results.absent_series_columns == std::vector<std::string>{"throttled", "attempt_latency_p99_s", "frozen"});
  CHECK(series_column_absent(in.results, "frozen"));
  CHECK_FALSE(series_column_absent(in.results, "offered"));
  // The same file with the columns keeps their values.
  test::write_text(folder.path / "new.json", to_json(written));
  const ReportInput current = load_report_input(folder.path / "new.json");
  CHECK(current.results.absent_series_columns.empty());
  CHECK(current.results.series.front().throttled == 7);
  CHECK(current.results.series.front().attempt_latency_p99 == 2.5);
}

TEST_CASE("a results file written before attempt_latency_p99 reads back with it absent", "[report]") {
  test::TempFolder folder("input-old-kpis");
  const Results written = test::sample_results("policy-a", 2);
  nlohmann::json doc = nlohmann::json::parse(to_json(written));
  REQUIRE(doc["kpis"].contains("attempt_latency_p99"));
  doc["kpis"].erase("attempt_latency_p99");
  test::write_text(folder.path / "old.json", doc.dump());
  const Results in = load_report_input(folder.path / "old.json").results;
  CHECK(in[Kpi::AttemptLatencyP99].samples.empty());
  CHECK_FALSE(in[Kpi::AttemptLatencyP99].interval);
  CHECK(in[Kpi::LatencyP99].samples == written[Kpi::LatencyP99].samples);
}
