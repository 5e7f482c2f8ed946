#!/usr/bin/env bash
# A calibration under a real Slurm (tests/scale/slurm_cluster.sh: two virtual nodes on this host):
# deploy/slurm/calibrate-step.sbatch runs 2 shards as one `srun -n 2` step, in lockstep through the
# job's exchange folder; each node's shard writes the unsharded search's evaluations and results, byte
# for byte. Skipped (SLOTRUSH_SKIP) where Slurm cannot run.
#   slurm_calibrate_step.sh SLOTRUSH PROJECT_DIR WORK_DIR
set -uo pipefail
slotrush=$(realpath "$1") project=$(realpath "$2") work=$3
skip() { echo "SLOTRUSH_SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; tail -n 8 "$work"/out/*.out 2>/dev/null; exit 1; }
# shellcheck source=tests/scale/slurm_cluster.sh
source "$(dirname "$0")/slurm_cluster.sh"

args=("$project/scenarios/mmc-validation.yaml" --vary 'server.tiers[api].workers=6:24' --vary population.background.end=3h:3h
      --target latency_mean=1.15:1.45 -r 4 --seed 5 --max-evaluations 8)
"$slotrush" calibrate "${args[@]}" -q --threads 1 --out "$work/whole" > /dev/null 2>&1 || fail "the unsharded search"
mkdir -p "$work/out"
SLOTRUSH=$slotrush OUT=$work/out timeout 120 sbatch --wait -N 2 -n 2 --chdir="$work/out" --export=ALL \
  "$project/deploy/slurm/calibrate-step.sbatch" "${args[@]}" > "$work/sbatch.log" 2>&1 || fail "the job failed: $(cat "$work/sbatch.log")"
nodes=$(grep -ohE "shard [01] of 2 on node n[12]" "$work"/out/slotrush-calibrate-*.out | awk '{print $NF}' | sort -u | tr '\n' ' ')
[[ $(wc -w <<<"$nodes") -eq 2 ]] || fail "the shards ran on '$nodes', not one on each node"
for i in 0 1; do
  for f in evaluations.csv results.json; do
    cmp "$work/whole/$f" "$work/out/shard-$i/$f" || fail "shard $i's $f differs from the unsharded search's"
  done
done
echo "slurm: 2 calibrate shards on nodes $nodes ran the unsharded search ($(jq .evaluations "$work/whole/calibration.json") evaluations)"
