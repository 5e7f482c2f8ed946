// nginx (Debian's nginx-light) started by a test on 127.0.0.1: one worker, a fixed 200 "ok" on
// every path but /status/404 and /status/503, and an access log in a temp folder whose lines are the
// server's own count of requests. available() is false when /usr/sbin/nginx is absent (tests WARN).
#pragma once
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace slotrush::loadgen::test {

inline constexpr const char* kNginx = "/usr/sbin/nginx";

// A port nobody listens on right now (bound to 0 and released); a later bind may race, so callers retry.
inline unsigned short free_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

class NginxProcess {
 public:
  NginxProcess() {
    if (!available()) return;
    dir_ = std::filesystem::temp_directory_path() /
           ("slotrush-nginx-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::create_directories(dir_ / "tmp");
    for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(free_port());
  }
  ~NginxProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGQUIT);
      for (int i = 0; i < 200 && ::waitpid(pid_, nullptr, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, WNOHANG);
    }
    std::error_code ignored;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
  }

  static bool available() { return ::access(kNginx, X_OK) == 0; }
  bool running() const { return pid_ > 0; }
  unsigned short port() const { return port_; }
  std::string url(const std::string& path = "/") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Lines in the access log: one per request nginx finished.
  std::size_t logged_requests() const {
    std::ifstream in(dir_ / "access.log");
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);) ++n;
    return n;
  }
  // Waits (bounded) until the log has `expected` lines; nginx logs just after answering.
  std::size_t logged_requests_settled(std::size_t expected) const {
    std::size_t n = logged_requests();
    for (int i = 0; i < 200 && n < expected; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      n = logged_requests();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // and no more come
    return logged_requests();
  }
  // The $msec of the first and last log lines (seconds since the epoch).
  std::pair<double, double> first_and_last_time() const {
    std::ifstream in(dir_ / "access.log");
    double first = 0, last = 0;
    for (std::string line; std::getline(in, line);) {
      const double t = std::stod(line);
      if (first == 0) first = t;
      last = t;
    }
    return {first, last};
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }

  void start(unsigned short port) {
    const auto conf = dir_ / "nginx.conf";
    std::ofstream(conf) << "worker_processes 1;\n"
                        << "daemon off;\n"
                        << "pid " << (dir_ / "nginx.pid").string() << ";\n"
                        << "error_log " << (dir_ / "error.log").string() << " warn;\n"
                        << "events { worker_connections 4096; }\n"
                        << "http {\n"
                        << "  log_format count '$msec $status $request';\n"
                        << "  access_log " << (dir_ / "access.log").string() << " count;\n"
                        << "  client_body_temp_path " << (dir_ / "tmp").string() << ";\n"
                        << "  proxy_temp_path " << (dir_ / "tmp").string() << ";\n"
                        << "  fastcgi_temp_path " << (dir_ / "tmp").string() << ";\n"
                        << "  keepalive_requests 1000;\n"
                        << "  server {\n"
                        << "    listen 127.0.0.1:" << port << ";\n"
                        << "    location /status/404 { return 404 \"no\\n\"; }\n"
                        << "    location /status/503 { return 503 \"busy\\n\"; }\n"
                        << "    location / { return 200 \"ok\\n\"; }\n"
                        << "  }\n"
                        << "}\n";
    const pid_t pid = ::fork();
    if (pid == 0) {
      const std::string prefix = dir_.string() + "/";
      const std::string c = conf.string();
      ::execl(kNginx, kNginx, "-p", prefix.c_str(), "-c", c.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    // Ready when it accepts a connection; gone if it failed (e.g. the port was taken meanwhile).
    boost::asio::io_context io;
    for (int i = 0; i < 250; ++i) {
      if (::waitpid(pid, nullptr, WNOHANG) == pid) return;
      boost::asio::ip::tcp::socket s(io);
      boost::system::error_code ec;
      s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
      if (!ec) {
        pid_ = pid;
        port_ = port;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }

  std::filesystem::path dir_;
  pid_t pid_ = -1;
  unsigned short port_ = 0;
};

}  // namespace slotrush::loadgen::test
