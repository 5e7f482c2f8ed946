// `slotrush load` stops cleanly on SIGINT: it ends the run early, lets requests in flight finish,
// writes its report and files, and exits 0; what it counted is what nginx logged.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/loadgen/nginx_process.hpp"
#include "tests/skip.hpp"
#include "tests/mock/serve_process.hpp"

using namespace slotrush::loadgen::test;
using namespace std::chrono_literals;

TEST_CASE("SIGINT ends slotrush load early with its report and exit status 0", "[loadgen][signals]") {
  if (!NginxProcess::available()) {
    SLOTRUSH_SKIP("nginx not installed at /usr/sbin/nginx (apt-get install nginx-light)");
  }
  NginxProcess nginx;
  REQUIRE(nginx.running());
  const auto out = std::filesystem::temp_directory_path() / ("slotrush-load-sigint-" + std::to_string(::getpid()));
  std::filesystem::remove_all(out);
  slotrush::mock::test::ServeProcess load({SLOTRUSH_BINARY, "load", "--target", nginx.url("/"), "--rate", "100",
                                           "-c", "4", "-d", "60s", "--quiet", "--out", out.string()});
  std::this_thread::sleep_for(1500ms);
  load.signal(SIGINT);
  const auto status = load.wait_exit(20s);
  REQUIRE(status.has_value());
  CHECK(*status == 0);
  std::ifstream in(out / "load-report.json");
  REQUIRE(in);
  const auto report = nlohmann::json::parse(in);
  CHECK(report.at("interrupted") == true);
  CHECK(report.at("elapsed_s").get<double>() < 30.0);
  const auto attempts = report.at("attempts").get<std::size_t>();
  CHECK(attempts > 50);
  CHECK(nginx.logged_requests_settled(attempts) == attempts);
  CHECK(std::filesystem::exists(out / "results.json"));
  CHECK(std::filesystem::exists(out / "series.csv"));
  std::filesystem::remove_all(out);
}
