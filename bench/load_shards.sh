#!/usr/bin/env bash
# A 2-shard load test against one process sending the same test (issue 14, docs/BENCHMARKS.md):
# `slotrush serve bench/zero-service.yaml` (one thread, /healthz) on core 1; on core 0, alternating,
# ROUNDS rounds of (a) one `slotrush load -t1 -c64 -d5s` and (b) two `slotrush load -t1 -c64 -d5s
# --shard I/2 --start-at-wall T` side by side, merged with `slotrush merge`. Prints each side's
# answered rate (merged for b) and p99, closed loop and at --rate RATE. Bounded: every run is 5 s.
#   bench/load_shards.sh [build-dir]     ROUNDS=3 RATE=20000 DURATION=5s
set -euo pipefail
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS=${ROUNDS:-3} RATE=${RATE:-20000} DURATION=${DURATION:-5s}
slotrush="$root/$build/apps/slotrush"
[[ -x $slotrush ]] || { echo "load_shards: $slotrush not built" >&2; exit 1; }
server_pin="" client_pin=""
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then server_pin="taskset -c 1" client_pin="taskset -c 0"; fi
tmp=$(mktemp -d /tmp/slotrush-load-shards.XXXXXX)
serve_pid=
trap '[[ -n $serve_pid ]] && kill "$serve_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "load_shards: $*" >&2; exit 1; }
# shellcheck source=tests/scale/serve_healthz.sh
source "$root/tests/scale/serve_healthz.sh"
serve_pin=$server_pin start_serve "$root/bench/zero-service.yaml" "$tmp/serve.log"
target=http://127.0.0.1:$port/healthz
report() { jq -r '"\(.rate_answered | floor) \(.latency.p99_s * 1e3 * 100 | floor / 100)"' "$1/load-report.json"; }

one() {  # one ARGS...: one process
  rm -rf "$tmp/one"
  $client_pin "$slotrush" load --target "$target" -t 1 -c 64 -d "$DURATION" -q --out "$tmp/one" "$@"
  report "$tmp/one"
}
two() {  # two ARGS...: two shards at one instant, merged
  rm -rf "$tmp"/s0 "$tmp"/s1 "$tmp"/m
  local at=$(( $(date -u +%s) + 1 ))
  $client_pin "$slotrush" load --target "$target" -t 1 -c 64 -d "$DURATION" -q --shard 0/2 --start-at-wall "$at" --out "$tmp/s0" "$@" &
  local a=$!
  $client_pin "$slotrush" load --target "$target" -t 1 -c 64 -d "$DURATION" -q --shard 1/2 --start-at-wall "$at" --out "$tmp/s1" "$@"
  wait "$a"
  "$slotrush" merge "$tmp/s0" "$tmp/s1" -q --out "$tmp/m" >/dev/null
  report "$tmp/m"
}
echo "round  closed: one (req/s p99 ms) | two merged | rate $RATE: one | two merged"
for r in $(seq "$ROUNDS"); do
  echo "$r  $(one) | $(two) | $(one --rate "$RATE") | $(two --rate "$RATE")"
done
