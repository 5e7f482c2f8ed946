# The two commands every user needs, plus the benchmarks. Each target installs what it needs first.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: deps configure build demo test bench sanitize fuzz clean

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

# The suite again under AddressSanitizer + UndefinedBehaviorSanitizer, in its own build folder.
sanitize:
	$(MAKE) test BUILD=build-sanitize CMAKE_FLAGS="-DSLOTRUSH_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo"

# The libFuzzer targets of tests/fuzz under ASan+UBSan, FUZZ_SECONDS each (default 180), in build-fuzz.
fuzz: deps
	bash scripts/install-deps.sh fuzz
	bash scripts/fuzz.sh

bench: build
	bash scripts/install-deps.sh bench
	bash bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) build-sanitize build-fuzz build-tsan
