#!/usr/bin/env bash
# The load generator against wrk, in one script on the same machine (issue 5):
#   1. Closed-loop maximum throughput against nginx (one worker, fixed 200, access log off) on
#      loopback: `wrk -t1 -c64 -d10s --latency` and `slotrush load -t1 -c64 -d10s`, alternating,
#      ROUNDS rounds; each side's requests/s and p99 per round, the medians and the ratio slotrush/wrk
#      (goal: >= 1.2x in every round), and each side's CPU time (bench/cpu_time.sh), which says
#      whether nginx or the client set the rate.
#   2. The open model on one thread at 90% of slotrush's closed-loop maximum (median of part 1):
#      `slotrush load --rate R -c64 -d5s`; the goal is the answered rate within 0.1% of R, none dropped.
#   3. With LADDER=1, also constant-rate accuracy for rising R: a rate is held when the answered rate
#      is within 1% of R and nothing was dropped. Prints the highest held.
# nginx runs on core 1 and the load generators on core 0 when there are two cores or more.
# Every process started here is stopped on exit; every wait is bounded.
#
# Usage: bench/loadgen_vs_wrk.sh [build-dir]
#   ROUNDS=3 DURATION=10s CONNS=64    part 1
#   RATE_DURATION=5s                  parts 2 and 3
#   LADDER=1 RATES="10000 20000 ..."  part 3 (stops at the first rate not held)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/nginx_fixed_200.sh"
. "$(dirname "${BASH_SOURCE[0]}")/goals.sh"
. "$(dirname "${BASH_SOURCE[0]}")/cpu_time.sh"
build=${1:-build}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-64}
RATES=${RATES:-"2000 4000 5000 6000 7000 8000 9000 10000 12000 15000 20000 30000 40000 60000 80000 100000"}
RATE_DURATION=${RATE_DURATION:-5s}
slotrush="$build/apps/slotrush"

