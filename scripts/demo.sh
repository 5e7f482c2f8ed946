#!/usr/bin/env bash
# The main job: the CBP One launch day (a first-come race for 740 slots among 450,000 people at
# 09:00 ET) and the daily lottery that replaced it, simulated and summarised. Results go to demo-out/.
set -euo pipefail
build=${1:-build}
out=${2:-demo-out}
slotrush="$build/apps/slotrush"
"$slotrush" validate scenarios/*.yaml
echo
echo "== Launch day, 18 Jan 2023: first-come race at the release instant (450,000 people; ~1-2 min) =="
"$slotrush" sim scenarios/cbp1-2023-01-launch.yaml --out "$out/launch"
echo
echo "== From May 2023: a 23-hour request window, a daily draw with a 50% seniority reserve (14 days) =="
"$slotrush" sim scenarios/cbp1-2023-05-lottery.yaml --out "$out/lottery"
echo
echo "== A metastable failure and its mitigations, 5 replications each under common random numbers =="
"$slotrush" compare scenarios/metastable-retry-demo.yaml scenarios/metastable-retry-budget.yaml \
  scenarios/metastable-retry-throttle.yaml --replications 5 --out "$out/metastable"
