#!/usr/bin/env bash
# `slotrush calibrate` end to end on M/M/c (scenarios/mmc-validation.yaml, lambda 9/s, mu 1/s):
# (1) the known answer: for a mean-latency range, Erlang C says which worker count in 6..24 meets it
#     (computed here, independently of slotrush); calibrate finds that count and exits 0 (the box is
#     lopsided so that its centre, where the search starts, is not the answer);
# (2) calibrated.yaml loads with `validate`, and `sim` of it (same -r, --seed) gives the reported KPIs;
# (3) a target no point can reach exits 6, says so and names the closest point;
# (4) a fixed field (LOW == HIGH) is applied, not searched; with no free field one evaluation is made;
#     one parameter of a distribution is written with the base's other parameters; --met-by interval
#     judges the whole 95% interval;
# (5) a misspelt or malformed --vary or --target, or a field calibrated.yaml could not write, exits 2,
#     naming the flag and what is allowed, before any evaluation and without writing the output folder.
# Usage: calibrate.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
mmc=$src/scenarios/mmc-validation.yaml
fail() { echo "FAIL: $*"; exit 1; }
workers='server.tiers[api].workers'
calibrate() {  # calibrate NAME ARGS...: runs into $work/NAME, stdout+stderr in $work/NAME.txt, sets rc
  "$slotrush" calibrate "${base:-$mmc}" "${@:2}" -q --out "$work/$1" >"$work/$1.txt" 2>&1
  rc=$?
}

# Erlang C, W(c) = C(c, a) / (c mu - lambda) + 1/mu with a = lambda/mu = 9; infinite for c <= a.
erlang_w() {
  awk -v c="$1" 'BEGIN { a = 9; if (c <= a) { print "inf"; exit }
    s = 0; t = 1; for (k = 0; k < c; k++) { if (k > 0) t *= a / k; s += t }
    t *= a / c; last = t * c / (c - a); printf "%.6f\n", last / (s + last) / (c - a) + 1 }'
}
# The target: a mean wait in the queue of 0.15 s to 0.45 s, i.e. a mean latency of 1.15 s to 1.45 s.
low=1.15 high=1.45
expected=()
for c in $(seq 6 24); do
  w=$(erlang_w "$c")
  [[ $w != inf ]] && awk -v w="$w" -v l=$low -v h=$high 'BEGIN { exit !(w >= l && w <= h) }' && expected+=("$c")
