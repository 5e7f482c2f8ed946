// Reading the load generator's Prometheus export in tests: a blocking GET of /metrics over loopback,
// one sample's value from the text exposition, and `promtool check metrics` on a scrape.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace slotrush::loadgen::test {

// GET http://127.0.0.1:PORT/metrics; the body, or empty on any error.
inline std::string get_metrics(int port) {
  namespace http = boost::beast::http;
  try {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
    http::request<http::empty_body> req(http::verb::get, "/metrics", 11);
    req.set(http::field::host, "127.0.0.1");
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    return res.result() == http::status::ok ? res.body() : std::string();
  } catch (const std::exception&) {
    return {};
  }
}

// The sum of every sample of `name` whose labels contain each of `labels` (e.g. route="/x"); -1 if none.
inline double sample_sum(const std::string& scrape, const std::string& name, std::initializer_list<std::string> labels = {}) {
  const std::regex line("(^|\n)" + name + R"((\{([^}]*)\})? ([-0-9.e+naNIf]+))");
  double sum = 0;
  bool found = false;
  for (auto it = std::sregex_iterator(scrape.begin(), scrape.end(), line); it != std::sregex_iterator(); ++it) {
    const std::string have = (*it)[3].str();
    bool all = true;
    for (const std::string& l : labels) all = all && have.find(l) != std::string::npos;
    if (!all) continue;
    found = true;
    sum += std::stod((*it)[4].str());
  }
  return found ? sum : -1;
}

// promtool's verdict on a scrape: 0 clean, -1 when promtool is not installed, else its exit status.
inline int promtool_check_metrics(const std::string& scrape, const std::string& file) {
  if (std::system("command -v promtool > /dev/null 2>&1") != 0) return -1;
  std::ofstream(file) << scrape;
  const int status = std::system(("promtool check metrics < '" + file + "' > '" + file + ".out' 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace slotrush::loadgen::test
