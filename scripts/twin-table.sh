#!/usr/bin/env bash
# scripts/twin-table.sh DIR/twin.json: the agreement table of a `slotrush twin` run as markdown (docs/twin.md).
jq -r '"| KPI | simulated mean [95% prediction] | measured | rel. diff | agrees? |", "|---|---|---|---|---|",
  (.kpis[] | select(.compared) | "| \(.kpi) | \(.simulated_mean // "-" | if type=="number" then (.*1000|round/1000) else . end) \(if .prediction_interval then "[\(.prediction_interval[0]*1000|round/1000), \(.prediction_interval[1]*1000|round/1000)]" else "" end) | \(.measured // "-" | if type=="number" then (.*1000|round/1000) else . end) | \(if .relative_difference then "\(.relative_difference*1000|round/10)%" else "-" end) | \(if .agrees then "yes" else "**no**" end): \(.verdict) |"),
  "", "Series correlation: \([.series[] | "\(.column) \(.correlation // "-" | if type=="number" then (.*100|round/100) else . end)"] | join(", ")). Live timers late by \(.clock.lag_p99_s*1000|round/1000) s (p99, simulated); kept up: \(.clock.kept_up)."' "$1"
