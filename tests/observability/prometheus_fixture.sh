# Sourced by the observability tests: a real Prometheus (Debian's `prometheus`) on 127.0.0.1 with a
# temporary storage directory, queried through its HTTP API with curl and jq. Every wait is bounded.
# Functions: fail, need_tools, start_prometheus, prom_query, wait_until, stop_started_processes.

STARTED_PIDS=()

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Exits with 77 (ctest SKIP_RETURN_CODE) when a tool is missing: scripts/install-deps.sh installs them.
need_tools() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null || { echo "SLOTRUSH_SKIP: $t not installed (scripts/install-deps.sh installs it)"; exit 77; }
  done
}

stop_started_processes() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# start_prometheus CONFIG STORAGE_DIR LOG [extra prometheus flags...]: sets PROM_URL and PROM_PID.
# Prometheus cannot report an ephemeral port, so a random high port is tried (up to 8 times) until
# one is free and the server answers /-/ready.
start_prometheus() {
  local config=$1 storage=$2 log=$3
  shift 3
  local attempt port
  for attempt in $(seq 8); do
    port=$((20000 + RANDOM % 40000))
    prometheus --config.file="$config" --storage.tsdb.path="$storage" \
      --web.listen-address="127.0.0.1:$port" --log.level=warn "$@" >>"$log" 2>&1 &
    PROM_PID=$!
    PROM_URL="http://127.0.0.1:$port"
    for _ in $(seq 150); do  # up to 30 s: TSDB start on a loaded machine
      if ! kill -0 "$PROM_PID" 2>/dev/null; then break; fi
      if curl -fsS --max-time 2 "$PROM_URL/-/ready" >/dev/null 2>&1; then
        STARTED_PIDS+=("$PROM_PID")
        return 0
      fi
      sleep 0.2
    done
    kill "$PROM_PID" 2>/dev/null || true
    wait "$PROM_PID" 2>/dev/null || true
  done
  cat "$log" >&2
  fail "prometheus did not start on 127.0.0.1 (log above)"
}

# prom_query EXPR [UNIX_TIME]: the JSON answer of /api/v1/query; fails unless status is success.
prom_query() {
  local answer
  local args=(--data-urlencode "query=$1")
  [[ $# -ge 2 ]] && args+=(--data-urlencode "time=$2")
  answer=$(curl -fsS --max-time 20 "${args[@]}" "$PROM_URL/api/v1/query") || fail "query failed: $1"
  [[ $(jq -r .status <<<"$answer") == success ]] || fail "query error for $1: $answer"
  printf '%s\n' "$answer"
}

# wait_until SECONDS COMMAND...: retries COMMAND every second until it succeeds or time runs out.
wait_until() {
  local limit=$1
  shift
  local deadline=$((SECONDS + limit))
  while ((SECONDS < deadline)); do
    "$@" && return 0
    sleep 1
  done
  return 1
}
