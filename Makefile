# The two commands every user needs, plus the benchmarks. Each target installs what it needs first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build demo test bench sanitize tsan fuzz clean

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	bash scripts/demo.sh $(BUILD)

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Sanitized builds compile at -O1 -g1: 40% less compiler time than RelWithDebInfo's -O2 -g for the
# same findings and test time (docs/reliability.md), so CI's sanitize + tsan fit its 45 minutes;
# -g1 keeps file:line in every report.
SANITIZED_BUILD = -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g1 -DNDEBUG" \
  -DSLOTRUSH_BUILD_BENCH=OFF

# The suite again under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build folder
# (no benchmarks compiled; left out: the one test that measures a live time scale, label `timing`, and
# the one that re-runs the full-size launch day to check its fit, label `slow`).
sanitize: deps
	cmake -S . -B build-sanitize -G Ninja $(SANITIZED_BUILD) -DSLOTRUSH_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build build-sanitize -j $(JOBS)
	ctest --test-dir build-sanitize --output-on-failure -j $(JOBS) -LE "timing|slow"

# The concurrent parts under ThreadSanitizer: the mock (several I/O threads), the load generator
# (several threads), replications and sweep points on threads; only their test programs and the binary
# are built.
TSAN_TARGETS = slotrush slotrush_mock_tests slotrush_loadgen_tests slotrush_unit_tests slotrush_sweep_tests
tsan: deps
	cmake -S . -B build-tsan -G Ninja $(SANITIZED_BUILD) -DSLOTRUSH_TSAN=ON $(CMAKE_FLAGS)
	cmake --build build-tsan -j $(JOBS) --target $(TSAN_TARGETS)
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" \
	  ctest --test-dir build-tsan --output-on-failure -j $(JOBS) -LE timing -R "^(mock|loadgen|unit|sweep):"

# The libFuzzer targets of tests/fuzz under ASan+UBSan, FUZZ_SECONDS each (default 180), in build-fuzz.
fuzz: deps
	bash scripts/install-deps.sh fuzz
	bash scripts/fuzz.sh

bench: build
	bash scripts/install-deps.sh bench
	bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz build-tsan
