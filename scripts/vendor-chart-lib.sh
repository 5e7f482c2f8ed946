#!/usr/bin/env bash
# Re-fetches the chart library vendored in report/vendor/ from the npm registry and checks it:
# `npm pack chart.js@VERSION`, the tarball's sha512 against the integrity recorded below (the npm
# registry's dist.integrity), then its dist/chart.umd.js and LICENSE.md against the committed files.
#
#   scripts/vendor-chart-lib.sh           check: exit 0 when report/vendor/ is exactly the package's
#   scripts/vendor-chart-lib.sh --update  also copy the package's files over report/vendor/
#
# To move to another version: change PACKAGE_VERSION and INTEGRITY (npm view chart.js@X dist.integrity),
# run with --update, and update report/vendor/README.md and SLOTRUSH_CHART_JS_VERSION in
# report/CMakeLists.txt.
set -euo pipefail

PACKAGE=chart.js
PACKAGE_VERSION=4.5.1
INTEGRITY="sha512-GIjfiT9dbmHRiYi6Nl2yFCq7kkwdkp1W/lp2J99rX0yo9tgJGn3lKQATztIjb5tVtevcBtIdICNWqlq5+E8/Pw=="

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
vendor="$root/report/vendor"
update=false
case "${1:-}" in
  "") ;;
  --update) update=true ;;
  *) echo "vendor-chart-lib: unknown argument '$1'; allowed: --update" >&2; exit 2 ;;
esac
command -v npm >/dev/null || { echo "vendor-chart-lib: npm not found (Debian: apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PACKAGE@$PACKAGE_VERSION" >/dev/null)
tarball="$work/$PACKAGE-$PACKAGE_VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ "$actual" != "$INTEGRITY" ]]; then
  echo "vendor-chart-lib: $PACKAGE@$PACKAGE_VERSION integrity mismatch: got $actual, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work" package/dist/chart.umd.js package/LICENSE.md
if $update; then
  cp "$work/package/dist/chart.umd.js" "$vendor/chart.umd.js"
  cp "$work/package/LICENSE.md" "$vendor/LICENSE.md"
  echo "vendor-chart-lib: copied $PACKAGE@$PACKAGE_VERSION into report/vendor/"
fi
status=0
for pair in "dist/chart.umd.js:chart.umd.js" "LICENSE.md:LICENSE.md"; do
  if ! cmp -s "$work/package/${pair%%:*}" "$vendor/${pair##*:}"; then
    echo "vendor-chart-lib: report/vendor/${pair##*:} differs from $PACKAGE@$PACKAGE_VERSION's ${pair%%:*}" >&2
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "vendor-chart-lib: report/vendor/ matches $PACKAGE@$PACKAGE_VERSION ($INTEGRITY)"
exit $status
