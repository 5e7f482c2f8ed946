#!/usr/bin/env bash
# `slotrush report DIR` of a sweep: every KPI against each varied field with its interval band, one
# line per value of the other field, group KPIs one line per group; a KPI the sweep lacks is drawn
# absent (null, never 0); headless Chromium draws every planned chart when it is installed.
# Usage: sweep_report.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$slotrush" sweep "$src/scenarios/cbp1-2023-05-lottery.yaml" --vary allocation.lottery.senior_reserve_fraction=0,0.5,1 \
  --vary supply.daily_slots=40,80 --vary population.initial_backlog=3000 --vary population.new_per_day=100 -r 2 -q \
  --out "$work/s" >/dev/null || fail "sweep"
# What the sweep lacks: goodput nowhere, booking_probability at point 1 only.
jq '(.points[].kpis) |= del(.goodput) | .points[1].kpis.booking_probability = null' "$work/s/sweep.json" >"$work/t.json" &&
  mv "$work/t.json" "$work/s/sweep.json"
"$slotrush" report "$work/s" -o "$work/r.html" -q || fail "report of the sweep folder"
"$slotrush" report "$work/s/sweep.json" -o "$work/r2.html" -q || fail "report of sweep.json"
# The page's data, as the page reads it.
sed -n 's:.*<script type="application/json" id="report-data">\(.*\)</script>.*:\1:p' "$work/r.html" >"$work/data.json"
d() { jq -e "$1" "$work/data.json" >/dev/null || fail "report data: $1"; }
f=allocation.lottery.senior_reserve_fraction
bp=".sweeps[0].charts[] | select(.kpi == \"booking_probability\" and .field == \"$f\" and .group_dimension == null)"
d "[$bp] | length == 1"
d "[$bp | .lines[].label] == [\"supply.daily_slots=40, population.initial_backlog=3000, population.new_per_day=100\", \"supply.daily_slots=80, population.initial_backlog=3000, population.new_per_day=100\"]"
# Point 1 is (0, 80): the second line's first value is absent, the first line's is there with its band.
d "$bp | .lines[1].values[0] == null"
d "$bp | .lines[0].values[0] | .ci_low <= .mean and .mean <= .ci_high"
want=$(jq '.points[0].kpis.booking_probability.mean' "$work/s/sweep.json")
d "$bp | .lines[0].values[0].mean == $want"
d "[.sweeps[0].charts[] | select(.kpi == \"goodput\")] | length > 0 and all(.absent)"
d "[.sweeps[0].charts[] | select(.field == \"supply.daily_slots\" and .group_dimension == null and .kpi == \"slots_booked\")] | length == 1"
d "[.sweeps[0].charts[] | select(.field == \"population.new_per_day\")] | length == 0"  # one value: no axis
grp=".sweeps[0].charts[] | select(.kpi == \"booking_probability\" and .field == \"$f\" and .group_dimension == \"party_size\")"
d "[$grp] | length == 2"  # one chart per daily_slots value
d "[$grp | .lines[].label] | index(\"party_size=5\") != null"
d "[$grp | .lines[].label] | all(startswith(\"party_size=\"))"
if command -v chromium >/dev/null; then
  chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir="$work/prof" \
    --dump-dom "file://$work/r.html" >"$work/dom.html" 2>/dev/null || fail "chromium"
  body=$(grep -o '<body[^>]*>' "$work/dom.html" | head -1)
  exp=$(sed -n 's/.*data-charts-expected="\([0-9]*\)".*/\1/p' <<<"$body")
  grep -q 'data-report-ready="1"' <<<"$body" && grep -q 'data-report-errors="0"' <<<"$body" &&
    grep -q "data-charts-drawn=\"$exp\"" <<<"$body" && [[ ${exp:-0} -gt 0 ]] || fail "the page did not draw every chart: $body"
  grep -q 'Absent: this sweep has no value of goodput' "$work/dom.html" || fail "goodput not shown as absent"
fi
echo ok
