#!/usr/bin/env bash
# Applies the sharded load Job with START_AT_WALL set LEAD seconds ahead (default 60: time for every
# pod to be scheduled and pull the image), waits for it, then runs the merge Job; exits 0 when the
# merged test passed its thresholds, 1 when a Job failed (the merge's log says which threshold).
#   deploy/k8s/submit-load.sh [LEAD_SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lead=${1:-60}
at=$(( $(date -u +%s) + lead ))
finish() {  # finish JOB: wait until it succeeded (return 0) or failed (its log, return 1)
  while :; do
    local s; s=$(kubectl get "job/$1" -o jsonpath='{.status.succeeded}:{.status.failed}')
    [[ ${s%%:*} -ge 1 ]] 2>/dev/null && return 0
    [[ ${s##*:} -ge 1 ]] 2>/dev/null && { kubectl logs "job/$1" --tail=20 || true; return 1; }
    sleep 5
  done
}
sed "s/value: \"START_AT_WALL\"/value: \"$at\"/" "$here/load-indexed-job.yaml" | kubectl apply -f -
echo "submit-load: every shard starts at $at ($(date -u -d "@$at" +%FT%TZ))"
finish slotrush-load
kubectl apply -f "$here/load-merge-job.yaml"
finish slotrush-load-merge
