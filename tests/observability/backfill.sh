#!/usr/bin/env bash
# observability: a simulated day backfilled into a real Prometheus reads back as the simulator wrote it.
#   backfill.sh SLOTRUSH SOURCE_DIR WORK_DIR
# `slotrush sim --openmetrics` on a small launch race, `promtool tsdb create-blocks-from openmetrics`,
# Prometheus started on the blocks, then series queried at instants inside the simulated day and
# compared with the simulator's own series.csv (counters cumulative, gauges as sampled); the
# freeze dashboard's main panels must show the simulated day.
set -euo pipefail
slotrush=$1 src=$2 work=$3
. "$src/tests/observability/prometheus_fixture.sh"
need_tools prometheus promtool curl jq
trap stop_started_processes EXIT
rm -rf "$work" && mkdir -p "$work/storage"

start=2023-01-12T00:00:00Z
day0=1673481600  # $start in Unix seconds
"$slotrush" sim "$src/tests/observability/small-launch.yaml" --quiet --out "$work/sim" \
  --openmetrics "$work/day.om" --openmetrics-start "$start" >"$work/sim.log"
tail -n1 "$work/day.om" | grep -qx '# EOF' || fail "day.om does not end with # EOF"
promtool tsdb create-blocks-from openmetrics "$work/day.om" "$work/storage" >"$work/promtool.log" 2>&1 ||
  { cat "$work/promtool.log" >&2; fail "promtool could not backfill day.om"; }

printf 'global:\n  scrape_interval: 15s\n' >"$work/prometheus.yml"
start_prometheus "$work/prometheus.yml" "$work/storage" "$work/prometheus.log" --storage.tsdb.retention.time=100y

# series.csv columns: time_s,offered,goodput,timeouts,rejected,retries,bookings,queue_depth,in_flight,
# waiting_room,slots_left,latency_p50_s,latency_p99_s. Check four rows: the busiest, the one with
# the deepest queue, one halfway from the busiest to the last, and the last; each against the values
# Prometheus returns at the row's close.
csv="$work/sim/series.csv"
rows=$(awk -F, 'NR > 1 { if ($2 > best_offered) { best_offered = $2; busy = NR }
                         if ($8 > best_queue) { best_queue = $8; deep = NR } last = NR }
                END { print busy, deep, int((busy + last) / 2), last }' "$csv")
[[ $(wc -l <"$csv") -gt 20 ]] || fail "the simulated day has too few series rows to test"

value_at() {  # value_at EXPR UNIX_TIME: the single sample value Prometheus returns
  local answer
  answer=$(prom_query "$1" "$2")
  [[ $(jq '.data.result | length' <<<"$answer") == 1 ]] || fail "expected one series for $1 at $2: $answer"
  jq -r '.data.result[0].value[1]' <<<"$answer"
}

checked=0
for row in $rows; do
  read -r t offered_sum goodput_sum timeout_sum queue slots <<<"$(awk -F, -v row="$row" '
    NR > 1 && NR <= row { o += $2; g += $3; to += $4 }
    NR == row { t = $1; q = $8; s = $11 }
    END { printf "%s %d %d %d %d %d\n", t, o, g, to, q, s }' "$csv")"
  at=$(awk -v d="$day0" -v t="$t" 'BEGIN { printf "%.3f", d + t + 1 }')  # the row's close (1 s interval)
  sel='job="slotrush-sim",scenario="small-launch"'
  expect() {  # expect NAME EXPR WANT
    local got
    got=$(value_at "$2" "$at")
    awk -v g="$got" -v w="$3" 'BEGIN { exit !(g + 0 == w + 0) }' ||
      fail "$1 at simulated second $t: Prometheus has $got, series.csv gives $3"
    echo "ok: $1 at simulated second $t = $3"
  }
  expect "requests sent (cumulative offered)" "slotrush_load_requests_sent_total{$sel}" "$offered_sum"
  expect "useful answers (cumulative goodput)" "slotrush_load_requests_total{$sel,outcome=\"ok\"}" "$goodput_sum"
  expect "timeouts (cumulative)" "slotrush_load_requests_total{$sel,outcome=\"timeout\"}" "$timeout_sum"
  expect "queue depth" "slotrush_queue_depth{$sel}" "$queue"
  expect "slots open" "slotrush_slots_open{$sel}" "$slots"
  checked=$((checked + 1))
done
[[ $checked -ge 1 ]] || fail "no row checked"

# The simulated clock lands where --openmetrics-start puts it: 09:00 simulated is 09:00 UTC on 12 Jan.
expect_clock=$(value_at "slotrush_simulated_time_seconds{job=\"slotrush-sim\"}" "$((day0 + 9 * 3600))")
awk -v g="$expect_clock" 'BEGIN { exit !(g >= 9 * 3600 - 60 && g <= 9 * 3600) }' ||
  fail "simulated clock at 2023-01-12T09:00:00Z reads $expect_clock s, expected 32340..32400"
echo "ok: backfilled simulated day reads back as series.csv"

# The same dashboards show the simulated day: these freeze-dashboard targets (panel / refId) return
# data for job slotrush-sim one minute after the release (09:01 simulated = 09:01 UTC here).
at=$((day0 + 9 * 3600 + 60))
for target in "Offered vs achieved load/A" "Offered vs achieved load/B" "Goodput share/A" \
              "Request latency percentiles/A" "Request latency percentiles/C" "Refusals and timeouts/B" \
              "Queue depth/A" "Queue depth/B" "Slots remaining/A" "Simulated clock/A"; do
  expr=$(jq -r --arg p "${target%/*}" --arg r "${target#*/}" \
    '.panels[] | select(.title == $p) | .targets[] | select(.refId == $r) | .expr' \
    "$src/dashboards/grafana/slotrush-freeze.json")
  [[ -n $expr ]] || fail "the freeze dashboard has no target $target"
  expr=${expr//'$__rate_interval'/1m}
  expr=${expr//'$job'/slotrush-sim}
  for v in route port tier; do expr=${expr//"\$$v"/.*}; done
  [[ $(prom_query "$expr" "$at" | jq '.data.result | length') -gt 0 ]] ||
    fail "freeze dashboard target $target shows nothing for the simulated day: $expr"
done
echo "ok: the freeze dashboard's load, goodput, latency, timeout, queue, slots and clock panels show the simulated day"
