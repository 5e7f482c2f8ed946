#!/usr/bin/env bash
# A sweep sharded by replications merges exactly: `sweep -r 4` over 3 points as 3 shards (one from
# Slurm's variables) merged equals the unsharded sweep byte for byte, every point's results.json and
# series.csv, sweep.csv and sweep.json; a missing, duplicated or foreign shard, and a shard with no
# replication of its own, exit 2.
# Usage: sweep_shards.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
lottery=$src/scenarios/cbp1-2023-05-lottery.yaml
study=("$lottery" --vary allocation.lottery.senior_reserve_fraction=0,0.25,0.50 --vary population.initial_backlog=3000
       --vary population.new_per_day=100 --vary supply.daily_slots=40 --vary calendar.days=3 -r 4 --seed 11 -q)
"$slotrush" sweep "${study[@]}" --out "$work/whole" >/dev/null || fail "unsharded sweep"
"$slotrush" sweep "${study[@]}" --shard 0/3 --out "$work/s0" >/dev/null || fail "shard 0"
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 "$slotrush" sweep "${study[@]}" --shard auto --out "$work/s1" >/dev/null ||
  fail "shard 1 from Slurm's variables"
"$slotrush" sweep "${study[@]}" --shard 2/3 --out "$work/s2" >/dev/null || fail "shard 2"
jq -e '.shard == {"index": 2, "count": 3}' "$work/s2/sweep.json" >/dev/null || fail "a shard's sweep.json does not say so"
"$slotrush" merge "$work/s2" "$work/s0" "$work/s1" --out "$work/merged" >/dev/null || fail "merge"
diff -r -x timing.csv "$work/whole" "$work/merged" || fail "the merged sweep differs from the unsharded one"
[[ -s $work/whole/timing.csv && ! -e $work/merged/timing.csv ]] || fail "timing.csv: the sweep writes it, a merge (of another process's runs) does not"

expect2() {  # expect2 PATTERN COMMAND ARGS...: exits 2 and says PATTERN
  local err; err=$("$slotrush" "${@:2}" --out "$work/bad" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq 2 ]] && grep -q -- "$1" <<<"$err" || fail "${*:2}: exit $rc, said: $err"
  [[ ! -e $work/bad ]] || fail "${*:2} wrote $work/bad"
}
expect2 "shard 1/3 is missing" merge "$work/s0" "$work/s2"
expect2 "shard 0 again" merge "$work/s0" "$work/s0" "$work/s1" "$work/s2"
"$slotrush" sweep "${study[@]/0,0.25,0.50/0,0.25,0.75}" --shard 1/3 --out "$work/foreign" >/dev/null || fail "foreign shard"
expect2 "from another sweep" merge "$work/s0" "$work/foreign" "$work/s2"
expect2 "not a sweep folder" merge "$work/s0" "$work/whole/points/000"
expect2 "no replication of 4 falls to this shard" sweep "${study[@]}" --shard 4/5
echo "sweep shards merge exactly"
