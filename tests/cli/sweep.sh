#!/usr/bin/env bash
# `slotrush sweep` end to end on small scenarios: a bad field or range exits 2 before anything is
# written; a point equals `slotrush sim` of that point's scenario; a field that cannot matter gives
# identical KPIs at every point (common random numbers); sweep.csv and sweep.json have their shape.
# Usage: sweep.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
mmc=$src/scenarios/mmc-validation.yaml
lottery=$src/scenarios/cbp1-2023-05-lottery.yaml
small=(--vary population.initial_backlog=3000 --vary population.new_per_day=100 --vary supply.daily_slots=40)

# Bad input: exit 2, the message, and no output folder.
expect2() {  # expect2 PATTERN ARGS...
  local err; err=$("$slotrush" sweep "${@:2}" -q --out "$work/bad" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq 2 ]] && grep -q -- "$1" <<<"$err" || fail "sweep ${*:2}: exit $rc, said: $err"
  [[ ! -e $work/bad ]] || fail "sweep ${*:2} wrote $work/bad"
}
expect2 "did you mean 'senior_reserve_fraction'" "$lottery" --vary allocation.lottery.senior_reserve_fractoin=0,1
expect2 "did you mean 'api'" "$mmc" --vary "server.tiers[apy].workers=10,12"
expect2 "server.tiers\[api\].workers" "$mmc" --vary "server.tiers[api].workers=10,-3"
expect2 "found STEP 0" "$mmc" --vary "server.tiers[api].workers=10:12:0"
expect2 "found LOW 12 above HIGH 10" "$mmc" --vary "server.tiers[api].workers=12:10:1"
expect2 "did you mean 'booking_probability'" "$mmc" --vary "server.tiers[api].workers=10" --kpi booking_probabilty

# A point equals sim of its scenario (same -r and seed).
"$slotrush" sweep "$lottery" --vary allocation.lottery.senior_reserve_fraction=0,0.3 "${small[@]}" -r 2 --seed 7 -q \
  --out "$work/lottery" >"$work/lottery.txt" || fail "lottery sweep"
cat >"$work/point1.yaml" <<YAML
extends: $lottery
allocation: {lottery: {senior_reserve_fraction: 0.3}}
population: {initial_backlog: 3000, new_per_day: 100}
supply: {daily_slots: 40}
YAML
"$slotrush" sim "$work/point1.yaml" -r 2 --seed 7 -q --out "$work/sim1" >/dev/null || fail "sim of point 1"
strip='del(.scenario.file, .scenario.name)'
cmp <(jq -S "$strip" "$work/lottery/points/001/results.json") <(jq -S "$strip" "$work/sim1/results.json") ||
  fail "point 1 differs from sim of its scenario"
cmp "$work/lottery/points/001/series.csv" "$work/sim1/series.csv" || fail "point 1's series differs from sim's"
jq -e '.kpis.daily_win_probability.mean' "$work/lottery/sweep.json" >/dev/null 2>&1 && fail "sweep.json kpis at top level"
a=$(jq '.points[0].kpis.booking_probability.mean' "$work/lottery/sweep.json")
b=$(jq '.points[1].kpis.booking_probability.mean' "$work/lottery/sweep.json")
[[ $a != "$b" ]] || fail "the reserve fraction changed nothing ($a): the sweep did not apply its values"

# Common random numbers: a queue limit never reached changes nothing at any point.
"$slotrush" sweep "$mmc" --vary "server.tiers[api].queue_limit=100000,200000,300000" -r 2 -q --out "$work/crn" \
  >/dev/null || fail "crn sweep"
for p in 1 2; do
  cmp <(jq -S '.points[0].kpis' "$work/crn/sweep.json") <(jq -S ".points[$p].kpis" "$work/crn/sweep.json") ||
    fail "point $p's KPIs differ from point 0's although the varied field cannot matter"
done

# Shapes: sweep.csv tidy, sweep.json with fields and points.
head -1 "$work/lottery/sweep.csv" | grep -qx \
  'point,allocation.lottery.senior_reserve_fraction,population.initial_backlog,population.new_per_day,supply.daily_slots,kpi,group,mean,ci_low,ci_high,n' ||
  fail "sweep.csv header: $(head -1 "$work/lottery/sweep.csv")"
grep -q '^1,0.3,3000,100,40,booking_probability,,' "$work/lottery/sweep.csv" || fail "no overall booking_probability row for point 1"
grep -q '^0,0,3000,100,40,booking_probability,party_size=5,' "$work/lottery/sweep.csv" || fail "no party_size=5 row"
awk -F, 'NR > 1 && NF != 11 { exit 1 }' "$work/lottery/sweep.csv" || fail "a sweep.csv row without 11 cells"
jq -e '.schema == "slotrush.sweep/1" and (.fields | length) == 4 and .fields[0].values == [0, 0.3]
       and (.points | length) == 2 and .points[1].values["allocation.lottery.senior_reserve_fraction"] == 0.3
       and .points[1].dir == "points/001" and .replications == 2 and .seed == 7
       and (.points[0].groups | map(select(.dimension == "party_size")) | length) > 1' "$work/lottery/sweep.json" \
  >/dev/null || fail "sweep.json shape"
# timing.csv: one row per (point, replication), each run's own events, and their sum as results.json's.
head -1 "$work/lottery/timing.csv" | grep -qx 'point,stream,cpu_seconds,events,events_per_second' ||
  fail "timing.csv header: $(head -1 "$work/lottery/timing.csv")"
[[ $(awk -F, 'NR > 1 && $3 > 0 && $4 > 0 && $5 > 0' "$work/lottery/timing.csv" | wc -l) -eq 4 ]] ||
  fail "timing.csv rows: $(cat "$work/lottery/timing.csv")"
[[ $(awk -F, 'NR > 1 && $1 == 1 { e += $4 } END { print e }' "$work/lottery/timing.csv") -eq \
   $(jq '.events' "$work/lottery/points/001/results.json") ]] || fail "point 1's runs' events do not add up to its results'"
grep -qE '^time: 4 runs, .* by point: cheapest .* \(point [01]\), median .*, dearest .* \(point [01]\)' "$work/lottery.txt" ||
  fail "no time split on stdout: $(cat "$work/lottery.txt")"
grep -q "booking_probability" "$work/lottery.txt" || fail "no table on stdout"
[[ $(grep -cE '^ +[01] +0(\.3)? ' "$work/lottery.txt") -eq 2 ]] || fail "table rows: $(cat "$work/lottery.txt")"
echo "sweep: errors before running, point = sim, common random numbers, csv and json shapes"
