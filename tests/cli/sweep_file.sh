#!/usr/bin/env bash
# `slotrush sweep --file`: a sweep file gives the same sweep.csv as the equivalent flags; a mistake in
# it exits 2 naming file:line:column and the field, before anything is written.
# Usage: sweep_file.sh SLOTRUSH SOURCE_DIR WORK_DIR
set -uo pipefail
slotrush=$1 src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
cat >"$work/study.yaml" <<YAML
base: $src/scenarios/cbp1-2023-05-lottery.yaml
vary:
  allocation.lottery.senior_reserve_fraction: "0:1:0.5"
  supply.daily_slots: [40, 80]
  population.initial_backlog: [3000]
  population.new_per_day: [100]
replications: 2
seed: 7
YAML
"$slotrush" sweep --file "$work/study.yaml" -q --out "$work/file" >/dev/null || fail "sweep --file"
"$slotrush" sweep "$src/scenarios/cbp1-2023-05-lottery.yaml" --vary allocation.lottery.senior_reserve_fraction=0:1:0.5 \
  --vary supply.daily_slots=40,80 --vary population.initial_backlog=3000 --vary population.new_per_day=100 -r 2 --seed 7 \
  -q --out "$work/flags" >/dev/null || fail "sweep --vary"
[[ $(wc -l <"$work/file/sweep.csv") -gt 10 ]] || fail "sweep.csv nearly empty"
cmp "$work/file/sweep.csv" "$work/flags/sweep.csv" || fail "the sweep file's sweep.csv differs from the flags'"

bad() {  # bad PATTERN YAML: exit 2, the pattern in the message, nothing written
  printf '%s\n' "$2" >"$work/bad.yaml"
  local err; err=$("$slotrush" sweep --file "$work/bad.yaml" -q --out "$work/bad" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq 2 ]] && grep -q -- "$1" <<<"$err" || fail "bad sweep file: exit $rc, said: $err"
  [[ ! -e $work/bad ]] || fail "a bad sweep file wrote $work/bad"
}
base="base: $src/scenarios/cbp1-2023-05-lottery.yaml"
bad "bad.yaml:3:47: vary.allocation.lottery.senior_reserve_fraction: found STEP 0" \
  "$base"$'\n'"vary:"$'\n'"  allocation.lottery.senior_reserve_fraction: \"0:1:0\""
bad "bad.yaml:2:1: .*did you mean 'replications'" "$base"$'\n'"replicatoins: 3"$'\n'"vary: {supply.daily_slots: [40]}"
bad "did you mean 'senior_reserve_fraction'" "$base"$'\n'"vary: {allocation.lottery.senior_reserve_fractoin: [0, 1]}"
bad "bad.yaml:1:1: vary: " "$base"
echo ok
