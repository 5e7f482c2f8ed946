// BookingLedger: the append-only record of every allocation the server acknowledges, one JSON object
// per line, flushed to disk (fflush + fdatasync) before the acknowledging response is sent, so a crash
// loses nothing a client was told had succeeded. On restart the records are replayed to rebuild the
// inventory (BookingService::restore). A torn last line (a crash mid-append) is reported, ignored and
// cut off; a bad line before the last is an error (the file was edited or corrupted).
//
// A failed append (a full disk, an I/O error) cuts the file back to its last whole record before
// it throws LedgerWriteError, so the file stays replayable once space returns; until the cut
// succeeds every append fails.
//
// Records: {"op":"start",...} the clock of the run; {"op":"hold",...} slots held for a registrant;
// {"op":"confirm",...} a hold confirmed or refused; {"op":"draw",...} a lottery day drawn.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/types.h>

#include <nlohmann/json_fwd.hpp>

namespace slotrush::mock {

struct LedgerContents {
  std::vector<nlohmann::json> records;
  std::vector<std::string> warnings;  // e.g. the torn last line that was dropped
};

// A record could not be made durable: nothing of it is in the file, and it must not be acknowledged.
class LedgerWriteError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BookingLedger {
 public:
  // Reads what the file holds (nothing if it does not exist), cuts a torn last line off, and opens
  // it for appending. Throws std::runtime_error on I/O errors or a corrupt line before the last.
  explicit BookingLedger(std::filesystem::path path);
  ~BookingLedger();
  BookingLedger(const BookingLedger&) = delete;
  BookingLedger& operator=(const BookingLedger&) = delete;

  const LedgerContents& contents() const { return contents_; }
  // Appends one record and makes it durable before returning; throws LedgerWriteError on failure,
  // with the file cut back to the records before it.
  void append(const nlohmann::json& record);
  const std::filesystem::path& path() const { return path_; }

 private:
  [[noreturn]] void fail_append(const char* what);  // cuts the file back, throws LedgerWriteError
  std::filesystem::path path_;
  LedgerContents contents_;
  int fd_ = -1;
  off_t whole_bytes_ = 0;  // the file's length up to the end of its last whole, durable record
  bool torn_ = false;      // a failed append is still in the file (the cut-back failed too)
};

}  // namespace slotrush::mock
