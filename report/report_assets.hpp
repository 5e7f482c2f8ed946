// The files the report page is made of, compiled into the binary (report/embed_assets.cmake turns
// them into a generated source at build time), so `slotrush report` needs nothing at run time.
#pragma once
#include <string_view>

namespace slotrush::report_assets {

std::string_view chart_library_js();      // report/vendor/chart.umd.js (Chart.js, MIT)
std::string_view report_page_template();  // report/report_page.html: layout, styles, placeholders
std::string_view report_page_script();    // report/report_page.js: reads the data, draws the charts

}  // namespace slotrush::report_assets
