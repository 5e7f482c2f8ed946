#!/usr/bin/env bash
# The mock endpoint's own overhead against nginx, in one script run on the same machine (issue 4):
#   1. GET /healthz on `slotrush serve` (one thread, zero service time: bench/zero-service.yaml)
#      against Debian's nginx-light (one worker, `return 200 "ok"`), the same
#      `wrk -t1 -c64 -d10s --latency` on each after a short warm-up; requests/s, p99 and the ratio,
#      and each side's CPU time (bench/cpu_time.sh), which says whether the server or wrk set the rate.
#   2. The server's CPU time per /healthz at a fixed rate (FIXED_RATE=50000/s, driven by
#      `slotrush load --rate`), where neither side runs out of core: the two servers' own costs.
#   3. The booking path (POST /login + POST /book, bench/book.lua) on one and on two server threads:
#      successful bookings (201) per second, 'no_slots' answers counted apart.
# Servers run on core 1 and wrk on core 0 (two server threads: cores 0-1, sharing core 0 with wrk).
# Every process started here is stopped on exit; every wait is bounded.
#
# Usage: bench/mock_vs_nginx.sh [build-dir]
#   MOCK_RUNS=3   healthz runs per side, alternating nginx/slotrush; medians are printed
#   DURATION=10s  each measured wrk run; WARMUP=2s before each measured side
#   MODE=callgrind  instead: user-space instructions per GET /healthz of each server under valgrind's
#                 callgrind (counters zeroed after the warm-up, dumped after the measured run, divided
#                 by the requests wrk completed); repeatable on a busy machine, unlike requests/s.
#                 CALLGRIND_KEEP=DIR keeps the dumps (for callgrind_annotate).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/nginx_fixed_200.sh"
. "$(dirname "${BASH_SOURCE[0]}")/goals.sh"
. "$(dirname "${BASH_SOURCE[0]}")/cpu_time.sh"
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
MOCK_RUNS=${MOCK_RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-2s}
CONNS=64
slotrush="$build/apps/slotrush"
scenario=bench/zero-service.yaml

