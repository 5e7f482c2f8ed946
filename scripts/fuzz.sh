#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of tests/fuzz with clang under ASan+UBSan (build-fuzz/)
# and fuzzes each for FUZZ_SECONDS (default 180) from its seed corpus and dictionary. New inputs
# go to build-fuzz/corpus/TARGET, not into the tree, unless FUZZ_KEEP=1 (then libFuzzer's -merge=1
# adds the ones that cover something new to tests/fuzz/corpus/TARGET). A crash leaves its input in
# build-fuzz/crashes/ and makes the script fail; add it to the corpus once fixed.
#   scripts/fuzz.sh [TARGET...]     targets: scenario_loader mock_request response_reader results_reader load_shard_reader
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-180}
build=${FUZZ_BUILD:-build-fuzz}
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(scenario_loader mock_request response_reader results_reader load_shard_reader)
command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (apt-get install clang)" >&2; exit 1; }

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DSLOTRUSH_FUZZ=ON ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/crashes"
status=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  mkdir -p "$work"
  seeds=(tests/fuzz/corpus/$t)
  [[ $t == scenario_loader ]] && seeds+=(scenarios)
  echo "fuzz: $t for ${seconds}s"
  # -rss_limit_mb bounds memory; -timeout flags an input that takes over 10 s (a hang is a bug too).
  if ! "$build/tests/fuzz_$t" "$work" "${seeds[@]}" -dict="tests/fuzz/$t.dict" -max_total_time="$seconds" \
       -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$build/crashes/$t-" -print_final_stats=1 \
       2> "$build/$t.log"; then
    echo "fuzz: $t FOUND A CRASH: $(ls "$build/crashes" | grep "^$t-" | head -1) (log: $build/$t.log)" >&2
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|cov: " "$build/$t.log" | tail -3 || true
  if [[ ${FUZZ_KEEP:-0} == 1 ]]; then
    "$build/tests/fuzz_$t" -merge=1 "tests/fuzz/corpus/$t" "$work" 2>/dev/null
  fi
done
exit $status