need=()
command -v wrk >/dev/null || need+=(wrk)
[[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if [[ ${#need[@]} -gt 0 ]]; then
  sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
[[ -x "$slotrush" ]] || { echo "loadgen_vs_wrk: $slotrush not built" >&2; exit 1; }

server_pin=""; client_pin=""
if command -v taskset >/dev/null && [[ $(nproc) -ge 2 ]]; then
  server_pin="taskset -c 1"; client_pin="taskset -c 0"
fi

tmp=$(mktemp -d /tmp/slotrush-loadgen-bench.XXXXXX)
nginx_pid=""
cleanup() {
  if [[ -n $nginx_pid ]]; then
    kill -QUIT "$nginx_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$nginx_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
write_nginx_conf "$tmp/nginx" "$port"
$server_pin /usr/sbin/nginx -p "$tmp/nginx" -e "$tmp/nginx/error.log" -c "$tmp/nginx/nginx.conf" >/dev/null 2>&1 &
nginx_pid=$!
url="http://127.0.0.1:$port/"
for _ in $(seq 100); do
  python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$url" 2>/dev/null && break
  sleep 0.1
done

# slotrush_run ARGS...: "ANSWERED_PER_S P99_MS DROPPED ANSWERED" from load-report.json
slotrush_run() {
  rm -rf "$tmp/out"
  timeout 120 $client_pin "$slotrush" load --target "$url" --quiet --out "$tmp/out" "$@" >/dev/null
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print("%.1f %.3f %d %d" % (r["rate_answered"], r["latency"]["p99_s"] * 1e3, r["dropped"], r["answered"]))' "$tmp/out/load-report.json"
}
wrk_run() {
  timeout 120 $client_pin wrk -t1 -c"$CONNS" -d"$DURATION" --latency "$url" | python3 -c '
import re, sys
t = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
v, u = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", t, re.M).groups()
n = int(re.search(r"^\s*(\d+) requests in", t, re.M).group(1))
print("%.1f %.3f 0 %d" % (rps, float(v) * {"us": 1e-3, "ms": 1.0, "s": 1e3}[u], n))'
}
# closed_round wrk|slotrush: one measured closed-loop run -> $result ("RATE P99_MS DROPPED REQUESTS")
# and $cpu ("NGINX_SHARE USER_US SYS_US CLIENT_SHARE USER_US SYS_US", bench/cpu_time.sh)
closed_round() {
  local before after client
  before=$(cpu_ticks "$nginx_worker")
  if [[ $1 == wrk ]]; then timed client wrk_run >"$tmp/round.txt"
  else timed client slotrush_run -t 1 -c "$CONNS" -d "$DURATION" >"$tmp/round.txt"; fi
  after=$(cpu_ticks "$nginx_worker")
  result=$(cat "$tmp/round.txt")
  local requests=${result##* }
  cpu=$(pair_cpu "$before" "$after" "$client" "$requests")
}
median() { python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

echo "== closed loop against nginx (1 worker): wrk -t1 -c$CONNS -d$DURATION vs slotrush load -t1 -c$CONNS -d$DURATION"
wrk_rates=(); sr_rates=(); wrk_p99=(); sr_p99=(); round_ratios=(); wrk_cpu=(); sr_cpu=()
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)
for round in $(seq "$ROUNDS"); do
  closed_round wrk; read -r w_rate w_p99 _ <<<"$result"; wrk_cpu+=("$cpu")
  closed_round slotrush; read -r s_rate s_p99 _ <<<"$result"; sr_cpu+=("$cpu")
  wrk_rates+=("$w_rate"); wrk_p99+=("$w_p99"); sr_rates+=("$s_rate"); sr_p99+=("$s_p99")
  round_ratios+=("$(python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$s_rate" "$w_rate")")
  printf 'round %d: wrk %10.1f req/s p99 %7.3f ms | slotrush %10.1f req/s p99 %7.3f ms\n' \
    "$round" "$w_rate" "$w_p99" "$s_rate" "$s_p99"
done
w=$(median "${wrk_rates[@]}"); s=$(median "${sr_rates[@]}")
printf 'median:  wrk %10.1f req/s p99 %7.3f ms | slotrush %10.1f req/s p99 %7.3f ms\n' \
  "$w" "$(median "${wrk_p99[@]}")" "$s" "$(median "${sr_p99[@]}")"
python3 -c "import sys; print(f'ratio slotrush/wrk: {float(sys.argv[2]) / float(sys.argv[1]):.2f}x (medians)')" "$w" "$s"
# Each side's CPU time (medians), so the ratio says which side was the limit.
for side in wrk slotrush; do
  if [[ $side == wrk ]]; then m=$(median_fields "${wrk_cpu[@]}"); else m=$(median_fields "${sr_cpu[@]}"); fi
  read -r ns nu nk cs cu ck <<<"$m"
  printf 'CPU with %-14s client %s | nginx worker %s\n' "$side:" "$(cpu_text "$cs $cu $ck")" "$(cpu_text "$ns $nu $nk")"
  printf '%24s %s\n' "" "$(limit_text "$ns" "$cs")"
done
worst=$(printf '%s\n' "${round_ratios[@]}" | sort -g | head -1)
goal "load closed loop req/s / wrk, one thread, -c$CONNS, worst of $ROUNDS rounds" "$worst" ">=" 1.2 x \
  "rounds ${round_ratios[*]}"

rate=$(python3 -c "import sys; print(int(0.9 * float(sys.argv[1])))" "$s")
echo "== open model at 90% of the closed-loop maximum: slotrush load -t1 -c$CONNS --rate $rate -d$RATE_DURATION"
read -r answered p99 dropped _ < <(slotrush_run -t 1 -c "$CONNS" --rate "$rate" -d "$RATE_DURATION")
miss=$(python3 -c "import sys; a, r = map(float, sys.argv[1:]); print(f'{abs(a - r) / r * 100:.3f}')" "$answered" "$rate")
printf 'rate %d/s: answered %.1f/s (off by %s%%), corrected p99 %.3f ms, dropped %s\n' "$rate" "$answered" "$miss" "$p99" "$dropped"
[[ $dropped -eq 0 ]] || miss=100
goal "load open model at 90% of its closed maximum: rate error" "$miss" "<=" 0.1 "%" "$rate/s, $dropped dropped"

[[ ${LADDER:-0} == 1 ]] || exit 0
echo "== constant rate on one thread (-c$CONNS, $RATE_DURATION each): held = answered within 1% of the rate, none dropped"
held=0
for rate in $RATES; do
  read -r answered p99 dropped _ < <(slotrush_run -t 1 -c "$CONNS" --rate "$rate" -d "$RATE_DURATION")
  ok=$(python3 -c "import sys; a, r, d = map(float, sys.argv[1:]); print(int(abs(a - r) <= 0.01 * r and d == 0))" \
       "$answered" "$rate" "$dropped")
  printf 'rate %8d/s: answered %10.1f/s, corrected p99 %8.3f ms, dropped %s -> %s\n' "$rate" "$answered" "$p99" \
    "$dropped" "$([[ $ok == 1 ]] && echo held || echo 'not held')"
  [[ $ok == 1 ]] || break
  held=$rate
done
echo "highest constant rate held within 1% on one thread: $held/s"
