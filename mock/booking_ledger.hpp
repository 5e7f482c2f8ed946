// BookingLedger: the append-only record of every allocation the server acknowledges, one JSON object
// per line, flushed to disk (fflush + fdatasync) before the acknowledging response is sent, so a crash
// loses nothing a client was told had succeeded. On restart the records are replayed to rebuild the
// inventory (BookingService::restore). A torn last line (a crash mid-append) is reported, ignored and
// cut off; a bad line before the last is an error (the file was edited or corrupted).
//
// Records: {"op":"start",...} the clock of the run; {"op":"hold",...} slots held for a registrant;
// {"op":"confirm",...} a hold confirmed or refused; {"op":"draw",...} a lottery day drawn.
#pragma once
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace slotrush::mock {

struct LedgerContents {
  std::vector<nlohmann::json> records;
  std::vector<std::string> warnings;  // e.g. the torn last line that was dropped
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
  // Appends one record and makes it durable before returning; throws std::runtime_error on failure.
  void append(const nlohmann::json& record);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  LedgerContents contents_;
  std::FILE* file_ = nullptr;
};

}  // namespace slotrush::mock
