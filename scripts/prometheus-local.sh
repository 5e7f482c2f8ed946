#!/usr/bin/env bash
# Starts Debian's `prometheus` on 127.0.0.1 with the shipped configuration and rules
# (dashboards/prometheus/), for watching slotrush without Docker (docs/observability.md).
#
#   scripts/prometheus-local.sh [--port 9090] [--storage DIR] [--backfill FILE.om]...
#
#   --port N         listen on 127.0.0.1:N (default 9090)
#   --storage DIR    TSDB directory (default ${XDG_STATE_HOME:-~/.local/state}/slotrush/prometheus)
#   --backfill FILE  first import an OpenMetrics file from `slotrush sim --openmetrics` into the
#                    storage (promtool tsdb create-blocks-from openmetrics); repeatable
#
# It scrapes the mock on 127.0.0.1:9464 and the load generator on 127.0.0.1:9465, keeps data for
# 100 years (backfilled simulated days carry old timestamps) and runs in the foreground until Ctrl-C.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
port=9090
storage="${XDG_STATE_HOME:-$HOME/.local/state}/slotrush/prometheus"
backfill=()

usage_error() {
  echo "prometheus-local.sh: $1" >&2
  echo "usage: scripts/prometheus-local.sh [--port N] [--storage DIR] [--backfill FILE.om]..." >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --port)
      [[ $# -ge 2 && $2 =~ ^[0-9]+$ && $2 -ge 1 && $2 -le 65535 ]] ||
        usage_error "--port: found '${2:-}'; allowed: a port number from 1 to 65535"
      port=$2
      shift 2 ;;
    --storage)
      [[ $# -ge 2 && -n $2 ]] || usage_error "--storage: a directory is required"
      storage=$2
      shift 2 ;;
    --backfill)
      [[ $# -ge 2 && -f $2 ]] || usage_error "--backfill: found '${2:-}'; allowed: an existing OpenMetrics file"
      backfill+=("$2")
      shift 2 ;;
    -h|--help)
      sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
      exit 0 ;;
    *) usage_error "unknown argument '$1'; allowed: --port, --storage, --backfill, --help" ;;
  esac
done

command -v prometheus >/dev/null || { echo "prometheus-local.sh: prometheus is not installed (scripts/install-deps.sh installs it)" >&2; exit 1; }
mkdir -p "$storage"
for file in "${backfill[@]}"; do
  echo "prometheus-local.sh: backfilling $file into $storage"
  promtool tsdb create-blocks-from openmetrics "$file" "$storage"
done

echo "prometheus-local.sh: Prometheus on http://127.0.0.1:$port (storage $storage)"
exec prometheus \
  --config.file="$here/dashboards/prometheus/prometheus.yml" \
  --storage.tsdb.path="$storage" \
  --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$port"
