// `slotrush report RESULTS.json|TWIN [MORE ...] -o report.html`: one self-contained HTML page with
// charts from results files, simulated or measured, and twins (slotrush twin --out DIR: the agreement
// table and predicted-vs-measured overlays) (report/, docs/report.md).
#include <filesystem>

#include <fmt/core.h>

#include "apps/slotrush/commands.hpp"
#include "report/atomic_file_write.hpp"
#include "report/html_report.hpp"

namespace slotrush::cli {

Command add_report_command(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    std::string output = "report.html";
    std::string title;
    bool quiet = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "report", "write a self-contained HTML report with charts from results files (results.json)");
  cmd->add_option("results", o->files,
                  "results files (schema slotrush.results/1) from sim --out, compare --out or load, or twins "
                  "(a twin --out DIR, or its twin.json), or sweeps (a sweep --out DIR, or its sweep.json); the first results file is the baseline the others are "
                  "compared with")
      ->required();
  cmd->add_option("-o,--output", o->output, "HTML file to write (replaced whole, never half-written)")
      ->capture_default_str();
  cmd->add_option("--title", o->title, "page title (default: the scenario names)");
  cmd->add_flag("-q,--quiet", o->quiet, "print nothing on success");
  return [o] {
    const std::filesystem::path output(o->output);
    const std::filesystem::path folder = output.parent_path().empty() ? "." : output.parent_path();
    if (std::filesystem::is_directory(output))
      throw std::invalid_argument(fmt::format("--output: {} is a directory; allowed: a file path such as {}/report.html",
                                              output.string(), output.string()));
    if (!std::filesystem::is_directory(folder))
      throw std::invalid_argument(fmt::format("--output: directory {} does not exist; allowed: a file in an existing directory",
                                              folder.string()));
    std::vector<std::filesystem::path> files(o->files.begin(), o->files.end());
    const ReportSources sources = load_report_sources(files);  // every file checked first
    replace_file_atomically(output, render_html_report(sources, ReportOptions{o->title}));
    if (!o->quiet)
      fmt::print("wrote {} ({} results file{}{}{}); open it in a browser, it needs no network\n", output.string(),
                 sources.files.size(), sources.files.size() == 1 ? "" : "s",
                 sources.twins.empty() ? "" : fmt::format(", {} twin{}", sources.twins.size(), sources.twins.size() == 1 ? "" : "s"),
                 sources.sweeps.empty() ? "" : fmt::format(", {} sweep{}", sources.sweeps.size(), sources.sweeps.size() == 1 ? "" : "s"));
    return 0;
  };
}

}  // namespace slotrush::cli
