#!/usr/bin/env bash
# observability: the dashboard schema check fails on broken dashboards, naming each problem.
#   dashboards_reject_broken.sh SOURCE_DIR
# bad-dashboards/ holds copies of the shipped ones with a hard-coded datasource uid, a numeric
# datasource id, a panel without targets, an undefined variable and a duplicated uid.
set -uo pipefail
src=$1
command -v jq >/dev/null || { echo "SLOTRUSH_SKIP: jq not installed (scripts/install-deps.sh installs it)"; exit 77; }
out=$(bash "$src/tests/observability/dashboards.sh" "$src/tests/observability/bad-dashboards" 2>&1)
status=$?
echo "$out"
[[ $status -eq 1 ]] || { echo "FAIL: the check exited $status on broken dashboards, expected 1"; exit 1; }
for expected in \
  'a.json: panel 1 Offered vs achieved load: datasource is {"type":"prometheus","uid":"P1809F7CD0C75ACF3"}' \
  'b.json: panel 1 Offered vs achieved load: datasource is 1,' \
  'a.json: panel 2 Goodput share: no targets' \
  'a.json: query uses $jobb but the dashboard defines no such variable' \
  'uids used by more than one dashboard: slotrush-freeze'; do
  grep -qF "FAIL: $expected" <<<"$out" || { echo "FAIL: the check did not report: $expected"; exit 1; }
done
echo "ok: every planted problem was reported"