MODE=${MODE:-rate}
[[ $MODE == rate || $MODE == callgrind ]] || { echo "mock_vs_nginx: MODE=$MODE; allowed: rate, callgrind" >&2; exit 2; }
need=()
command -v wrk >/dev/null || need+=(wrk)
[[ $MODE != callgrind ]] || command -v valgrind >/dev/null || need+=(valgrind)
[[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if [[ ${#need[@]} -gt 0 ]]; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[[ -x "$slotrush" ]] || { echo "mock_vs_nginx: $slotrush not built" >&2; exit 1; }

# Server on core 1, wrk on core 0 when there are two cores or more; no pinning otherwise.
server_pin=""; server_pin2=""; client_pin=""
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  server_pin="taskset -c 1"; server_pin2="taskset -c 0,1"; client_pin="taskset -c 0"
fi

tmp=$(mktemp -d /tmp/slotrush-mock-bench.XXXXXX)
pids=()
stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      pkill -KILL -P "$pid" 2>/dev/null || true   # an nginx master's worker
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  pids=()
}
trap 'stop_all; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
# wait_http URL: up to 30 s for the server to answer (a server under valgrind starts slowly).
wait_http() {
  for _ in $(seq 300); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "mock_vs_nginx: no answer from $1" >&2; return 1
}

start_nginx() {  # start_nginx [WRAPPER...]: sets port (under a wrapper: one process, no master)
  port=$(free_port)
  local master=on; [[ $# -eq 0 ]] || master=off
  write_nginx_conf "$tmp/nginx" "$port" "$master"
  $server_pin "$@" /usr/sbin/nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" \
    >"$tmp/nginx/stdout" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/healthz"
}

start_slotrush() {  # start_slotrush THREADS PIN [WRAPPER...]: sets port
  port=$(free_port)
  local threads=$1 pin=$2; shift 2
  $pin "$@" "$slotrush" serve "$scenario" --listen "127.0.0.1:$port" --threads "$threads" --start-at 10:00 \
    --max-registrants 1000000000 >"$tmp/slotrush.log" 2>&1 &
  pids+=($!)
  wait_http "http://127.0.0.1:$port/healthz"
}

# run_wrk DURATION URL [LUA_SCRIPT ARG...]: wrk's whole output, bounded in time.
run_wrk() {
  local d=$1 url=$2; shift 2
  if [[ $# -gt 0 ]]; then
    local script=$1; shift
    timeout 120 $client_pin wrk -t1 -c$CONNS -d"$d" --latency -s "$script" "$url" -- "$@"
  else
    timeout 120 $client_pin wrk -t1 -c$CONNS -d"$d" --latency "$url"
  fi
}
# parse_wrk: wrk output on stdin -> "REQ_PER_S P99_MS NON_2XX"
parse_wrk() {
  python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
v, u = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", t, re.M).groups()
p99 = float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[u]
bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", t)
print(f"{rps:.1f} {p99:.3f} {bad.group(1) if bad else 0}")'
}
median() { python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# measure_healthz nginx|slotrush: a fresh server, a warm-up, one measured run -> $result
# ("REQ_PER_S P99_MS NON_2XX") and $cpu ("SERVER_SHARE USER_US SYS_US CLIENT_SHARE USER_US SYS_US":
# each side's share of its core and CPU microseconds a request over the measured run).
# (Runs in this shell, not in $(...), so the EXIT trap knows every server it started.)
# start_server nginx|slotrush: one server on the server core; sets port, and server to the process
# that serves (nginx's worker, not its master).
start_server() {
  if [[ $1 == nginx ]]; then
    start_nginx; server=$(pgrep -P "${pids[-1]}" | head -1)
  else
    start_slotrush 1 "$server_pin"; server=${pids[-1]}
  fi
}
measure_healthz() {
  local server
  start_server "$1"
  local url="http://127.0.0.1:$port/healthz" before after client
  run_wrk "$WARMUP" "$url" >/dev/null
  before=$(cpu_ticks "$server")
  timed client run_wrk "$DURATION" "$url" >"$tmp/wrk-$1.txt"
  after=$(cpu_ticks "$server")
  result=$(parse_wrk <"$tmp/wrk-$1.txt")
  local requests
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk-$1.txt")
  cpu=$(pair_cpu "$before" "$after" "$client" "$requests")
  stop_all
}

nginx_version=$(/usr/sbin/nginx -v 2>&1 | sed 's/.*nginx\///')

# callgrind_healthz nginx|slotrush: one server under callgrind -> $result = "INSTRUCTIONS_PER_REQUEST REQUESTS".
callgrind_healthz() {
  local out="$tmp/callgrind.$1" cg=(valgrind --tool=callgrind --callgrind-out-file="$tmp/callgrind.$1.%p")
  if [[ $1 == nginx ]]; then start_nginx "${cg[@]}"; else start_slotrush 1 "$server_pin" "${cg[@]}"; fi
  local url="http://127.0.0.1:$port/healthz" pid=${pids[-1]}
  run_wrk "$WARMUP" "$url" >/dev/null
  callgrind_control -z "$pid" >/dev/null 2>&1
  run_wrk "$DURATION" "$url" >"$tmp/wrk-$1.txt"
  callgrind_control -d "$pid" >/dev/null 2>&1
  local requests dump
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$tmp/wrk-$1.txt")
  dump=$(ls -t "$tmp"/callgrind."$1".*.[0-9]* 2>/dev/null | head -1)
  [[ -n $dump && -n $requests && $requests -gt 0 ]] || { echo "mock_vs_nginx: no callgrind dump or no requests for $1" >&2; exit 1; }
  [[ -z ${CALLGRIND_KEEP:-} ]] || cp "$dump" "$CALLGRIND_KEEP/callgrind.$1.out"
  result="$(awk -v n="$requests" '/^(summary|totals):/ { print int($2 / n); exit }' "$dump") $requests"
  stop_all
}
if [[ $MODE == callgrind ]]; then
  echo "== Instructions per GET /healthz (callgrind, user space only; wrk -t1 -c$CONNS -d$DURATION after a $WARMUP warm-up) =="
  callgrind_healthz nginx;    read -r ni nn <<<"$result"
  callgrind_healthz slotrush; read -r si sn <<<"$result"
  printf "  nginx %-10s %8d instructions/request   (%s requests)\n" "$nginx_version" "$ni" "$nn"
  printf "  slotrush serve   %8d instructions/request   (%s requests)   = %sx nginx's\n" "$si" "$sn" \
    "$(python3 -c "print(f'{$si/$ni:.1f}')")"
  exit 0
fi
echo "== Mock endpoint vs nginx: GET /healthz, wrk -t1 -c$CONNS -d$DURATION, server ${server_pin:-unpinned}, wrk ${client_pin:-unpinned} (median of $MOCK_RUNS) =="
n_rps=(); n_p99=(); s_rps=(); s_p99=(); pair_ratios=(); bad=0; n_cpu=(); s_cpu=()
for _ in $(seq "$MOCK_RUNS"); do
  measure_healthz nginx;    read -r r p b <<<"$result"; n_rps+=("$r"); n_p99+=("$p"); bad=$((bad + b)); n_cpu+=("$cpu")
  measure_healthz slotrush; read -r r p b <<<"$result"; s_rps+=("$r"); s_p99+=("$p"); bad=$((bad + b)); s_cpu+=("$cpu")
  pair_ratios+=("$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "${s_rps[-1]}" "${n_rps[-1]}")")
done
nr=$(median "${n_rps[@]}"); np=$(median "${n_p99[@]}")
sr=$(median "${s_rps[@]}"); sp=$(median "${s_p99[@]}")
printf "  nginx %-10s %12.0f req/s   p99 %6.2f ms   (runs: %s)\n" "$nginx_version" "$nr" "$np" "${n_rps[*]}"
printf "  slotrush serve   %12.0f req/s   p99 %6.2f ms   (runs: %s)\n" "$sr" "$sp" "${s_rps[*]}"
printf "  slotrush/nginx   %12sx (median rates; each pair: %s)\n" "$(python3 -c "print(f'{$sr/$nr:.2f}')")" "${pair_ratios[*]}"
[[ $bad -eq 0 ]] || echo "  WARNING: $bad non-2xx answers to /healthz"
# Each side's CPU time (medians), so the ratio says which side was the limit.
for side in nginx slotrush; do
  if [[ $side == nginx ]]; then m=$(median_fields "${n_cpu[@]}"); who="nginx worker"; else m=$(median_fields "${s_cpu[@]}"); who="slotrush serve"; fi
  read -r ss su sk cs cu ck <<<"$m"
  printf "  CPU with %-15s server %s | wrk %s\n" "$who:" "$(cpu_text "$ss $su $sk")" "$(cpu_text "$cs $cu $ck")"
  printf "  %24s %s\n" "" "$(limit_text "$ss" "$cs")"
done
worst=$(printf '%s\n' "${pair_ratios[@]}" | sort -g | head -1)
goal "serve /healthz req/s / nginx, one thread, worst of $MOCK_RUNS pairs" "$worst" ">=" 1.1 x "pairs ${pair_ratios[*]}"
goal "serve /healthz p99 / nginx's p99 (medians)" "$(python3 -c "print(f'{$sp/$np:.2f}')")" "<=" 1 x \
  "$(printf '%.2f ms against %.2f ms' "$sp" "$np")"

# The same cost with the rate fixed, so that neither side runs out of core: `slotrush load --rate`
# drives each server at FIXED_RATE requests/s and the server's CPU time a request is compared.
FIXED_RATE=${FIXED_RATE:-50000}
echo "== Server CPU per GET /healthz at a fixed $FIXED_RATE/s (slotrush load -t1 -c$CONNS --rate $FIXED_RATE -d$DURATION, median of $MOCK_RUNS) =="
# measure_fixed nginx|slotrush -> $cpu ("SHARE USER_US SYS_US" of the server)
measure_fixed() {
  local server
  start_server "$1"
  local url="http://127.0.0.1:$port/healthz" before after t0 t1
  timeout 60 $client_pin "$slotrush" load --target "$url" -t 1 -c $CONNS -d "$WARMUP" --quiet --out "$tmp/fixed" >/dev/null
  before=$(cpu_ticks "$server"); t0=$(date +%s.%N)
  timeout 120 $client_pin "$slotrush" load --target "$url" -t 1 -c $CONNS --rate "$FIXED_RATE" -d "$DURATION" --quiet \
    --out "$tmp/fixed" >/dev/null
  after=$(cpu_ticks "$server"); t1=$(date +%s.%N)
  local answered
  answered=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["answered"])' "$tmp/fixed/load-report.json")
  cpu=$(cpu_of_ticks "$before" "$after" "$(python3 -c "print($t1 - $t0)")" "$answered")
  stop_all
}
n_fixed=(); s_fixed=()
for _ in $(seq "$MOCK_RUNS"); do
  measure_fixed nginx; n_fixed+=("$cpu")
  measure_fixed slotrush; s_fixed+=("$cpu")
done
nf=$(median_fields "${n_fixed[@]}"); sf=$(median_fields "${s_fixed[@]}")
printf "  nginx worker    %s\n  slotrush serve  %s\n" "$(cpu_text "$nf")" "$(cpu_text "$sf")"
python3 -c '
import sys
n, s = [list(map(float, a.split())) for a in sys.argv[1:]]
print(f"  nginx/slotrush CPU a request: {(n[1] + n[2]) / (s[1] + s[2]):.2f}x (user alone {n[1] / s[1]:.2f}x, system alone {n[2] / s[2]:.2f}x)")' "$nf" "$sf"

echo "== Booking path, zero service time: POST /login + POST /book (bench/book.lua), wrk -t1 -c$CONNS -d$DURATION =="
# measure_booking THREADS PIN PARTY: a fresh server, a warm-up, a measured run on fresh registrants
# -> $result (book.lua's JSON line).
measure_booking() {
  start_slotrush "$1" "$2"
  local url="http://127.0.0.1:$port"
  run_wrk "$WARMUP" "$url" bench/book.lua 100000000 "$3" >/dev/null
  run_wrk "$DURATION" "$url" bench/book.lua 200000000 "$3" >"$tmp/wrk-book.txt"
  result=$(grep '^{"bookings"' "$tmp/wrk-book.txt")
  stop_all
}
for party in 1 20; do
  for threads in 1 2; do
    pin=$server_pin; [[ $threads -eq 1 ]] || pin=$server_pin2
    measure_booking "$threads" "$pin" "$party"
    if [[ $party == 1 && $threads == 1 ]]; then
      booking_rate=$(python3 -c "import json,sys; print(f\"{json.loads(sys.argv[1])['bookings_per_second']:.0f}\")" "$result")
    fi
    python3 - "$threads" "$party" "${pin#taskset -c }" "$result" <<'EOF'
import json, sys
threads, party, cores, r = sys.argv[1], sys.argv[2], sys.argv[3] or "any", json.loads(sys.argv[4])
what = "a login per booking" if party == "1" else f"a login per {party} bookings"
print(f"  {threads} thread{'s' if threads != '1' else ' '} (cores {cores:>3}), {what:<24} "
      f"{r['bookings_per_second']:9.0f} bookings/s  {r['requests_per_second']:9.0f} req/s  "
      f"p99 {r['p99_ms']:6.2f} ms  (no_slots {r['no_slots']}, other {r['other']})")
EOF
  done
done
goal "booking path (login + book) on one thread, zero service time" "$booking_rate" ">=" 40000 "bookings/s"
