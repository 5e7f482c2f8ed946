// The screenshot check tells a one-colour image from one with something drawn on it.
#include <zlib.h>

#include <catch2/catch.hpp>

#include "tests/report/png_ink.hpp"

using slotrush::test::measure_png_ink;

namespace {

void put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(std::uint8_t(v >> s));
}

void chunk(std::vector<std::uint8_t>& png, const char* type, const std::vector<std::uint8_t>& body) {
  put_be32(png, std::uint32_t(body.size()));
  std::vector<std::uint8_t> typed(type, type + 4);
  typed.insert(typed.end(), body.begin(), body.end());
  png.insert(png.end(), typed.begin(), typed.end());
  put_be32(png, std::uint32_t(crc32(0, typed.data(), uInt(typed.size()))));
}

// A w x h RGB PNG, white, with a red square of side `square` at the top left; row filter `filter`
// (0 none, 1 sub, 2 up) applied as an encoder would.
std::vector<std::uint8_t> make_png(std::uint32_t w, std::uint32_t h, std::uint32_t square, int filter) {
  std::vector<std::uint8_t> raw, previous(w * 3, 0);
  for (std::uint32_t y = 0; y < h; ++y) {
    std::vector<std::uint8_t> row;
    for (std::uint32_t x = 0; x < w; ++x) {
      const bool red = x < square && y < square;
      row.insert(row.end(), {255, std::uint8_t(red ? 0 : 255), std::uint8_t(red ? 0 : 255)});
    }
    raw.push_back(std::uint8_t(filter));
    for (std::size_t i = 0; i < row.size(); ++i) {
      const int a = i >= 3 ? row[i - 3] : 0;
      raw.push_back(std::uint8_t(row[i] - (filter == 1 ? a : filter == 2 ? previous[i] : 0)));
    }
    previous = row;
  }
  std::vector<std::uint8_t> packed(compressBound(uLong(raw.size())));
  uLongf size = uLongf(packed.size());
  compress(packed.data(), &size, raw.data(), uLong(raw.size()));
  packed.resize(size);
  std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> header;
  put_be32(header, w);
  put_be32(header, h);
  header.insert(header.end(), {8, 2, 0, 0, 0});
  chunk(png, "IHDR", header);
  chunk(png, "IDAT", packed);
  chunk(png, "IEND", {});
  return png;
}

}  // namespace

TEST_CASE("a one-colour screenshot has no ink", "[report]") {
  for (int filter : {0, 1, 2}) {
    const auto ink = measure_png_ink(make_png(40, 30, 0, filter));
    CHECK(ink.width == 40);
    CHECK(ink.ink_share == 0);
    CHECK(ink.distinct_colours == 1);
    CHECK(ink.background == 0xffffff);
  }
}

TEST_CASE("a drawn square is counted as ink whatever the row filter", "[report]") {
  for (int filter : {0, 1, 2}) {
    const auto ink = measure_png_ink(make_png(40, 30, 10, filter));
    CHECK(ink.ink_share == Approx(100.0 / 1200.0));
    CHECK(ink.distinct_colours == 2);
    CHECK(ink.background == 0xffffff);
  }
}

TEST_CASE("something that is not a PNG is refused", "[report]") {
  CHECK_THROWS(measure_png_ink({'G', 'I', 'F', '8', '9', 'a'}));
  auto png = make_png(10, 10, 2, 0);
  png.resize(png.size() - 30);  // cut inside the image data
  CHECK_THROWS(measure_png_ink(png));
}
