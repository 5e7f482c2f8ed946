// A full disk under the booking ledger: the failed write is cut off the file, nothing is acknowledged
// or kept in memory that the file does not have, and once space returns the server books again and
// a restart replays the file. The disk is "filled" with RLIMIT_FSIZE (writes past the limit fail
// with EFBIG, a partial write first, exactly the torn line a full disk leaves).
#include <csignal>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>
#include <sys/resource.h>

#include "mock/booking_ledger.hpp"
#include "tests/mock/mock_fixture.hpp"

using namespace slotrush;
using namespace slotrush::mock;
using namespace slotrush::mock::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Files may grow to `bytes` while it lives (SIGXFSZ ignored, so the write fails with EFBIG).
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &before_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = before_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &before_);
    std::signal(SIGXFSZ, old_handler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit before_{};
  void (*old_handler_)(int) = SIG_DFL;
};

struct TempLedger {
  TempLedger() : path(fs::temp_directory_path() / ("slotrush-" + std::to_string(::getpid()) + "-full.jsonl")) {
    fs::remove(path);
  }
  ~TempLedger() { fs::remove(path); }
  fs::path path;
};

std::size_t whole_lines(const fs::path& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) n += !json::parse(line, nullptr, false).is_discarded();
  return n;
}

}  // namespace

TEST_CASE("a ledger write that fails mid-record is cut off, and later records replay", "[mock][ledger]") {
  TempLedger file;
  {
    BookingLedger ledger(file.path);
    ledger.append({{"op", "start"}, {"at", 0}});
    const auto before = fs::file_size(file.path);
    {
      FileSizeLimit full(before + 10);  // room for 10 bytes of the next record, not all of it
      CHECK_THROWS_AS(ledger.append({{"op", "draw"}, {"day", 1}, {"at", 123456789}}), LedgerWriteError);
    }
    CHECK(fs::file_size(file.path) == before);  // the torn part is gone
    ledger.append({{"op", "draw"}, {"day", 2}, {"at", 2}});  // space is back
  }
  BookingLedger reopened(file.path);  // would throw "corrupt record before the end of the file"
  REQUIRE(reopened.contents().records.size() == 2);
  CHECK(reopened.contents().records[1]["day"] == 2);
  CHECK(reopened.contents().warnings.empty());
}

TEST_CASE("a booking the ledger cannot record is answered 503 and not made", "[mock][ledger]") {
  TempLedger file;
  MockServerOptions o = test_options(kAfterRelease);
  o.ledger = file.path;
  {
    RunningMock m(small_race(10), o);
    TestClient c(m.server.endpoint());
    const std::string one = login(c, 1), two = login(c, 2);
    REQUIRE(book(c, one, "a")->result() == http::status::created);
    const auto lines = whole_lines(file.path);
    {
      FileSizeLimit full(fs::file_size(file.path) + 5);
      auto refused = book(c, two, "b");
      REQUIRE(refused);
      CHECK(refused->result() == http::status::service_unavailable);
      CHECK(body_of(*refused)["error"] == "ledger_unavailable");
      CHECK(refused->count(http::field::retry_after) == 1);
      // The confirmation of a durable hold is not applied either.
      auto confirm = c.request(http::verb::post, "/confirm", {}, {{"Authorization", one}});
      REQUIRE(confirm);
      CHECK(confirm->result() == http::status::service_unavailable);
    }
    CHECK(whole_lines(file.path) == lines);
    // Nothing of the refused booking is held: no booking to see, a fresh booking is made.
    auto seen = c.request(http::verb::get, "/booking", {}, {{"Authorization", two}});
    REQUIRE(seen);
    CHECK(seen->result() == http::status::not_found);
    const BookingTotals t = m.server.bookings().totals();
    CHECK(t.taken_total - t.returned_total == 1);  // the refused slot went back on sale
    long open = 0;
    for (long n : t.open_by_port) open += n;
    CHECK(open == 9);
    auto still_held = c.request(http::verb::get, "/booking", {}, {{"Authorization", one}});
    REQUIRE(still_held);
    CHECK(body_of(*still_held)["booking"]["status"] != "confirmed");
    REQUIRE(book(c, two, "c")->result() == http::status::created);
    REQUIRE(c.request(http::verb::post, "/confirm", {}, {{"Authorization", one}})->result() == http::status::ok);
  }
  RunningMock again(small_race(10), o);  // the file replays: both bookings, one confirmed
  CHECK(again.server.bookings().totals().taken_total == 2);  // replayed: only what was recorded
  CHECK(again.server.bookings().totals().confirmed_slots == 1);
}
