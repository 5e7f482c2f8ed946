#!/usr/bin/env bash
# observability: promtool accepts the shipped Prometheus files, and the rule unit tests pass.
#   promtool_checks.sh SOURCE_DIR config|rules|test
set -euo pipefail
src=$1 what=$2
. "$src/tests/observability/prometheus_fixture.sh"
need_tools promtool
dir="$src/dashboards/prometheus"
case $what in
  config) promtool check config "$dir/prometheus.yml" ;;
  rules) promtool check rules "$dir"/*.rules.yml ;;
  test) promtool test rules "$src/tests/observability/alerts.test.yml" ;;
  *) echo "promtool_checks.sh: unknown check '$what'; allowed: config, rules, test" >&2; exit 2 ;;
esac
