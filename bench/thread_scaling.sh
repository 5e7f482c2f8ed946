#!/usr/bin/env bash
# Two threads against one (issue 15: at least 1.9x on this 2-core machine), for the two ways studies use
# threads: `slotrush sim -r N` (replications) and `slotrush sweep` (points x replications, one queue).
# Each pair runs the same study with --threads 1, then --threads 2, whole processes timed by
# /usr/bin/time; the ratio of a pair is wall(1) / wall(2) and the goal is judged on the median of RUNS
# pairs. Both runs of a pair must write the same KPIs (results do not depend on the thread count).
# Usage: bench/thread_scaling.sh [build-dir]     RUNS=5 pairs; SCENARIO=scenarios/cbp1-2023-05-lottery.yaml
set -euo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/goals.sh
RUNS=${RUNS:-5}
SCENARIO=${SCENARIO:-scenarios/cbp1-2023-05-lottery.yaml}
slotrush="$build/apps/slotrush"
[[ -x $slotrush ]] || { echo "thread_scaling.sh: $slotrush not built" >&2; exit 2; }
tmp=$(mktemp -d /tmp/slotrush-threads.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# timed OUT CMD...: runs CMD, prints its wall seconds (the command's own output is discarded).
timed() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -f "%e" -o "$tmp/time" "$@" --out "$out" -q >/dev/null
  cat "$tmp/time"
}

# scale NAME FILE_TO_COMPARE CMD...: RUNS pairs of CMD --threads 1 / --threads 2; prints and records.
scale() {
  local name=$1 compare=$2; shift 2
  local ratios=() one two
  for i in $(seq "$RUNS"); do
    one=$(timed "$tmp/one" "$@" --threads 1)
    two=$(timed "$tmp/two" "$@" --threads 2)
    cmp -s "$tmp/one/$compare" "$tmp/two/$compare" ||
      { echo "thread_scaling.sh: $name wrote different $compare on 1 and 2 threads" >&2; exit 1; }
    ratios+=("$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$one" "$two")")
    printf "  pair %d: 1 thread %6.2f s, 2 threads %6.2f s = %sx\n" "$i" "$one" "$two" "${ratios[-1]}"
  done
  local med
  med=$(python3 -c "import sys,statistics; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.2f}')" "${ratios[@]}")
  goal "$name, 2 threads / 1 thread (wall)" "$med" ">=" 1.9 x "median of $RUNS pairs; pairs ${ratios[*]}"
}

echo "== Replications: slotrush sim $SCENARIO -r 6, 1 thread then 2 ($RUNS pairs) =="
scale "sim -r 6 (replications)" results.json "$slotrush" sim "$SCENARIO" -r 6
echo "== Sweep: 3 points x 2 replications of $SCENARIO, 1 thread then 2 ($RUNS pairs) =="
scale "sweep, 3 points x 2 replications" sweep.csv "$slotrush" sweep "$SCENARIO" \
  --vary allocation.lottery.senior_reserve_fraction=0,0.5,1 -r 2
