#!/usr/bin/env bash
# `slotrush compare` on results files: two results.json compare through the same path as scenarios
# (paired when simulated with one seed and run count, else unpaired), a scenario and a results.json
# mix, runs of different population scales or windows get no difference, and a file that is neither
# exits 2.
# Usage: compare_results.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -euo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
small=$src/tests/report/launch-small.yaml
fail() { echo "FAILED: $1"; cat "$work"/*.txt 2>/dev/null; exit 1; }
"$slotrush" sim "$small" -r 3 -q --out "$work/a" > /dev/null
"$slotrush" sim "$small" -r 3 -q --seed 99 --out "$work/b" > /dev/null
"$slotrush" sim "$small" -r 3 -q --population-scale 0.5 --out "$work/half" > /dev/null

"$slotrush" compare "$work/a/results.json" "$work/a/results.json" > "$work/same.txt"
grep -q '^goodput .*(+0 \[+0, +0\])' "$work/same.txt" || fail "a file against itself: no paired zero difference"
"$slotrush" compare "$work/a/results.json" "$work/b/results.json" > "$work/seeds.txt"
grep -q '^goodput .*unpaired)' "$work/seeds.txt" || fail "different seeds must be unpaired"
"$slotrush" compare "$small" "$work/a/results.json" -r 3 -q > "$work/mixed.txt"
grep -q '^people_trying .*(+0 \[+0, +0\])' "$work/mixed.txt" || fail "the scenario simulated again is the file's run, paired"
"$slotrush" compare "$work/a/results.json" "$work/half/results.json" > "$work/scales.txt"
grep -q 'not comparable' "$work/scales.txt" || fail "different scales not said"
if grep -E '^goodput .*\(' "$work/scales.txt"; then fail "a difference between different scales"; fi
# The same run said to cover only a window of the horizon (as a twin's halves do): not comparable either.
sed 's/"population_scale": 1.0/"population_scale": 1.0, "window_s": [32400.0, 32480.0]/' "$work/a/results.json" > "$work/window.json"
grep -q window_s "$work/window.json" || fail "the window could not be written into the copy"
"$slotrush" compare "$work/a/results.json" "$work/window.json" > "$work/windows.txt"
grep -q 'not comparable: they cover different windows' "$work/windows.txt" || fail "different windows not said"
if grep -E '^goodput .*\(' "$work/windows.txt"; then fail "a difference between different windows"; fi
echo '{"schema": "slotrush.results/1", "kind": 3}' > "$work/broken.json"
set +e
"$slotrush" compare "$work/broken.json" "$work/a/results.json" > "$work/broken.txt" 2>&1
status=$?
set -e
[[ $status -eq 2 ]] || fail "a broken results file exited $status, expected 2"
grep -q "broken.json" "$work/broken.txt" || fail "the broken file is not named"
echo "compare reads results files"
