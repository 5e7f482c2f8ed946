#!/usr/bin/env bash
# A sharded `sim -r 16` under Slurm against the same study unsharded on the same 2 cores (issue 14,
# docs/BENCHMARKS.md): starts the tests' single-node Slurm (tests/scale/slurm_cluster.sh: slurmctld,
# two slurmd of 1 CPU each on this host, as root), then ROUNDS rounds of, alternating, (a) one
# `slotrush sim SCENARIO -r 16 --threads 2` and (b) deploy/slurm/submit-sim.sh with SHARDS array tasks
# and the dependent merge job, `--wait`. Each round checks the merged results.json equals (a)'s byte
# for byte, and prints both wall times and their ratio: the scheduler's and the merge's overhead.
#   bench/slurm_sim_shards.sh [build-dir]      ROUNDS=3 SHARDS=4 SCENARIO=bench/launch-tenth.yaml
set -uo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${ROUNDS:-3} SHARDS=${SHARDS:-4} SCENARIO=$(realpath "${SCENARIO:-$root/bench/launch-tenth.yaml}")
slotrush=$(realpath "$root/$build/apps/slotrush")
[[ -x $slotrush ]] || { echo "slurm_sim_shards: $slotrush not built" >&2; exit 1; }
skip() { echo "slurm_sim_shards: not run: $*"; exit 0; }
work=$(mktemp -d /tmp/slotrush-slurm-bench.XXXXXX)
# shellcheck source=tests/scale/slurm_cluster.sh
source "$root/tests/scale/slurm_cluster.sh"
export SLOTRUSH=$slotrush
now() { date +%s.%N; }
echo "sim -r 16 of $(basename "$SCENARIO"): unsharded on 2 threads vs $SHARDS Slurm array tasks (2 nodes x 1 CPU) + merge"
# merged_s: until the merge job wrote merged/results.json (the study's real end); wait_s: until
# `sbatch --wait` returned (it polls the job's state every few seconds, so it rounds the end up).
printf '%-6s %12s %10s %8s %8s\n' round unsharded_s merged_s ratio wait_s
for round in $(seq "$ROUNDS"); do
  rm -rf "$work/whole" "$work/out"
  t0=$(now)
  "$slotrush" sim "$SCENARIO" -r 16 --threads 2 -q --out "$work/whole" > /dev/null || { echo "unsharded run failed"; exit 1; }
  t1=$(now)
  timeout 600 bash "$root/deploy/slurm/submit-sim.sh" "$SCENARIO" 16 "$SHARDS" "$work/out" --wait > /dev/null ||
    { echo "the Slurm array or its merge failed"; tail -n 5 "$work"/out/*.out; exit 1; }
  t2=$(now)
  cmp -s "$work/whole/results.json" "$work/out/merged/results.json" || { echo "round $round: merged results differ"; exit 1; }
  merged_at=$(stat -c %.9Y "$work/out/merged/results.json")
  awk -v r="$round" -v t0="$t0" -v t1="$t1" -v t2="$t2" -v m="$merged_at" \
    'BEGIN { a = t1 - t0; b = m - t1; printf "%-6s %12.2f %10.2f %7.3fx %8.2f\n", r, a, b, b / a, t2 - t1 }'
done
echo "every round: the merged results.json equals the unsharded run's byte for byte"
