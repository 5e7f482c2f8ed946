// The report as one self-contained HTML page: the layout, the chart library, the page script and
// the report data (report_data.hpp) all inline, so it opens offline in any current browser.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "report/report_data.hpp"

namespace slotrush {

// The whole page. Files must be non-empty.
std::string render_html_report(const ReportSources& sources, const ReportOptions& options);
std::string render_html_report(const std::vector<ReportInput>& inputs, const ReportOptions& options);

// JSON text made safe inside <script type="application/json">: '<', '>' and '&' become \u escapes,
// so no string in the data (a scenario named "</script>") can end the element.
std::string json_for_script_element(std::string_view json_text);

// HTML text content: & < > " ' escaped.
std::string html_escaped(std::string_view text);

}  // namespace slotrush
