#!/usr/bin/env bash
# The main job until the appointment model lands: an M/M/c queue simulated against Erlang C.
set -euo pipefail
build=${1:-build}
"$build/apps/slotrush" mmc --arrival-rate 9 --service-rate 1 --servers 10 \
  --customers 200000 --warmup 20000 --replications 10 --seed 1
