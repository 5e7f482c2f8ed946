#!/usr/bin/env bash
# Three `slotrush load --shard I/3` processes against one `slotrush serve` on 127.0.0.1, started at one
# --start-at-wall instant, merge into one test: the merged attempts equal the server's own counter and
# an unsharded run's count, every second of the merged series carries the whole rate (no smeared
# start), the merged percentiles are those of one histogram of all the shards' requests (within its
# 1/256), thresholds judge the merged run (exit 3), and bad shard sets or a past start exit 2.
# Usage: load_shards.sh SLOTRUSH SCENARIO WORK_DIR
set -uo pipefail
slotrush=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
rate=300 seconds=3 expected=$((300 * 3))

serve_pid=
cleanup() { [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; true; }
trap cleanup EXIT
# shellcheck source=tests/scale/serve_healthz.sh
source "$(dirname "$0")/serve_healthz.sh"
start_serve "$scenario" "$work/serve.log"
target=http://127.0.0.1:$port/healthz
check() { awk "BEGIN { exit !($1) }" || fail "$2 ($1)"; }

# One process sending the whole test.
timeout 30 "$slotrush" load --target "$target" --rate $rate -d ${seconds}s -c 6 -q --out "$work/whole" || fail "unsharded run"
before=$(served)

# Three shards, one instant 2 s ahead (each process starts, resolves and waits for it).
at=$(( $(date -u +%s) + 2 ))
pids=()
for i in 0 1 2; do
  timeout 30 "$slotrush" load --target "$target" --rate $rate -d ${seconds}s -c 6 -q --shard $i/3 --start-at-wall "$at" \
    --out "$work/s$i" > "$work/s$i.log" 2>&1 & pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || fail "a shard failed: $(cat "$work"/s*.log)"; done
after=$(served)
"$slotrush" merge "$work/s2" "$work/s0" "$work/s1" -q --out "$work/merged" --threshold 'errors<1%' > /dev/null || fail "merge"

merged=$(jq .attempts "$work/merged/load-report.json")
whole=$(jq .attempts "$work/whole/load-report.json")
shards=$(jq -s 'map(.attempts) | add' "$work"/s?/load-report.json)
echo "attempts: merged $merged, shards $shards, server $((after - before)), unsharded $whole"
check "$merged == $shards" "merged attempts are the shards' sum"
check "$merged == $((after - before))" "merged attempts equal the server's count of the shards' requests"
check "$merged == $whole && $whole == $expected" "three shards send exactly the unsharded test ($expected requests)"
for i in 0 1 2; do
  check "$(jq .attempts "$work/s$i/load-report.json") == $((expected / 3))" "shard $i sends a third"
done
# The agreed start: each whole second of the merged series holds the whole rate, not a third or two.
jq -r '.series.rows[] | "\(.[0]) \(.[1])"' "$work/merged/results.json" | while read -r t offered; do
  t=${t%.*}
  (( t < seconds )) || continue
  check "$offered >= $rate * 0.9 && $offered <= $rate * 1.1" "second $t of the merged series holds the whole rate ($offered)"
done || exit 1

# Merged percentiles = one histogram of every shard's requests: sum the shards' buckets here and take
# the nearest-rank percentile's bucket, independently of the C++ merge.
for p in 50 90 99; do
  want=$(jq -s --argjson p $p '
    [.[].latency_ns.buckets[]] | group_by(.[0]) | map([.[0][0], (map(.[1]) | add)]) | sort_by(.[0]) as $b
    | ($b | map(.[1]) | add) as $n | (($p / 100 * $n) | ceil) as $rank
    | reduce $b[] as $x ({seen: 0, at: null}; if .at == null and .seen + $x[1] >= $rank then .at = $x[0] else . end
        | .seen += $x[1]) | .at' "$work"/s?/load-shard.json)
  got=$(jq ".latency.p${p}_s * 1e9" "$work/merged/load-report.json")
  # The report gives the bucket's midpoint (clamped to min/max): within 1/128 of the bucket's lower bound.
  check "$got >= $want * (1 - 1/256) && $got <= $want * (1 + 1/128) + 1" "merged p$p ($got ns) is the all-requests histogram's ($want ns)"
done

expect() {  # expect STATUS PATTERN COMMAND...: exits STATUS and says PATTERN
  local err; err=$("${@:3}" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq $1 ]] && grep -q -- "$2" <<<"$err" || fail "${*:3}: exit $rc, said: $err"
}
expect 3 "threshold failed: requests>100000" "$slotrush" merge "$work/s0" "$work/s1" "$work/s2" -q --out "$work/bad" --threshold 'requests>100000'
expect 2 "shard 2/3 is missing" "$slotrush" merge "$work/s0" "$work/s1" -q --out "$work/bad"
expect 2 "shard 1 again" "$slotrush" merge "$work/s0" "$work/s1" "$work/s1" "$work/s2" -q --out "$work/bad"
expect 2 "--threshold" "$slotrush" merge "$work/s0" "$work/s1" "$work/s2" -q --out "$work/bad" --threshold 'nonsense<1'
# A shard of another test (another rate) is refused by name.
at=$(( $(date -u +%s) + 1 ))
timeout 30 "$slotrush" load --target "$target" --rate 100 -d 1s -c 6 -q --shard 2/3 --start-at-wall "$at" --out "$work/other" ||
  fail "the other test's shard"
expect 2 "other/load-shard.json: from another study" "$slotrush" merge "$work/s0" "$work/s1" "$work/other" -q --out "$work/bad"
expect 2 "not a load shard" "$slotrush" merge "$work/s0" "$work/whole" "$work/s2" -q --out "$work/bad"
expect 2 "in the past" "$slotrush" load --target "$target" --rate 10 -d 1s --shard 0/2 --start-at-wall $(( $(date -u +%s) - 60 ))
expect 2 "found no --start-at-wall" "$slotrush" load --target "$target" --rate 10 -d 1s --shard 0/2
expect 2 "--start-at-wall: found 'noon'" "$slotrush" load --target "$target" --rate 10 -d 1s --start-at-wall noon
expect 2 "--shard: found '3/3'" "$slotrush" load --target "$target" --rate 10 -d 1s --shard 3/3 --start-at-wall "$at"
echo "load shards merge into the whole test"
