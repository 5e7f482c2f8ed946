// Target: the load generator's response reader. Bytes a server sends, fed to ResponseReader as
// they would arrive (in pieces), end in exactly one classified outcome; the body kept never exceeds
// the limit.
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "loadgen/http_connection.hpp"
#include "loadgen/response_reader.hpp"
#include "tests/fuzz/fuzz_target.hpp"

using namespace slotrush::loadgen;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr std::uint64_t kLimit = 64 * 1024;
  ResponseCapture capture;
  capture.keep_body = true;
  ResponseReader reader(capture, kLimit);
  reader.eager(true);
  boost::beast::error_code ec;
  std::size_t offset = 0;
  // Piece sizes from the first byte, so the fuzzer explores how a response is split across reads.
  const std::size_t piece = size > 0 ? 1 + data[0] % 64 : 1;
  std::string pending;
  while (offset < size && !reader.is_done() && !ec) {
    const std::size_t n = std::min(piece, size - offset);
    pending.append(reinterpret_cast<const char*>(data) + offset, n);
    offset += n;
    const std::size_t used = reader.put(boost::asio::buffer(pending), ec);
    if (ec == boost::beast::http::error::need_more) ec = {};
    pending.erase(0, used);
  }
  if (!ec && !reader.is_done()) {
    reader.put_eof(ec);
  }
  const Outcome outcome = ec ? outcome_of_read_error(ec) : outcome_of_status(capture.status);
  if (static_cast<int>(outcome) < 0 || static_cast<int>(outcome) >= kOutcomeCount) __builtin_trap();
  if (capture.body.size() > kLimit) __builtin_trap();  // the limit bounds memory
  return 0;
}
