// PngInk: how much of a PNG screenshot is not background, so a test can tell a drawn page from a
// blank one without python or an image library: 8-bit RGB / RGBA, non-interlaced (what Chromium
// writes), inflated with zlib and unfiltered here.
#pragma once
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace slotrush::test {

struct PngInk {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t background = 0;        // the most common colour, 0xRRGGBB
  double ink_share = 0;                // share of pixels not of the background colour
  std::size_t distinct_colours = 0;    // counted up to 4096
};

// Throws std::runtime_error on a file that is not such a PNG.
PngInk measure_png_ink(const std::vector<std::uint8_t>& png);
PngInk measure_png_ink_file(const std::filesystem::path& file);

}  // namespace slotrush::test
