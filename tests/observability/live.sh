#!/usr/bin/env bash
# observability: the shipped dashboards and rules work against a live mock scraped by a real Prometheus.
#   live.sh SLOTRUSH SOURCE_DIR WORK_DIR
# Two `slotrush serve` (the launch race and the waiting-room scenario) are scraped every second by
# Prometheus with the shipped configuration and rules; the test copy changes only what a short test
# needs: scrape and rule evaluation every 1 s, the targets' addresses, and `for: 1m` -> `for: 10s`
# (docs/observability.md). Each mock gets its scenario's people from `slotrush load SCENARIO`; the launch
# load's own metrics are scraped too. Then:
#   - every query of every dashboard panel (template variables set to match everything, rate window 1m)
#     and every recording rule returns a non-empty result through /api/v1/query;
#   - SlotrushEndpointFrozen fires for the launch race and neither fires nor is pending for the room.
set -euo pipefail
slotrush=$1 src=$2 work=$3
. "$src/tests/observability/prometheus_fixture.sh"
need_tools prometheus curl jq
trap stop_started_processes EXIT
rm -rf "$work" && mkdir -p "$work/storage"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true  # the load opens 1,000 connections per scenario

# ---- the mocks ------------------------------------------------------------------------------------
start_serve() {  # start_serve NAME SCENARIO: sets <NAME>_API and <NAME>_METRICS (host:port)
  local name=$1 scenario=$2 out="$work/serve-$1.log"
  "$slotrush" serve "$scenario" --listen 127.0.0.1:0 --metrics 127.0.0.1:0 --threads 1 --time-scale $scale \
    --start-at $start --max-connections 4096 >"$out" 2>&1 &
  STARTED_PIDS+=("$!")
  wait_until 30 grep -q 'metrics on port' "$out" || { cat "$out" >&2; fail "slotrush serve $name did not start"; }
  printf -v "${name}_API" '127.0.0.1:%s' "$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\).*/\1/p' "$out")"
  printf -v "${name}_METRICS" '127.0.0.1:%s' "$(sed -n 's/.*metrics on port \([0-9]*\).*/\1/p' "$out")"
}
# Both mocks and both loads run the scenario's clock at x4 from 08:59:56 ET: the release comes 1 s
# (wall) in, and the 60 s of load cover the rush's first 240 simulated seconds.
scale=4 start=08:59:56
start_serve launch "$src/tests/loadgen_scenario/launch-at-release.yaml"
start_serve room "$src/scenarios/waiting-room.yaml"

# ---- the load ---------------------------------------------------------------------------------------
# THE LOAD: `slotrush load SCENARIO`, the scenario's people (0.4%: 1,800 and their phones) as virtual
# users on the mock's clock, one connection per phone, for 60 s. The launch load also serves its
# client-side metrics (slotrush_load_*), which Prometheus scrapes as the shipped `slotrush-load` job.
drive_load() {  # drive_load SCENARIO API_HOSTPORT LOG [extra flags]
  local scenario=$1 api=$2 log=$3
  shift 3
  timeout 120 "$slotrush" load "$scenario" --target "http://$api" --time-scale $scale --start-at $start \
    --population-scale 0.004 --duration 60s -c 2000 --quiet "$@" >"$log" 2>&1
}
drive_load "$src/tests/loadgen_scenario/launch-at-release.yaml" "$launch_API" "$work/load-launch.log" --metrics 127.0.0.1:0 &
load_launch=$!
drive_load "$src/scenarios/waiting-room.yaml" "$room_API" "$work/load-room.log" &
load_room=$!
STARTED_PIDS+=("$load_launch" "$load_room")
wait_until 30 grep -q 'metrics on port' "$work/load-launch.log" || { cat "$work/load-launch.log" >&2; fail "slotrush load did not serve metrics"; }
load_METRICS=127.0.0.1:$(sed -n 's/.*metrics on port \([0-9]*\).*/\1/p' "$work/load-launch.log")

# ---- Prometheus with the shipped configuration, test timings ---------------------------------------
shipped="$src/dashboards/prometheus"
sed -e 's/^\(  *\)scrape_interval: .*/\1scrape_interval: 1s/' -e 's/^\(  *\)evaluation_interval: .*/\1evaluation_interval: 1s/' \
    -e "s/127.0.0.1:9464/$launch_METRICS/" -e "s/127.0.0.1:9465/$load_METRICS/" \
    "$shipped/prometheus.yml" >"$work/prometheus.yml"
cat >>"$work/prometheus.yml" <<YAML
  - job_name: slotrush-mock-waiting-room
    static_configs:
      - targets: ["$room_METRICS"]
