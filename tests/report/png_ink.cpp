#include "tests/report/png_ink.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <unordered_map>

namespace slotrush::test {
namespace {

std::uint32_t big_endian(const std::uint8_t* p) {
  return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3];
}

std::vector<std::uint8_t> inflate_all(const std::vector<std::uint8_t>& in, std::size_t expected) {
  std::vector<std::uint8_t> out(expected);
  uLongf size = static_cast<uLongf>(out.size());
  if (uncompress(out.data(), &size, in.data(), static_cast<uLong>(in.size())) != Z_OK || size != expected)
    throw std::runtime_error("PNG image data does not inflate to the expected size");
  return out;
}

std::uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return static_cast<std::uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

}  // namespace

PngInk measure_png_ink(const std::vector<std::uint8_t>& png) {
  static const std::uint8_t signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (png.size() < 8 || !std::equal(signature, signature + 8, png.begin())) throw std::runtime_error("not a PNG file");
  PngInk ink;
  int channels = 0;
  std::vector<std::uint8_t> idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::uint32_t length = big_endian(&png[at]);
    if (at + 12 + length > png.size()) throw std::runtime_error("truncated PNG chunk");
    const std::string type(png.begin() + at + 4, png.begin() + at + 8);
    const std::uint8_t* body = &png[at + 8];
    if (type == "IHDR") {
      ink.width = big_endian(body);
      ink.height = big_endian(body + 4);
      const int depth = body[8], colour = body[9], interlace = body[12];
      if (depth != 8 || (colour != 2 && colour != 6) || interlace != 0)
        throw std::runtime_error("only 8-bit RGB or RGBA non-interlaced PNGs are read");
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat.insert(idat.end(), body, body + length);
    }
    at += 12 + length;
  }
  if (channels == 0 || ink.width == 0 || ink.height == 0) throw std::runtime_error("PNG without an image header");
  const std::size_t stride = std::size_t(ink.width) * channels;
  std::vector<std::uint8_t> raw = inflate_all(idat, (stride + 1) * ink.height);
  // Undo the per-row filters in place (PNG spec, section 9).
  std::vector<std::uint8_t> previous(stride, 0);
  std::unordered_map<std::uint32_t, std::size_t> counts;
  for (std::uint32_t y = 0; y < ink.height; ++y) {
    std::uint8_t* row = &raw[y * (stride + 1) + 1];
    const int filter = row[-1];
    for (std::size_t x = 0; x < stride; ++x) {
      const int a = x >= std::size_t(channels) ? row[x - channels] : 0;
      const int b = previous[x];
      const int c = x >= std::size_t(channels) ? previous[x - channels] : 0;
      switch (filter) {
        case 0: break;
        case 1: row[x] = std::uint8_t(row[x] + a); break;
        case 2: row[x] = std::uint8_t(row[x] + b); break;
        case 3: row[x] = std::uint8_t(row[x] + (a + b) / 2); break;
        case 4: row[x] = std::uint8_t(row[x] + paeth(a, b, c)); break;
        default: throw std::runtime_error("bad PNG row filter");
      }
    }
    std::copy(row, row + stride, previous.begin());
    for (std::size_t x = 0; x < stride; x += channels) {
      const std::uint32_t rgb = (std::uint32_t(row[x]) << 16) | (std::uint32_t(row[x + 1]) << 8) | row[x + 2];
      auto it = counts.find(rgb);
      if (it != counts.end()) ++it->second;
      else if (counts.size() < 4096) counts.emplace(rgb, 1);
    }
  }
  const auto most = std::max_element(counts.begin(), counts.end(),
                                     [](const auto& l, const auto& r) { return l.second < r.second; });
  ink.background = most->first;
  ink.distinct_colours = counts.size();
  const double pixels = double(ink.width) * ink.height;
  ink.ink_share = 1.0 - double(most->second) / pixels;
  return ink;
}

PngInk measure_png_ink_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + file.string());
  return measure_png_ink(std::vector<std::uint8_t>(std::istreambuf_iterator<char>(in), {}));
}

}  // namespace slotrush::test