done
[[ ${#expected[@]} -eq 1 ]] || fail "Erlang C puts ${#expected[@]} worker counts in [$low, $high]: ${expected[*]}"
c=${expected[0]}

# (1) The known answer.
calibrate known --vary "$workers=6:24" --vary population.background.end=3h:3h --target "latency_mean=$low:$high" \
  -r 4 --seed 5 --max-evaluations 15
[[ $rc -eq 0 ]] || fail "known answer exited $rc (Erlang C: c = $c, W = $(erlang_w "$c")): $(cat "$work/known.txt")"
grep -Eq "^  server.tiers\[api\].workers +$c " "$work/known.txt" ||
  fail "did not find c = $c (W = $(erlang_w "$c")): $(cat "$work/known.txt")"
grep -Eq '^  latency_mean .* met$' "$work/known.txt" || fail "target not reported met"
jq -e --argjson c "$c" '.all_targets_met and .schema == "slotrush.calibration/1"
    and (.fields[] | select(.path == "server.tiers[api].workers") | .best == ($c | tostring) and .fixed == false)
    and (.fields[] | select(.path == "population.background.end") | .fixed)' "$work/known/calibration.json" >/dev/null ||
  fail "calibration.json: $(cat "$work/known/calibration.json")"
evals=$(jq .evaluations "$work/known/calibration.json")
[[ $(($(wc -l <"$work/known/evaluations.csv") - 1)) -eq $evals ]] || fail "evaluations.csv rows != $evals evaluations"
head -1 "$work/known/evaluations.csv" | grep -qx 'evaluation,server.tiers\[api\].workers,latency_mean,objective' ||
  fail "evaluations.csv header: $(head -1 "$work/known/evaluations.csv")"
# timing.csv: R = 4 runs of every evaluation, numbered as evaluations.csv numbers them.
[[ $(awk -F, 'NR > 1 && $3 > 0 && $4 > 0' "$work/known/timing.csv" | wc -l) -eq $((4 * evals)) ]] ||
  fail "timing.csv rows != 4 x $evals: $(cat "$work/known/timing.csv")"
cmp <(awk -F, 'NR > 1 { print $1 }' "$work/known/timing.csv" | sort -un) <(seq 1 "$evals") ||
  fail "timing.csv's evaluation numbers are not 1..$evals"
grep -qE '^time: [0-9]+ runs, .* by evaluation: cheapest .* \(evaluation [0-9]+\)' "$work/known.txt" ||
  fail "no time split on stdout: $(cat "$work/known.txt")"

# (2) calibrated.yaml is a scenario, and simulating it gives what calibrate reported.
grep -q '^extends: ' "$work/known/calibrated.yaml" || fail "calibrated.yaml does not extend the base"
grep -q '^# Targets: latency_mean=' "$work/known/calibrated.yaml" || fail "calibrated.yaml does not name the target"
"$slotrush" validate "$work/known/calibrated.yaml" >/dev/null || fail "calibrated.yaml does not validate"
"$slotrush" sim "$work/known/calibrated.yaml" -r 4 --seed 5 -q --out "$work/resim" >/dev/null || fail "sim of calibrated.yaml"
cmp <(jq -S .kpis "$work/known/results.json") <(jq -S .kpis "$work/resim/results.json") ||
  fail "sim of calibrated.yaml differs from the calibration's results.json"

# (3) A mean latency below the service time itself: no worker count reaches it; the closest is the most.
calibrate impossible --vary "$workers=10:14" --vary population.background.end=20m:20m --target latency_mean=0.1:0.5 \
  -r 2 --max-evaluations 6
[[ $rc -eq 6 ]] || fail "an impossible target exited $rc, expected 6: $(cat "$work/impossible.txt")"
grep -q 'not every target was met' "$work/impossible.txt" || fail "failure not said"
grep -Eq '^  latency_mean .* NOT MET$' "$work/impossible.txt" || fail "closest point's target not shown as not met"
grep -Eq '^  server.tiers\[api\].workers +14 ' "$work/impossible.txt" || fail "closest point is not the most workers"
jq -e '.all_targets_met == false and .objective > 0' "$work/impossible/calibration.json" >/dev/null ||
  fail "calibration.json does not say not met"
grep -q 'NOT every target met' "$work/impossible/calibrated.yaml" || fail "calibrated.yaml does not say not met"

# (4) Fixed fields only: one evaluation at the fixed value, which is applied (Erlang C's c meets the
# target, c - 1 does not).
calibrate fixed --vary "$workers=$c:$c" --vary population.background.end=3h:3h --target "latency_mean=$low:$high" -r 4
[[ $rc -eq 0 ]] || fail "fixed c = $c exited $rc: $(cat "$work/fixed.txt")"
[[ $(jq .evaluations "$work/fixed/calibration.json") -eq 1 ]] || fail "no free field, yet not one evaluation"
grep -Eq "^  server.tiers\[api\].workers +$c +\(fixed\)" "$work/fixed.txt" || fail "fixed field not reported fixed"
grep -q "workers: $c" "$work/fixed/calibrated.yaml" || fail "calibrated.yaml lacks the fixed workers: $c"
calibrate fixed_less --vary "$workers=$((c - 1)):$((c - 1))" --target "latency_mean=$low:$high" -r 3
[[ $rc -eq 6 ]] || fail "fixed c = $((c - 1)) (W = $(erlang_w $((c - 1)))) exited $rc, expected 6"

# (4b) One parameter of a two-parameter law: calibrated.yaml copies the base's distribution with the one
# value changed (extends replaces a distribution whole, so `uniform: {high: ...}` alone would be refused).
sed 's/{exponential: {mean: 1s}}/{uniform: {low: 0.5s, high: 1.5s}}/' "$mmc" >"$work/uniform.yaml"
base=$work/uniform.yaml calibrate law --vary server.requests.list_slots.service_seconds.uniform.high=1.2s:1.8s \
  --vary population.background.end=20m:20m --target latency_mean=1.15:1.3 -r 1 --max-evaluations 8
[[ $rc -eq 0 ]] || fail "one parameter of uniform exited $rc: $(cat "$work/law.txt")"
grep -Eq 'uniform: \{low: 0.5s, high: [0-9.]+s\}' "$work/law/calibrated.yaml" ||
  fail "calibrated.yaml lacks the whole uniform: $(cat "$work/law/calibrated.yaml")"
grep -q 'high: 1.5s' "$work/law/calibrated.yaml" && fail "calibrated.yaml kept the base's high"
"$slotrush" sim "$work/law/calibrated.yaml" -r 1 -q --out "$work/law_resim" >/dev/null || fail "sim of the law's calibrated.yaml"
cmp <(jq -S .kpis "$work/law/results.json") <(jq -S .kpis "$work/law_resim/results.json") ||
  fail "sim of the law's calibrated.yaml differs from its calibration"

# (4c) --met-by interval: at 11 workers over 20 minutes the mean latency (1.17 s) is inside 1.15-1.45 s,
# its 95% interval over 3 runs (+-0.08 s) is not: met by the mean, not met by the interval.
calibrate by_mean --vary "$workers=11:11" --vary population.background.end=20m:20m --target latency_mean=1.15:1.45 -r 3
[[ $rc -eq 0 ]] || fail "by the mean exited $rc: $(cat "$work/by_mean.txt")"
calibrate by_interval --vary "$workers=11:11" --vary population.background.end=20m:20m \
  --target latency_mean=1.15:1.45 -r 3 --met-by interval
[[ $rc -eq 6 ]] || fail "by the interval exited $rc, expected 6: $(cat "$work/by_interval.txt")"
grep -Eq '^  latency_mean +1\.1[0-9]* ± 0\.[0-9]+ .* NOT MET$' "$work/by_interval.txt" || fail "interval not shown: $(cat "$work/by_interval.txt")"
jq -e '.met_by == "interval" and .all_targets_met == false' "$work/by_interval/calibration.json" >/dev/null ||
  fail "calibration.json does not say met_by interval"
grep -q 'judged by the whole 95% interval' "$work/by_interval/calibrated.yaml" && grep -q -- '--met-by interval' "$work/by_interval/calibrated.yaml" ||
  fail "calibrated.yaml does not say how targets were judged"
calibrate by_wide_interval --vary "$workers=11:11" --vary population.background.end=20m:20m \
  --target latency_mean=1:1.45 -r 3 --met-by interval
[[ $rc -eq 0 ]] || fail "a range holding the whole interval exited $rc: $(cat "$work/by_wide_interval.txt")"

# (5) Bad input: exit 2, the flag and what is allowed named, no evaluation, nothing written.
expect2() {  # expect2 PATTERN ARGS...
  calibrate bad "${@:2}"
  [[ $rc -eq 2 ]] && grep -q -- "$1" "$work/bad.txt" || fail "calibrate ${*:2}: exit $rc, said: $(cat "$work/bad.txt")"
  grep -q '^eval' "$work/bad.txt" && fail "calibrate ${*:2} evaluated before refusing"
  [[ ! -e $work/bad ]] || fail "calibrate ${*:2} wrote $work/bad"
  rm -f "$work/bad.txt"
}
expect2 "did you mean 'workers'" --vary 'server.tiers[api].wokers=6:16' --target latency_mean=1:2
expect2 "did you mean 'api'" --vary 'server.tiers[apy].workers=6:16' --target latency_mean=1:2
expect2 "server.tiers\[api\].workers.*allowed" --vary "$workers=-3:-1" --target latency_mean=1:2
expect2 "found LOW 16 above HIGH 6; allowed: LOW <= HIGH" --vary "$workers=16:6" --target latency_mean=1:2
expect2 "found '6'; allowed: LOW:HIGH" --vary "$workers=6" --target latency_mean=1:2
expect2 "units 's' and 'm'" --vary "population.background.end=1s:1m" --target latency_mean=1:2
expect2 "did you mean 'latency_mean'" --vary "$workers=6:16" --target latncy_mean=1:2
expect2 "found no '='; allowed: KPI=LOW:HIGH" --vary "$workers=6:16" --target latency_mean
expect2 "met-by interval: found -r 1; allowed: -r 2" --vary "$workers=6:16" --target latency_mean=1:2 -r 1 --met-by interval
expect2 "met-by: found 'median'; allowed: mean" --vary "$workers=6:16" --target latency_mean=1:2 --met-by median
expect2 "found '1s:2s', with a unit.*allowed: LOW:HIGH, two numbers" --vary "$workers=6:16" --target latency_mean=1s:2s
# A list inherited through extends cannot be copied into calibrated.yaml: refused before running too.
printf 'extends: %s\nname: mmc-child\n' "$mmc" >"$work/child.yaml"
base=$work/child.yaml expect2 "the list tiers is not in .*child.yaml itself" --vary "$workers=6:16" --target latency_mean=1:2
echo "calibrate: Erlang C's c = $c found in $evals evaluations; calibrated.yaml reproduces; exit 6 honest; fixed fields; bad input exit 2"