YAML
for rules in "$shipped"/*.rules.yml; do
  sed -e 's/^\(  *\)for: 1m$/\1for: 10s/' "$rules" >"$work/$(basename "$rules")"
done
grep -q 'for: 10s' "$work/slotrush-alerts.rules.yml" || fail "the test could not shorten the alerts' for:"
start_prometheus "$work/prometheus.yml" "$work/storage" "$work/prometheus.log"
echo "prometheus at $PROM_URL; launch mock $launch_API, waiting-room mock $room_API"


firing() {  # firing ALERT JOB STATE...: the alert is in one of the states for that job
  local alert=$1 job=$2
  shift 2
  curl -fsS --max-time 10 "$PROM_URL/api/v1/alerts" | jq -e --arg a "$alert" --arg j "$job" --args \
    '[.data.alerts[] | select(.labels.alertname == $a and .labels.job == $j and (.state | IN($ARGS.positional[])))] | length > 0' \
    "$@" >/dev/null
}

# ---- the freeze alert, then every query while the load still runs ---------------------------------
# Gauges of a process that has exited go stale in Prometheus, so the queries run while both loads
# still run (they last 60 s; the alert fires within ~30 s); the room is watched until its load ends.
watch_alerts() {  # watch_alerts UNTIL_CMD...: polls the alerts each second until the command succeeds
  local deadline=$((SECONDS + 100))
  while ((SECONDS < deadline)); do
    firing SlotrushEndpointFrozen slotrush-mock firing && launch_fired=yes
    firing SlotrushEndpointFrozen slotrush-mock-waiting-room pending firing && room_seen=yes
    "$@" && return 0
    sleep 1
  done
  return 1
}
launch_fired=no
room_seen=no
launch_has_fired() { [[ $launch_fired == yes ]]; }
watch_alerts launch_has_fired || true
[[ $launch_fired == yes ]] || fail "SlotrushEndpointFrozen never fired for the launch race"
echo "ok: SlotrushEndpointFrozen fired for the launch race"
kill -0 "$load_launch" 2>/dev/null || fail "the launch load ended before the queries could be checked"

# ---- every dashboard query and every recording rule returns data ------------------------------------
checked=0 optional=0
check_query() {  # check_query WHERE EXPR
  local names
  names=$(grep -o 'slotrush_[a-z_]*' <<<"$2" | sort -u || true)
  # A target reading only the simulator's own series (slotrush_sim_*) has no live counterpart; the
  # backfill test reads those.
  if [[ -n $names ]] && ! grep -qvE '^slotrush_sim_' <<<"$names"; then
    optional=$((optional + 1))
    echo "skipped (simulator-only series, checked by backfill.sh): $1"
    return
  fi
  [[ $(prom_query "$2" | jq '.data.result | length') -gt 0 ]] || fail "empty result: $1: $2"
  checked=$((checked + 1))
}
for dashboard in "$src"/dashboards/grafana/*.json; do
  while IFS=$'\t' read -r where expr; do
    expr=${expr//'$__rate_interval'/1m}
    for v in job route port tier; do expr=${expr//"\$$v"/.*}; done
    check_query "$where" "$expr"
  done < <(jq -r --arg f "$(basename "$dashboard")" \
    '.panels[] | .title as $p | .targets[] | [($f + " / " + $p + " / " + .refId), .expr] | @tsv' "$dashboard")
done
while read -r record; do
  check_query "recording rule $record" "$record"
done < <(curl -fsS --max-time 10 "$PROM_URL/api/v1/rules" | jq -r '.data.groups[].rules[] | select(.type == "recording") | .name')
[[ $checked -gt 30 ]] || fail "only $checked queries checked"
echo "ok: $checked dashboard and recording-rule queries returned data; $optional simulator-only ones skipped"

loads_ended() { ! kill -0 "$load_launch" 2>/dev/null && ! kill -0 "$load_room" 2>/dev/null; }
watch_alerts loads_ended || fail "the loads did not end"
wait "$load_launch" || { cat "$work/load-launch.log" >&2; fail "the load on the launch mock failed"; }
wait "$load_room" || { cat "$work/load-room.log" >&2; fail "the load on the waiting-room mock failed"; }
for rule in slotrush:http_request_duration_simulated_seconds:p99_1m slotrush:http_requests_failed:ratio_rate1m; do
  echo "  $rule: $(prom_query "$rule" | jq -r '[.data.result[] | "\(.metric.job)=\(.value[1])"] | join(" ")')"
done
[[ $room_seen == no ]] || fail "SlotrushEndpointFrozen was pending or firing for the waiting-room scenario"
room_answers=$(prom_query 'sum(slotrush_http_requests_total{job="slotrush-mock-waiting-room"})' |
  jq -r '.data.result[0].value[1] // 0')
awk -v n="$room_answers" 'BEGIN { exit !(n > 1000) }' || fail "the waiting-room mock saw almost no load ($room_answers answers)"
echo "ok: SlotrushEndpointFrozen stayed quiet for the waiting room ($room_answers requests answered)"
