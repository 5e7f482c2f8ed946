#!/usr/bin/env bash
# `slotrush twin` end to end: the launch at 0.4% of the people and x4 time (80 simulated seconds
# around the release) agrees with its own live run on every compared KPI; the same twin against a
# server with half the workers disagrees and exits 4. Usage: twin_against_mock.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -euo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
twin() {  # label, extra flags...
  local label=$1; shift
  set +e
  timeout 180 "$slotrush" twin "$src/scenarios/cbp1-2023-01-launch.yaml" --population-scale 0.004 --time-scale 4 \
    --start-at 08:59:56 --duration 20s -r 5 -q --out "$work/$label" "$@" > "$work/$label.log" 2>&1
  status=$?
  set -e
}
fail() { echo "FAILED: $1"; cat "$work"/*.log; exit 1; }

twin same
[[ $status -eq 0 ]] || fail "the twin of the launch exited $status, expected 0 (agree)"
for f in twin.json sim/results.json live/results.json live/series.csv; do [[ -s $work/same/$f ]] || fail "no $f"; done
[[ $(jq -r .agrees "$work/same/twin.json") == true ]] || fail "twin.json does not say agrees"
[[ $(jq -r '.kpis | map(select(.compared)) | length' "$work/same/twin.json") -ge 12 ]] || fail "fewer than 12 KPIs compared"
# Both halves record the same scale and window.
for half in sim live; do
  [[ $(jq -r .scenario.population_scale "$work/same/$half/results.json") == 0.004 ]] || fail "$half: population_scale"
  jq -e '.scenario.window_s == [32396, 32476]' "$work/same/$half/results.json" > /dev/null || fail "$half: window_s"
done

twin half --server-scenario "$src/tests/twin/half-workers.yaml"
[[ $status -eq 4 ]] || fail "the twin against half the workers exited $status, expected 4 (disagree)"
[[ $(jq -r .agrees "$work/half/twin.json") == false ]] || fail "twin.json does not say disagrees"
jq -e '.kpis[] | select(.kpi == "goodput") | .agrees == false' "$work/half/twin.json" > /dev/null ||
  fail "half the workers and goodput still agrees"
echo "twin: agrees with itself, disagrees with half the workers"
