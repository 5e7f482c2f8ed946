# Sourced by the load-shard tests: `start_serve SCENARIO LOG` starts `slotrush serve` on 127.0.0.1
# (free ports for the API and /metrics) and sets serve_pid, port and metrics; `served` prints the
# server's own count of /healthz answers (slotrush_http_requests_total), what the shards' sums are
# checked against. Expects $slotrush and fail(); $serve_pin, if set, prefixes the server (taskset -c 1).
start_serve() {
  ${serve_pin:-} "$slotrush" serve "$1" --listen 127.0.0.1:0 --metrics 127.0.0.1:0 --threads 1 > "$2" 2>&1 &
  serve_pid=$!
  port= metrics=
  for _ in $(seq 100); do
    port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$2")
    metrics=$(sed -n 's/.*metrics on port \([0-9]*\).*/\1/p' "$2")
    [[ -n $port && -n $metrics ]] && return 0
    sleep 0.1
  done
  fail "slotrush serve did not start: $(cat "$2")"
}
served() { curl -s "127.0.0.1:$metrics/metrics" | awk '/^slotrush_http_requests_total\{.*route="\/healthz"/ { n += $2 } END { print n + 0 }'; }
