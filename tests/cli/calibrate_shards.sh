#!/usr/bin/env bash
# `calibrate --shard I/N --exchange DIR`: two shards, each simulating its share of every evaluation's
# replications and meeting the other in DIR, run the unsharded search: the same evaluations in the same
# order, the same best point and the same results.json, byte for byte. A shard alone waits no longer
# than --exchange-timeout and names the missing shard; --shard without --exchange, --exchange without
# --shard and a shard with no replication exit 2 before any evaluation.
# Usage: calibrate_shards.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
args=("$src/scenarios/mmc-validation.yaml" --vary 'server.tiers[api].workers=6:24' --vary population.background.end=3h:3h
      --target latency_mean=1.15:1.45 -r 4 --seed 5 --max-evaluations 8 -q --threads 1)
"$slotrush" calibrate "${args[@]}" --out "$work/whole" > "$work/whole.txt" 2>&1 || fail "unsharded: $(tail -3 "$work/whole.txt")"
for i in 0 1; do
  timeout 300 "$slotrush" calibrate "${args[@]}" --shard $i/2 --exchange "$work/exchange" --out "$work/s$i" > "$work/s$i.txt" 2>&1 &
  pids+=($!)
done
for i in 0 1; do wait "${pids[$i]}" || fail "shard $i: $(tail -3 "$work/s$i.txt")"; done
for i in 0 1; do
  for f in evaluations.csv results.json series.csv; do
    cmp "$work/whole/$f" "$work/s$i/$f" || fail "shard $i's $f differs from the unsharded search's"
  done
  # The files name their own --out in the command line; everything else is the unsharded search's.
  diff <(jq 'del(.command)' "$work/whole/calibration.json") <(jq 'del(.command)' "$work/s$i/calibration.json") ||
    fail "shard $i's calibration.json differs"
  diff <(grep -v "Calibrated by" "$work/whole/calibrated.yaml") <(grep -v "Calibrated by" "$work/s$i/calibrated.yaml") ||
    fail "shard $i's calibrated.yaml differs"
done
evals=$(jq .evaluations "$work/whole/calibration.json")
[[ $evals -gt 1 ]] || fail "the search made $evals evaluation(s): nothing to keep in step"
[[ $(ls "$work/exchange" | grep -c '\.json$') -eq $((2 * evals)) ]] || fail "the exchange holds $(ls "$work/exchange" | wc -l) files, not 2 x $evals"

expect() {  # expect STATUS PATTERN COMMAND...: exits STATUS and says PATTERN
  local err; err=$("${@:3}" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq $1 ]] && grep -q -- "$2" <<<"$err" || fail "${*:3}: exit $rc, said: $err"
}
expect 1 "shard 1/2 wrote nothing to .*alone within 2 s" \
  "$slotrush" calibrate "${args[@]}" --shard 0/2 --exchange "$work/alone" --exchange-timeout 2 --out "$work/alone-out"
expect 2 "found no --exchange" "$slotrush" calibrate "${args[@]}" --shard 0/2 --out "$work/bad"
expect 2 "without --shard" "$slotrush" calibrate "${args[@]}" --exchange "$work/x" --out "$work/bad"
expect 2 "no replication of 4 falls to this shard" "$slotrush" calibrate "${args[@]}" --shard 5/6 --exchange "$work/x" --out "$work/bad"
[[ ! -e $work/bad ]] || fail "a refused calibrate wrote $work/bad"
echo "two calibrate shards in lockstep ran the unsharded search ($evals evaluations)"
