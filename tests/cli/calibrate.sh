#!/usr/bin/env bash
# `slotrush calibrate`: (1) the known answer: on M/M/c (scenarios/mmc-validation.yaml) the worker
# count fitted to a mean-latency range around Erlang C's W for c = 10 (and clear of c = 9 and c = 11)
# is 10, the target is met, exit 0, and calibrated.yaml loads; (2) a target no point can reach exits 6
# and names the closest point; (3) a misspelt field or KPI exits 2 and writes nothing.
# Usage: calibrate.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -euo pipefail
slotrush=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
mmc=$src/scenarios/mmc-validation.yaml
fail() { echo "FAILED: $1"; cat "$work"/*.txt 2>/dev/null; exit 1; }

# Erlang C: W(c) = C(c, a) / (c mu - lambda) + 1/mu, lambda = 9, mu = 1, a = 9.
erlang_w() {
  awk -v c="$1" 'BEGIN { a = 9; s = 0; t = 1; for (k = 0; k < c; k++) { if (k > 0) t *= a / k; s += t }
    t *= a / c; last = t * c / (c - a); print last / (s + last) / (c - a) + 1 }'
}
w10=$(erlang_w 10) w11=$(erlang_w 11)
low=$(awk -v a="$w10" -v b="$w11" 'BEGIN { print (a + b) / 2 }')  # halfway to c = 11
high=$(awk -v a="$w10" 'BEGIN { print a * 1.3 }')                 # c = 9 (rho = 1) is far above
set +e
"$slotrush" calibrate "$mmc" --vary 'server.tiers[api].workers=6:16' --vary population.background.end=1h:1h \
  --target "latency_mean=$low:$high" -r 2 --max-evaluations 15 --out "$work/known" > "$work/known.txt" 2>&1
status=$?
set -e
[[ $status -eq 0 ]] || fail "known answer exited $status, expected 0 (target $low:$high, Erlang C W(10) = $w10)"
grep -Eq '^  server.tiers\[api\].workers +10 ' "$work/known.txt" || fail "did not find c = 10"
grep -Eq '^  latency_mean .* met$' "$work/known.txt" || fail "target not reported met"
grep -q 'workers: 10' "$work/known/calibrated.yaml" || fail "calibrated.yaml does not set workers: 10"
grep -q '^extends: ' "$work/known/calibrated.yaml" || fail "calibrated.yaml does not extend the base"
"$slotrush" validate "$work/known/calibrated.yaml" > /dev/null || fail "calibrated.yaml does not load"
for f in evaluations.csv calibration.json results.json; do [[ -s $work/known/$f ]] || fail "no $f"; done
grep -q '"all_targets_met": true' "$work/known/calibration.json" || fail "calibration.json does not say met"

# A mean latency below the service time itself: no worker count reaches it.
set +e
"$slotrush" calibrate "$mmc" --vary 'server.tiers[api].workers=10:14' --vary population.background.end=20m:20m \
  --target latency_mean=0.1:0.5 -r 2 --max-evaluations 6 --out "$work/impossible" > "$work/impossible.txt" 2>&1
status=$?
set -e
[[ $status -eq 6 ]] || fail "an impossible target exited $status, expected 6"
grep -q 'not every target was met' "$work/impossible.txt" || fail "failure not said"
grep -Eq '^  latency_mean .* NOT MET$' "$work/impossible.txt" || fail "closest point's target not shown as not met"
grep -Eq '^  server.tiers\[api\].workers +14 ' "$work/impossible.txt" || fail "closest point is not the most workers"
grep -q '"all_targets_met": false' "$work/impossible/calibration.json" || fail "calibration.json does not say not met"
grep -q 'NOT every target met' "$work/impossible/calibrated.yaml" || fail "calibrated.yaml does not say not met"

# Mistakes in a field path, a value or a KPI name: exit 2 before anything runs, nothing written.
check_bad() {
  local label=$1 expect=$2; shift 2
  set +e
  "$slotrush" calibrate "$mmc" "$@" -r 2 --out "$work/bad" > "$work/bad.txt" 2>&1
  local s=$?
  set -e
  [[ $s -eq 2 ]] || fail "$label exited $s, expected 2"
  grep -q -- "$expect" "$work/bad.txt" || fail "$label: message lacks '$expect'"
  [[ ! -e $work/bad ]] || fail "$label wrote $work/bad"
}
check_bad "misspelt field" "did you mean" --vary 'server.tiers[api].wokers=6:16' --target latency_mean=1:2
check_bad "bad HIGH value" "server.tiers" --vary 'server.tiers[api].workers=6:0' --target latency_mean=1:2
check_bad "bad upper point" "workers" --vary 'server.tiers[api].workers=-3:-1' --target latency_mean=1:2
check_bad "misspelt KPI" "did you mean 'latency_mean'" --vary 'server.tiers[api].workers=6:16' --target latncy_mean=1:2
check_bad "bounds without colon" "LOW:HIGH" --vary 'server.tiers[api].workers=6' --target latency_mean=1:2
echo "calibrate finds the known answer, fails honestly, refuses bad input"
