// slotrush_png_ink FILE.png MIN_INK_SHARE MIN_COLOURS: exit 0 when the screenshot has at least that
// share of non-background pixels and that many colours, 1 when it looks blank, 2 when it is unreadable.
// Used by browser_render.cmake.
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "tests/report/png_ink.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: slotrush_png_ink FILE.png MIN_INK_SHARE MIN_COLOURS\n");
    return 2;
  }
  try {
    const auto ink = slotrush::test::measure_png_ink_file(argv[1]);
    const double min_share = std::atof(argv[2]);
    const auto min_colours = static_cast<std::size_t>(std::atol(argv[3]));
    std::printf("%s: %ux%u, background #%06x, %.1f%% of pixels drawn on, %zu colours\n", argv[1], ink.width,
                ink.height, ink.background, 100 * ink.ink_share, ink.distinct_colours);
    return ink.ink_share >= min_share && ink.distinct_colours >= min_colours ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[1], e.what());
    return 2;
  }
}
