// Target: the mock server's request handling, end to end: bytes on a connection (HTTP parser,
// router, JSON bodies, tokens, Idempotency-Key, the booking rules) to responses. One server on
// 127.0.0.1 serves every input; each input is one connection that sends the bytes, half-closes and
// reads until the server closes. The server must answer or close, never crash, and stay up for the
// next input (checked with /healthz after every input).
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_target.hpp"
#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;

namespace {

MockServer& server() {
  static std::unique_ptr<RunningMock> running = [] {
    MockServerOptions o = test_options(kAfterRelease);
    o.limits.read_timeout = std::chrono::milliseconds(200);  // a request that never ends costs little
    return std::make_unique<RunningMock>(small_race(50), o);
  }();
  return running->server;
}

std::string last_read_end;  // why the last exchange stopped reading, for a failure's message

// Sends `bytes`, half-closes, and returns what came back before the server closed (or 2 s passed).
std::string exchange(const std::string& bytes) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket(ioc);
  boost::system::error_code ec;
  do {
    if (socket.is_open()) socket.close(ec);
    socket.connect(server().endpoint(), ec);
  } while (ec == boost::asio::error::interrupted);  // the -timeout alarm again
  if (ec) {  // the server is gone
    std::fprintf(stderr, "fuzz_mock_request: connect to the mock: %s\n", ec.message().c_str());
    __builtin_trap();
  }
  const timeval wait{2, 0};  // a read never blocks longer than 2 s
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  boost::asio::write(socket, boost::asio::buffer(bytes), ec);
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
  std::string reply;
  char chunk[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::size_t n = socket.read_some(boost::asio::buffer(chunk), ec);
    reply.append(chunk, n);
    if (ec == boost::asio::error::interrupted) continue;  // libFuzzer's -timeout alarm (SIGALRM), not the server
    if (ec) break;
  }
  last_read_end = ec ? ec.message() : "2 s passed";
  return reply;
}

// Whether any response in `reply` (the server may answer several pipelined requests) has status 500.
// Responses are parsed, not searched: a body may quote the client's bytes, "HTTP/1.1 500" included.
bool answered_500(const std::string& reply) {
  std::string_view rest = reply;
  while (!rest.empty()) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.eager(true);
    parser.body_limit(boost::none);
    boost::beast::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    if (parser.is_header_done() && parser.get().result_int() == 500) return true;
    if (ec || !parser.is_done()) return false;  // the rest is not a whole response (or ends at close)
    rest.remove_prefix(used);
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string reply = exchange(std::string(reinterpret_cast<const char*>(data), size));
  // Whatever it said, it said HTTP or nothing, and never a 5xx for what a client sent, except
  // the documented shedding and ledger answers (503) the scenario can give.
  if (!reply.empty() && reply.rfind("HTTP/1.", 0) != 0) __builtin_trap();
  if (answered_500(reply)) __builtin_trap();
  const std::string health = exchange("GET /healthz HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\n\r\n");
  if (health.rfind("HTTP/1.1 200", 0) != 0) {
    std::fprintf(stderr, "fuzz_mock_request: /healthz after this input answered %zu bytes (%s): %.200s\n", health.size(),
                 last_read_end.c_str(), health.c_str());
    __builtin_trap();
  }
  return 0;
}
