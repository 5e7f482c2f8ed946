#!/usr/bin/env bash
# Runs every benchmark against its peer in the same script, prints each result as a ratio, and ends
# with every goal of issue 15 as met or NOT MET (bench/goals.sh). The launch day, the mock endpoint
# against nginx, the load generator against wrk and the two-thread scaling have scripts of their own,
# called here in turn.
# Usage: bench/run.sh [build-dir]   (make bench installs the peers and builds first)
# Each measurement is the median of RUNS runs (default 5), pinned to one core when taskset is available.
# Exit status 0 when every goal is met, 1 when one is not (the table says which).
set -euo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/goals.sh
RUNS=${RUNS:-5}
export RUNS
GOALS_FILE=$(mktemp /tmp/slotrush-goals.XXXXXX)
export GOALS_FILE
trap 'rm -f "$GOALS_FILE"' EXIT
pin=""
command -v taskset >/dev/null && pin="taskset -c $(( $(nproc) - 1 ))"

bash bench/peers/build.sh "$build/bench" >/dev/null

# median FIELD CMD...: runs CMD $RUNS times, prints the median of JSON field FIELD.
median() {
  local field=$1; shift
  for _ in $(seq "$RUNS"); do $pin "$@"; done |
    python3 -c "import sys,json,statistics; print(statistics.median(json.loads(l)['$field'] for l in sys.stdin if l.strip()))"
}
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

echo "== HOLD model: 10,000 pending, Exp(1) increments, 5,000,000 events (events/s, median of $RUNS) =="
ours=$(median events_per_second "$build/bench/slotrush_bench_hold" --style=event)
ours_proc=$(median events_per_second "$build/bench/slotrush_bench_hold" --style=process)
best=0; best_name=""
for s in heap map calendar priority; do
  v=$(median events_per_second "$build/bench/hold_ns3" --scheduler=$s)
  printf "  ns-3.37 %-9s %12.0f\n" "$s" "$v"
  if python3 -c "import sys; sys.exit(0 if $v > $best else 1)"; then best=$v; best_name=$s; fi
done
printf "  slotrush events   %12.0f   = %sx ns-3 %s\n" "$ours" "$(ratio "$ours" "$best")" "$best_name"
printf "  slotrush processes%12.0f   = %sx ns-3 %s\n" "$ours_proc" "$(ratio "$ours_proc" "$best")" "$best_name"
goal "hold model, event style / ns-3's fastest scheduler" "$(ratio "$ours" "$best")" ">=" 5 x "ns-3 $best_name"
goal "hold model, coroutine processes / ns-3's fastest" "$(ratio "$ours_proc" "$best")" ">=" 4 x "ns-3 $best_name"

echo "== M/M/c: lambda 9, mu 1, c 10, 200,000 customers (customers/s, median of $RUNS) =="
simpy=$(median customers_per_second /usr/bin/python3 bench/peers/mmc_simpy.py --customers 200000)
ours=$(median customers_per_second "$build/bench/slotrush_bench_mmc" --customers=200000)
printf "  SimPy            %12.0f\n" "$simpy"
printf "  slotrush         %12.0f   = %sx SimPy\n" "$ours" "$(ratio "$ours" "$simpy")"
goal "M/M/c (lambda 9, mu 1, c 10) customers/s / SimPy" "$(ratio "$ours" "$simpy")" ">=" 100 x

echo "== Kernel memory (1,000,000 of each) =="
"$build/bench/slotrush_bench_memory" 1000000

# The launch day at full size, one replication on one core (median of RUNS; KPIs identical in all).
bash bench/launch_day.sh "$build"

# Replications and sweep points on two threads against one.
bash bench/thread_scaling.sh "$build"

# The mock endpoint (slotrush serve) against nginx, and its booking path (MOCK_RUNS, DURATION).
MOCK_RUNS=${MOCK_RUNS:-$RUNS} bash bench/mock_vs_nginx.sh "$build"

# The load generator against wrk, and its open model at 90% of its closed-loop maximum.
ROUNDS=${ROUNDS:-$RUNS} bash bench/loadgen_vs_wrk.sh "$build"

goal_summary "$GOALS_FILE"
