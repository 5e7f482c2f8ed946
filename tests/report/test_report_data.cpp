// The data a report page reads is the input's numbers: KPIs, intervals, samples, groups and series
// rows as in the results file, idle intervals put back, and differences as slotrush compare's.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "report/html_report.hpp"
#include "report/idle_intervals.hpp"
#include "report/report_data.hpp"
#include "tests/report/report_fixtures.hpp"

using nlohmann::json;
using namespace slotrush;

namespace {

// What a page reads: the text of <script id="report-data">, parsed as the browser would.
json data_in_page(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"report-data\">";
  const auto start = html.find(open);
  REQUIRE(start != std::string::npos);
  const auto end = html.find("</script>", start);
  REQUIRE(end != std::string::npos);
  REQUIRE(html.find(open, end) == std::string::npos);  // exactly one data element
  return json::parse(html.substr(start + open.size(), end - start - open.size()));
}

double or_nan(const json& j) { return j.is_number() ? j.get<double>() : NAN; }

}  // namespace

TEST_CASE("the page's data holds every KPI of every file with its samples and interval", "[report]") {
  const std::vector<ReportInput> inputs{{"a.json", test::sample_results("policy-a", 3)},
                                        {"b.json", test::sample_results("policy-b", 3, 5)}};
  const json data = data_in_page(render_html_report(inputs, {}));
  CHECK(data.at("schema") == kReportDataSchema);
  REQUIRE(data.at("files").size() == 2);
  REQUIRE(data.at("kpis").size() == kKpiCount);
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    const Results& in = inputs[f].results;
    const json& file = data.at("files").at(f);
    CHECK(file.at("scenario").at("name") == in.scenario_name);
    CHECK(file.at("runs") == in.runs);
    for (std::size_t k = 0; k < kKpiCount; ++k) {
      const auto kpi = static_cast<Kpi>(k);
      const json& entry = file.at("kpis").at(std::string(info(kpi).name));
      const auto& samples = entry.at("samples");
      REQUIRE(samples.size() == in[kpi].samples.size());
      for (std::size_t s = 0; s < samples.size(); ++s) {
        if (std::isnan(in[kpi].samples[s])) CHECK(samples[s].is_null());
        else CHECK(samples[s].get<double>() == in[kpi].samples[s]);
      }
      if (in[kpi].interval) {
        CHECK(entry.at("mean").get<double>() == in[kpi].interval->mean);
        CHECK(entry.at("ci95")[0].get<double>() == Approx(in[kpi].interval->lower()));
        CHECK(entry.at("ci95")[1].get<double>() == Approx(in[kpi].interval->upper()));
      } else {
        CHECK_FALSE(entry.contains("mean"));
      }
    }
  }
}

TEST_CASE("the page's data holds each group's people and booking probability interval", "[report]") {
  const std::vector<ReportInput> inputs{{"a.json", test::sample_results("policy-a", 4)}};
  const json data = data_in_page(render_html_report(inputs, {}));
  const json& groups = data.at("files").at(0).at("groups");
  REQUIRE(groups.size() == inputs[0].results.groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const GroupEstimate& in = inputs[0].results.groups[g];
    CHECK(groups[g].at("dimension") == in.dimension);
    CHECK(groups[g].at("label") == in.label);
    CHECK(groups[g].at("people").get<double>() == in.people);
    CHECK(groups[g].at("booking_probability").at("mean").get<double>() == in.booking_probability->mean);
    CHECK(groups[g].at("booking_probability").at("half_width").get<double>() ==
          in.booking_probability->half_width);
  }
}

TEST_CASE("the difference to the first file is slotrush compare's paired difference", "[report]") {
  const std::vector<ReportInput> inputs{{"a.json", test::sample_results("policy-a", 3)},
                                        {"b.json", test::sample_results("policy-b", 3, 5)}};
  const json data = json::parse(report_data_json(inputs, {}));
  CHECK_FALSE(data.at("files").at(0).contains("difference_to_first"));
  const json& diffs = data.at("files").at(1).at("difference_to_first");
  for (std::size_t k = 0; k < kKpiCount; ++k) {
    const auto kpi = static_cast<Kpi>(k);
    const auto expected = paired_difference(inputs[0].results[kpi], inputs[1].results[kpi]);
    const json& d = diffs.at(std::string(info(kpi).name));
    if (!expected) {
      CHECK(d.is_null());
      continue;
    }
    CHECK(d.at("mean").get<double>() == Approx(expected->mean));
    CHECK(d.at("paired") == true);
    CHECK(or_nan(d.at("half_width")) == Approx(expected->half_width));
  }
  // Every sample is 5 higher in b: the difference is exactly +5 and significant.
  CHECK(diffs.at("goodput").at("mean").get<double>() == Approx(5.0));
  CHECK(diffs.at("goodput").at("significant") == true);
}

