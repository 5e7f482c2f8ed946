#!/usr/bin/env bash
# observability: the Grafana dashboards follow the documented schema check (docs/observability.md).
#   dashboards.sh SOURCE_DIR
# For every dashboards/grafana/*.json: valid JSON; a uid (unique across files, [a-z0-9-], at most 40
# characters) and a title; a `datasource` variable of type datasource for prometheus; every panel with
# a unique id, a gridPos, the datasource {"type": "prometheus", "uid": "${datasource}"} (never a
# hard-coded uid or numeric id), and at least one target, each with a refId, a non-empty expr and, if
# it names a datasource, the same templated one; every query variable on the templated datasource;
# every $variable used in a query defined by the dashboard (or a Grafana built-in $__...).
set -euo pipefail
src=$1
command -v jq >/dev/null || { echo "SLOTRUSH_SKIP: jq not installed (scripts/install-deps.sh installs it)"; exit 77; }
shopt -s nullglob
files=("$src"/dashboards/grafana/*.json)
[[ ${#files[@]} -ge 3 ]] || { echo "FAIL: expected the freeze, load-test and policy dashboards"; exit 1; }
problems=0
report() { echo "FAIL: $*"; problems=$((problems + 1)); }

for f in "${files[@]}"; do
  name=$(basename "$f")
  jq empty "$f" 2>/dev/null || { report "$name: not valid JSON"; continue; }
  # Each check prints one line per problem found.
  while read -r line; do [[ -n $line ]] && report "$name: $line"; done < <(jq -r '
    def templated: . == {"type": "prometheus", "uid": "${datasource}"};
    (if (.uid | type) != "string" or (.uid | test("^[a-z0-9-]{1,40}$") | not) then "uid missing or not [a-z0-9-]{1,40}" else empty end),
    (if (.title // "") == "" then "no title" else empty end),
    (if ([.templating.list[]? | select(.name == "datasource" and .type == "datasource" and .query == "prometheus")] | length) != 1
     then "no datasource variable of type datasource for prometheus" else empty end),
    (.templating.list[]? | select(.type == "query") | select(.datasource | templated | not)
     | "variable \(.name): datasource is not ${datasource}"),
    (if (.panels | length) == 0 then "no panels" else empty end),
    ([.panels[].id] | group_by(.) | map(select(length > 1) | "panel id \(.[0]) used twice") | .[]),
    (.panels[] | . as $p | "panel \(.id // "?") \(.title // "untitled")" as $where |
      (if (.datasource | templated | not) then "\($where): datasource is \(.datasource | tojson), not the templated ${datasource}" else empty end),
      (if (.gridPos | type) != "object" then "\($where): no gridPos" else empty end),
      (if ((.targets // []) | length) == 0 then "\($where): no targets" else empty end),
      (.targets[]? |
        (if (.expr // "" | test("\\S") | not) then "\($where) target \(.refId // "?"): no expr" else empty end),
        (if (.refId // "") == "" then "\($where): a target without refId" else empty end),
        (if has("datasource") and (.datasource | templated | not) then "\($where) target \(.refId): hard-coded datasource" else empty end))),
    ([.templating.list[]?.name] as $defined |
      [.panels[].targets[]?.expr, (.templating.list[]? | .query.query? // empty)] | map(scan("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)")) | flatten | unique[]
      | select(startswith("__") | not) | select(. as $v | $defined | index($v) | not)
      | "query uses $\(.) but the dashboard defines no such variable")
  ' "$f")
done

uids=$(jq -r .uid "${files[@]}" | sort)
dups=$(uniq -d <<<"$uids")
[[ -z $dups ]] || report "uids used by more than one dashboard: $dups"
# No hard-coded datasource anywhere: any "datasource" value must be the templated one or the variable.
hard=$(jq -r '[.. | objects | select(has("datasource")) | .datasource | select(type != "object" or .uid != "${datasource}")] | length' "${files[@]}" | awk "{ s += \$1 } END { print s + 0 }")
[[ $hard == 0 ]] || report "$hard datasource references are not \${datasource}"

if ((problems > 0)); then exit 1; fi
echo "ok: ${#files[@]} dashboards, uids $(echo $uids), every panel on \${datasource} with queries"
