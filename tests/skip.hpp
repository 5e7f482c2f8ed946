// One skip convention for every suite: a test that cannot run on this machine (a tool it drives is
// not installed) prints a line "SLOTRUSH_SKIP: <why>" and returns; ctest's SKIP_REGULAR_EXPRESSION
// (tests/CMakeLists.txt) reports it as skipped, never as passed. Bash tests echo the same line,
// cmake scripts message() it.
#pragma once
#include <iostream>

#define SLOTRUSH_SKIP(why)                                 \
  do {                                                     \
    std::cout << "SLOTRUSH_SKIP: " << (why) << std::endl; \
    return;                                                \
  } while (0)
