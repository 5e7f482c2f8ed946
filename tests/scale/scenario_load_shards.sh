#!/usr/bin/env bash
# Two `slotrush load SCENARIO --shard I/2` processes (the scenario's people split by person index),
# started at one --start-at-wall instant against one `slotrush serve SCENARIO`, merge into the
# scenario KPIs one process would report: the merged people, bookings and attempts are the shards'
# sums, the merged population is the unsharded run's, both runs book every slot of the day, every row
# of the merged series is the shards' rows added, the day sold out when the first shard saw it, and a
# shard whose scenario counters are missing or hostile is refused by name (exit 2).
# Usage: scenario_load_shards.sh SLOTRUSH SCENARIO WORK_DIR
set -uo pipefail
slotrush=$1 scenario=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
check() { awk "BEGIN { exit !($1) }" || fail "$2 ($1)"; }
# 150 simulated seconds from 08:58:30 (the release at 09:00 and a minute past it) at 10x: 15 s of wall time.
scale=10 start=08:58:30 duration=12s connections=1000

serve_pid=
cleanup() { [[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null && wait "$serve_pid" 2>/dev/null; true; }
trap cleanup EXIT
serve() {  # a fresh server (a full day of slots) for each test; sets port
  cleanup
  "$slotrush" serve "$scenario" --listen 127.0.0.1:0 --time-scale $scale --start-at $start --threads 1 \
    --max-connections 4096 > "$work/serve-$1.log" 2>&1 &
  serve_pid=$! port=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve-$1.log")
    [[ -n $port ]] && return 0
    sleep 0.1
  done
  fail "slotrush serve did not start: $(cat "$work/serve-$1.log")"
}
load() {  # load LABEL [--shard I/N --start-at-wall T]
  timeout 60 "$slotrush" load "$scenario" --target "http://127.0.0.1:$port" --time-scale $scale --start-at $start \
    --duration $duration -c $connections --out "$work/$1" "${@:2}" > "$work/$1.log" 2>&1 || fail "load $1: $(tail -5 "$work/$1.log")"
}
planned() { sed -n 's/^ *people *planned \([0-9]*\).*/\1/p' "$1"; }
kpi() { jq -r ".kpis.$2.mean" "$1/results.json"; }

serve whole
load whole
serve shards
at=$(( $(date -u +%s) + 2 ))
load s0 --shard 0/2 --start-at-wall "$at" & p0=$!
load s1 --shard 1/2 --start-at-wall "$at" & p1=$!
wait $p0 || exit 1
wait $p1 || exit 1
cleanup; serve_pid=
"$slotrush" merge "$work/s1" "$work/s0" --out "$work/merged" > "$work/merge.log" 2>&1 || fail "merge: $(cat "$work/merge.log")"

slots=$(kpi "$work/merged" slots_booked)
echo "people planned: merged $(planned "$work/merge.log"), unsharded $(planned "$work/whole.log");" \
     "slots booked: merged $slots, unsharded $(kpi "$work/whole" slots_booked)"
check "$(planned "$work/merge.log") == $(planned "$work/s0.log") + $(planned "$work/s1.log")" "the merged population is the shards'"
check "$(planned "$work/merge.log") == $(planned "$work/whole.log") && $(planned "$work/whole.log") > 0" \
      "two shards hold exactly the unsharded population"
for k in people_trying people_booked slots_booked; do
  check "$(kpi "$work/merged" $k) == $(kpi "$work/s0" $k) + $(kpi "$work/s1" $k)" "merged $k is the shards' sum"
done
check "$(jq .attempts "$work/merged/load-report.json") == $(jq .attempts "$work/s0/load-report.json") + $(jq .attempts "$work/s1/load-report.json")" \
      "merged HTTP attempts are the shards' sum"
daily=$(sed -n 's/^ *daily_slots: *\([0-9]*\).*/\1/p' "$scenario")
check "$slots == $daily && $(kpi "$work/whole" slots_booked) == $daily" "the race books all $daily slots, sharded or not"
check "$(kpi "$work/merged" sold_out_seconds) == $(jq -s 'map(.kpis.sold_out_seconds.mean) | min' "$work"/s?/results.json)" \
      "the day sold out when the first shard saw it"
# Row by row, every client-side column of the merged series (offered .. bookings) is the shards' sum.
bad=$(jq -s '
  (.[0].series.rows) as $m | (.[1].series.rows) as $a | (.[2].series.rows) as $b
  | [range(0; $m | length) as $i | range(1; 7) as $c
     | select($m[$i][$c] != (($a[$i][$c] // 0) + ($b[$i][$c] // 0)))] | length' \
  "$work/merged/results.json" "$work/s0/results.json" "$work/s1/results.json")
check "$bad == 0 && $(jq '.series.rows | length' "$work/merged/results.json") > 0" "every merged series cell is the shards' sum"

expect() {  # expect STATUS PATTERN COMMAND...: exits STATUS and says PATTERN
  local err; err=$("${@:3}" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq $1 ]] && grep -q -- "$2" <<<"$err" || fail "${*:3}: exit $rc, said: $err"
}
mkdir -p "$work/bare" "$work/hostile"
jq 'del(.scenario)' "$work/s1/load-shard.json" > "$work/bare/load-shard.json"
jq '.scenario.counts.attempts = 1e99' "$work/s1/load-shard.json" > "$work/hostile/load-shard.json"
expect 2 "bare/load-shard.json: a scenario-mode shard without its virtual users' counters" \
  "$slotrush" merge "$work/s0" "$work/bare" -q --out "$work/bad"
expect 2 "hostile/load-shard.json: .*attempts is 1e+99; allowed: a whole number" \
  "$slotrush" merge "$work/s0" "$work/hostile" -q --out "$work/bad"
[[ ! -e $work/bad ]] || fail "a refused merge wrote $work/bad"
echo "scenario load shards merge into the whole population's KPIs"