TEST_CASE("files with different run counts get the difference of the means, unpaired", "[report]") {
  const std::vector<ReportInput> inputs{{"a.json", test::sample_results("policy-a", 3)},
                                        {"m.json", test::sample_results("measured", 1, 2)}};
  const json d = json::parse(report_data_json(inputs, {})).at("files").at(1).at("difference_to_first");
  CHECK(d.at("goodput").at("paired") == false);
  CHECK(d.at("goodput").at("mean").get<double>() ==
        Approx(inputs[1].results[Kpi::Goodput].interval->mean - inputs[0].results[Kpi::Goodput].interval->mean));
  CHECK(d.at("goodput").at("significant") == false);
}

TEST_CASE("the series keeps every input row and fills each gap with idle rows", "[report]") {
  const Results in = test::sample_results("policy-a", 1);
  const json series = json::parse(report_data_json({{"a.json", in}}, {})).at("files").at(0).at("series");
  CHECK(series.at("input_rows") == in.series.size());
  const json& rows = series.at("rows");
  // 100, 101, [102, 104], 105, [106], 107
  std::vector<double> times;
  for (const json& r : rows) times.push_back(r[0].get<double>());
  CHECK(times == std::vector<double>{100, 101, 102, 104, 105, 106, 107});
  std::size_t next_input = 0;
  for (const json& r : rows) {
    if (next_input < in.series.size() && r[0].get<double>() == in.series[next_input].time_seconds) {
      const SeriesRow& s = in.series[next_input++];
      CHECK(r[1].get<double>() == s.offered);
      CHECK(r[10].get<double>() == double(s.slots_left));
      if (std::isnan(s.latency_p50)) CHECK(r[11].is_null());
      else CHECK(r[11].get<double>() == s.latency_p50);
    } else {  // idle: nothing counted, empty queues, slots as before, no latency
      for (int c = 1; c <= 9; ++c) CHECK(r[c].get<double>() == 0);
      CHECK(r[10].get<double>() == double(in.series[next_input - 1].slots_left));
      CHECK(r[11].is_null());
    }
  }
  CHECK(next_input == in.series.size());
}

TEST_CASE("idle intervals are not added between adjacent rows or rows at the same time", "[report]") {
  std::vector<SeriesRow> rows(3);
  rows[0].time_seconds = 60;
  rows[1].time_seconds = 120;  // adjacent at 60 s intervals
  rows[2].time_seconds = 120;  // the closing interval at the horizon repeats the time
  CHECK(with_idle_intervals(rows, 60).size() == 3);
  CHECK(with_idle_intervals(rows, 30).size() == 4);  // one missing 30 s interval at 90 s
}

TEST_CASE("text from the results cannot end the data's script element", "[report]") {
  std::vector<ReportInput> inputs{{"a.json", test::sample_results("</script><script>alert(1)</script>", 1)}};
  const std::string html = render_html_report(inputs, {});
  const auto data_start = html.find("id=\"report-data\">");
  const auto data_end = html.find("</script>", data_start);
  CHECK(html.substr(data_start, data_end - data_start).find('<') == std::string::npos);
  CHECK(data_in_page(html).at("files").at(0).at("scenario").at("name") == "</script><script>alert(1)</script>");
  CHECK(html.find("<title>slotrush report: &lt;/script&gt;") != std::string::npos);
}

TEST_CASE("the page is self-contained: the chart library and page script are inline", "[report]") {
  const std::string html = render_html_report({{"a.json", test::sample_results("policy-a", 2)}}, {});
  CHECK(html.find("Chart.js v4.5.1") != std::string::npos);
  CHECK(html.find("data-charts-drawn") != std::string::npos);
  CHECK(html.find("{{") == std::string::npos);  // every placeholder filled
  for (const char* outside : {"src=\"http", "src='http", "href=\"http", "@import", "<link"})
    CHECK(html.find(outside) == std::string::npos);
}

TEST_CASE("files of the same scenario and kind get labels that tell them apart", "[report]") {
  const Results r = test::sample_results("launch", 1);
  Results measured = r;
  measured.kind = "measured";
  const auto labels = report_labels({{"x/one.json", r}, {"y/one.json", r}, {"two.json", r}, {"m.json", measured}});
  CHECK(labels[0] == "launch (simulated) x/one.json");
  CHECK(labels[1] == "launch (simulated) y/one.json");
  CHECK(labels[2] == "launch (simulated) two.json");
  CHECK(labels[3] == "launch (measured)");
  CHECK(report_title({{"a", r}, {"b", measured}}, {}) == "launch");
  CHECK(report_title({{"a", r}}, {"My title"}) == "My title");
}
