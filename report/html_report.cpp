#include "report/html_report.hpp"

#include <array>
#include <stdexcept>

#include "report/report_assets.hpp"

namespace slotrush {
namespace {

// The template's placeholders, each present exactly once. The page is assembled by cutting the
// template at them, so text inserted for one (the chart library, the data) is never searched again.
struct Placeholder {
  std::string_view marker;
  std::string value;
};

std::string fill_template(std::string_view page, std::vector<Placeholder> fills) {
  std::string out;
  std::size_t reserve = page.size();
  for (const Placeholder& f : fills) reserve += f.value.size();
  out.reserve(reserve);
  while (!page.empty()) {
    std::size_t at = std::string_view::npos;
    const Placeholder* next = nullptr;
    for (const Placeholder& f : fills) {
      const std::size_t p = page.find(f.marker);
      if (p < at) at = p, next = &f;
    }
    if (!next) {
      out.append(page);
      break;
    }
    out.append(page.substr(0, at));
    out.append(next->value);
    page.remove_prefix(at + next->marker.size());
  }
  return out;
}

}  // namespace

std::string json_for_script_element(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + json_text.size() / 64);
  for (char c : json_text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string html_escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_html_report(const std::vector<ReportInput>& inputs, const ReportOptions& options) {
  ReportSources sources;
  sources.files = inputs;
  return render_html_report(sources, options);
}

std::string render_html_report(const ReportSources& sources, const ReportOptions& options) {
  const std::string data = report_data_json(sources, options);
  const std::string_view page = report_assets::report_page_template();
  std::vector<Placeholder> fills{
      {"{{TITLE}}", html_escaped(report_title(sources, options))},
      {"{{CHART_LIBRARY}}", std::string(report_assets::chart_library_js())},
      {"{{REPORT_DATA}}", json_for_script_element(data)},
      {"{{PAGE_SCRIPT}}", std::string(report_assets::report_page_script())},
  };
  for (const Placeholder& f : fills)
    if (page.find(f.marker) == std::string_view::npos)
      throw std::logic_error("report page template lacks " + std::string(f.marker));
  return fill_template(page, std::move(fills));
}

}  // namespace slotrush
