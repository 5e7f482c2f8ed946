#!/usr/bin/env bash
# A real single-node Slurm (Debian's slurm-wlm + munge, as root, no systemd): slurmctld and two
# slurmd (virtual nodes n1, n2 on this host) from a slurm.conf this test writes, nothing in /etc.
# Submits `sim -r 8` as a job array of 4 shards (deploy/slurm/submit-sim.sh) and the dependent merge
# job, waits (bounded), and asserts the merged results.json equals the unsharded run's byte for byte.
# Stops the daemons it started, by PID. Skipped (SLOTRUSH_SKIP) where Slurm cannot run here.
#   slurm_sim_array.sh SLOTRUSH PROJECT_DIR WORK_DIR
set -uo pipefail
slotrush=$(realpath "$1") project=$(realpath "$2") work=$3
skip() { echo "SLOTRUSH_SKIP: $*"; exit 77; }
# shellcheck source=tests/scale/slurm_cluster.sh
source "$(dirname "$0")/slurm_cluster.sh"

scenario=$project/tests/observability/small-launch.yaml
"$slotrush" sim "$scenario" -r 8 -q --out "$work/whole" >/dev/null || { echo "FAIL: unsharded run"; exit 1; }
export SLOTRUSH=$slotrush
timeout 120 bash "$project/deploy/slurm/submit-sim.sh" "$scenario" 8 4 "$work/out" --wait
status=$?
[[ $status -eq 0 ]] || { echo "FAIL: the array or its merge failed ($status)"; tail -n 5 "$work"/out/*.out; exit 1; }
nodes=$(cat "$work"/out/slotrush-sim-*.out | grep -oE "on node n[12]" | sort -u | awk '{print $3}' | tr '\n' ' ')
cmp "$work/whole/results.json" "$work/out/merged/results.json" || { echo "FAIL: merged results differ"; exit 1; }
cmp "$work/whole/series.csv" "$work/out/merged/series.csv" || { echo "FAIL: merged series differ"; exit 1; }
[[ $(wc -w <<<"$nodes") -eq 2 ]] || { echo "FAIL: the shards ran on '$nodes', not on both nodes"; exit 1; }
echo "slurm: 4 shards on nodes $nodes merged byte-identical to the unsharded run"
