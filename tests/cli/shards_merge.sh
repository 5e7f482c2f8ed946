#!/usr/bin/env bash
# Shards merge exactly: `sim -r 8` as 4 shards (I/4 and auto from Slurm's and Kubernetes' variables)
# merged equals the unsharded run byte for byte; a missing, duplicated or foreign shard exits 2.
# Usage: shards_merge.sh SLOTRUSH SCENARIO OTHER_SCENARIO WORK_DIR
set -uo pipefail
slotrush=$1 scenario=$2 other=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$slotrush" sim "$scenario" -r 8 -q --out "$work/whole" >/dev/null || fail "unsharded run"
"$slotrush" sim "$scenario" -r 8 -q --shard 0/4 --out "$work/s0" >/dev/null || fail "shard 0"
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=4 "$slotrush" sim "$scenario" -r 8 -q --shard auto --out "$work/s1" >/dev/null ||
  fail "shard 1 from Slurm's variables"
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=4 "$slotrush" sim "$scenario" -r 8 -q --shard auto \
  --out "$work/s2" >/dev/null || fail "shard 2 from a Slurm array numbered from 1"
JOB_COMPLETION_INDEX=3 JOB_COMPLETIONS=4 "$slotrush" sim "$scenario" -r 8 -q --shard auto --out "$work/s3" >/dev/null ||
  fail "shard 3 from a Kubernetes Indexed Job's variables"
"$slotrush" merge "$work/s3" "$work/s1" "$work/s0" "$work/s2" -q --out "$work/merged" >/dev/null || fail "merge"
cmp "$work/whole/results.json" "$work/merged/results.json" || fail "merged results.json differs from the unsharded one"
cmp "$work/whole/series.csv" "$work/merged/series.csv" || fail "merged series.csv differs"
expect2() {  # expect2 PATTERN ARGS...: merge exits 2 and says PATTERN
  local err; err=$("$slotrush" merge "${@:2}" --out "$work/bad" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq 2 ]] && grep -q -- "$1" <<<"$err" || fail "merge ${*:2}: exit $rc, said: $err"
}
expect2 "shard 2/4 is missing" "$work/s0" "$work/s1" "$work/s3"
expect2 "shard 1 again" "$work/s0" "$work/s1" "$work/s1" "$work/s2" "$work/s3"
"$slotrush" sim "$other" -r 8 -q --shard 2/4 --out "$work/foreign" >/dev/null || fail "foreign shard"
expect2 "from another study" "$work/s0" "$work/s1" "$work/foreign" "$work/s3"
expect2 "not a shard" "$work/whole"
echo "shards merge exactly"
