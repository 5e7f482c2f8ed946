// The libFuzzer entry point every target in tests/fuzz defines. Built twice: with clang's
// -fsanitize=fuzzer under `make fuzz` (scripts/fuzz.sh), and with the project's compiler against
// replay_main.cpp, so `make test` runs every corpus file through its target and a crash once found
// stays fixed. A target returns 0; a bug is a crash, a sanitizer report or an escaped exception.
#pragma once
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
