#!/usr/bin/env bash
# A sharded load test under a real Slurm (tests/scale/slurm_cluster.sh: two virtual nodes on this
# host): deploy/slurm/submit-load.sh runs 2 shards as one `srun -N 2` step against one `slotrush serve`
# on 127.0.0.1, then the merge in the same job. Asserts each node ran one shard, the merged attempts
# equal the server's own count and the whole test's rate x duration, and the merge's threshold
# verdict is the job's status (exit 3 when it fails). Skipped (SLOTRUSH_SKIP) where Slurm cannot run.
#   slurm_load_step.sh SLOTRUSH PROJECT_DIR WORK_DIR
set -uo pipefail
slotrush=$(realpath "$1") project=$(realpath "$2") work=$3
skip() { echo "SLOTRUSH_SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; tail -n 8 "$work"/out*/*.out 2>/dev/null; exit 1; }
# shellcheck source=tests/scale/slurm_cluster.sh
source "$(dirname "$0")/slurm_cluster.sh"

# shellcheck source=tests/scale/serve_healthz.sh
source "$(dirname "$0")/serve_healthz.sh"
start_serve "$project/scenarios/mmc-validation.yaml" "$work/serve.log"
pids+=("$serve_pid")

export SLOTRUSH=$slotrush LEAD=3 METRICS=127.0.0.1:0 CONNECTIONS=4   # both "nodes" share this host's ports
before=$(served)
timeout 60 bash "$project/deploy/slurm/submit-load.sh" "http://127.0.0.1:$port/healthz" 200 3s 2 "$work/out" 'errors<1%' \
  > "$work/submit.log" 2>&1 || fail "the load step or its merge failed ($?): $(cat "$work/submit.log")"
after=$(served)
nodes=$(grep -ohE "shard [01] of 2 on node n[12]" "$work"/out/slotrush-load-*.out | awk '{print $NF}' | sort -u | tr '\n' ' ')
[[ $(wc -w <<<"$nodes") -eq 2 ]] || fail "the shards ran on '$nodes', not one on each node"
merged=$(jq .attempts "$work/out/merged/load-report.json")
[[ $merged -eq 600 ]] || fail "merged attempts $merged, not 200/s x 3 s = 600"
[[ $merged -eq $((after - before)) ]] || fail "merged attempts $merged, the server counted $((after - before))"
starts=$(jq -s 'map(.start_at_wall_ns) | unique | length' "$work"/out/shard-*/load-shard.json)
[[ $starts -eq 1 ]] || fail "the shards did not share one start instant"

# A threshold the merged run fails makes the job fail with the merge's status 3.
timeout 60 bash "$project/deploy/slurm/submit-load.sh" "http://127.0.0.1:$port/healthz" 100 1s 2 "$work/out-fail" \
  'requests>100000' > "$work/submit-fail.log" 2>&1
status=$?
[[ $status -ne 0 ]] || fail "a failed threshold passed the job"
grep -q "threshold failed: requests>100000" "$work"/out-fail/slotrush-load-*.out || fail "the merge did not name the failed threshold"
echo "slurm: 2 load shards in one srun step on nodes $nodes merged to $merged requests, the server's count"
