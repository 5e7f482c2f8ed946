#!/usr/bin/env bash
# The Kubernetes manifests of a sharded load test, checked structurally (no cluster here): the Indexed
# Job's required fields, its index wired to `--shard auto` (JOB_COMPLETION_INDEX from the annotation,
# JOB_COMPLETIONS = completions = parallelism), the agreed start, every $(VAR) declared, the shared
# volume, the same image as the sim and merge Jobs, the same `slotrush load` flags as the Slurm step
# (deploy/slurm/load-step.sbatch), every flag known to the binary, the args accepted by it with the
# pod's variables; the scrape configuration reaching every pod as job slotrush-load; and dashboards
# that sum the load metrics over instances. Usage: k8s_manifests.sh SLOTRUSH PROJECT_DIR
set -uo pipefail
slotrush=$1 project=$2
command -v yq >/dev/null || { echo "SLOTRUSH_SKIP: yq not installed (scripts/install-deps.sh installs it)"; exit 77; }
k8s=$project/deploy/k8s
problems=0
fail() { echo "FAIL: $*"; problems=$((problems + 1)); }
q() { yq -r "$2" "$k8s/$1"; }  # q FILE JQ-FILTER
want() { [[ $2 == "$3" ]] || fail "$1: found '$2', want '$3'"; }

job=load-indexed-job.yaml
for f in "$job" load-merge-job.yaml podmonitor.yaml prometheus-scrape.yaml sim-indexed-job.yaml merge-job.yaml; do
  yq -e . "$k8s/$f" >/dev/null 2>&1 || fail "$f: not YAML"
done
want "$job apiVersion" "$(q $job .apiVersion)" batch/v1
want "$job kind" "$(q $job .kind)" Job
want "$job completionMode" "$(q $job .spec.completionMode)" Indexed
completions=$(q $job .spec.completions)
[[ $completions =~ ^[1-9][0-9]*$ ]] || fail "$job: spec.completions '$completions' is not a positive count"
want "$job parallelism (every shard at once)" "$(q $job .spec.parallelism)" "$completions"
c='.spec.template.spec.containers[0]'
want "$job restartPolicy" "$(q $job .spec.template.spec.restartPolicy)" Never
env() { q $job "$c.env[] | select(.name == \"$1\") | ${2:-.value}"; }
want "$job JOB_COMPLETIONS" "$(env JOB_COMPLETIONS)" "$completions"
want "$job JOB_COMPLETION_INDEX" "$(env JOB_COMPLETION_INDEX .valueFrom.fieldRef.fieldPath)" \
  "metadata.annotations['batch.kubernetes.io/job-completion-index']"
args=$(q $job "$c.args | join(\" \")")
grep -q -- "--shard auto" <<<"$args" || fail "$job: args lack '--shard auto': $args"
grep -q -- '--start-at-wall $(START_AT_WALL)' <<<"$args" || fail "$job: args lack '--start-at-wall \$(START_AT_WALL)'"
grep -q -- '--out /results/load/shard-$(JOB_COMPLETION_INDEX)' <<<"$args" || fail "$job: --out is not per index on /results"
want "$job first argument" "$(q $job "$c.args[0]")" load
for var in $(grep -o '\$([A-Z_]*)' <<<"$args" | tr -d '$()' | sort -u); do
  [[ -n $(q $job "$c.env[] | select(.name == \"$var\") | .name") ]] || fail "$job: args use \$($var), not in env"
done
# The placeholder submit-load.sh replaces is the manifest's.
grep -q 'value: "START_AT_WALL"' "$k8s/$job" && grep -q 's/value: \\"START_AT_WALL\\"/' "$k8s/submit-load.sh" ||
  fail "submit-load.sh does not replace $job's START_AT_WALL placeholder"
# One image, one shared volume.
image=$(q sim-indexed-job.yaml "$c.image")
for f in "$job" load-merge-job.yaml merge-job.yaml; do want "$f image" "$(q $f "$c.image")" "$image"; done
want "$job volume" "$(q $job '.spec.template.spec.volumes[] | select(.name == "results") | .persistentVolumeClaim.claimName')" \
  "$(q sim-indexed-job.yaml '.spec.template.spec.volumes[] | select(.name == "results") | .persistentVolumeClaim.claimName')"
want "$job mount" "$(q $job "$c.volumeMounts[] | select(.name == \"results\") | .mountPath")" /results
grep -q "merge /results/load/shard-\* --out /results/load/merged" <<<"$(q load-merge-job.yaml "$c.command | join(\" \")")" ||
  fail "load-merge-job.yaml does not merge what $job writes"

# The same flags as the Slurm step, each one the binary knows.
slurm_flags=$(sed -n '/exec "$SLOTRUSH" load/,/--out/p' "$project/deploy/slurm/load-step.sbatch" | grep -oE '(^| )--?[a-z][a-z-]*' | tr -d ' ' | sort -u)
k8s_flags=$(grep -oE '(^| )--?[a-z][a-z-]*' <<<"$args" | tr -d ' ' | sort -u)
[[ -n $slurm_flags ]] || fail "no slotrush load command found in deploy/slurm/load-step.sbatch"
want "flags of $job against deploy/slurm/load-step.sbatch" "$(echo $k8s_flags)" "$(echo $slurm_flags)"
help=$("$slotrush" load --help 2>&1)
for f in $k8s_flags; do grep -qE -- "(^|[ ,])$f([ ,]|$)" <<<"$help" || fail "slotrush load does not know $f"; done
# The binary takes the args with a pod's variables: index 3 of $completions passes --shard and stops at
# the past instant (exit 2 naming --start-at-wall); an index past the count is refused by --shard.
pod_args() { sed "s|\$(TARGET)|http://127.0.0.1:9/|; s|\$(RATE)|10|; s|\$(DURATION)|1s|; s|\$(CONNECTIONS)|64|;
                  s|\$(START_AT_WALL)|$1|; s|\$(JOB_COMPLETION_INDEX)|$2|; s|0.0.0.0:9465|127.0.0.1:0|; s|/results/|$TMPDIR_K8S/|" <<<"$args"; }
TMPDIR_K8S=$(mktemp -d); trap 'rm -rf "$TMPDIR_K8S"' EXIT
past=$(( $(date -u +%s) - 3600 ))
# shellcheck disable=SC2046
err=$(JOB_COMPLETION_INDEX=$((completions - 1)) JOB_COMPLETIONS=$completions "$slotrush" $(pod_args $past $((completions - 1))) 2>&1); rc=$?
[[ $rc -eq 2 && $err == *"--start-at-wall"*"in the past"* ]] || fail "the pod's args with index $((completions - 1)): exit $rc: $err"
# shellcheck disable=SC2046
err=$(JOB_COMPLETION_INDEX=$completions JOB_COMPLETIONS=$completions "$slotrush" $(pod_args $past $completions) 2>&1); rc=$?
[[ $rc -eq 2 && $err == *"--shard"*"JOB_COMPLETION_INDEX=$completions"* ]] || fail "index $completions of $completions: exit $rc: $err"

# Scraping: every pod's metrics port, as job slotrush-load (the dashboards' job).
port=$(q $job "$c.ports[] | select(.name == \"metrics\") | .containerPort")
want "$job prometheus.io/port" "$(q $job '.spec.template.metadata.annotations["prometheus.io/port"]')" "$port"
want "$job prometheus.io/scrape" "$(q $job '.spec.template.metadata.annotations["prometheus.io/scrape"]')" true
grep -q -- "--metrics 0.0.0.0:$port" <<<"$args" || fail "$job: --metrics does not listen on the metrics port $port"
want "podmonitor kind" "$(q podmonitor.yaml .kind)" PodMonitor
want "podmonitor selector" "$(q podmonitor.yaml '.spec.selector.matchLabels["app.kubernetes.io/name"]')" \
  "$(q $job '.spec.template.metadata.labels["app.kubernetes.io/name"]')"
want "podmonitor port" "$(q podmonitor.yaml '.spec.podMetricsEndpoints[0].port')" metrics
want "podmonitor job" "$(q podmonitor.yaml '.spec.podMetricsEndpoints[0].relabelings[] | select(.targetLabel == "job") | .replacement')" slotrush-load
want "prometheus-scrape job" "$(q prometheus-scrape.yaml '.scrape_configs[0].job_name')" slotrush-load
want "prometheus-scrape role" "$(q prometheus-scrape.yaml '.scrape_configs[0].kubernetes_sd_configs[0].role')" pod
want "dashboards' prometheus.yml job" \
  "$(yq -r '.scrape_configs[] | select(.job_name == "slotrush-load") | .job_name' "$project/dashboards/prometheus/prometheus.yml")" slotrush-load

# Dashboards: every load query sums over instances (by-lists never keep instance or pod).
while read -r expr; do
  [[ $expr == *slotrush_load_* ]] || continue
  grep -qE 'by *\([^)]*(instance|pod)' <<<"$expr" && fail "dashboard query keeps one series per shard: $expr"
  grep -qE 'sum *\(' <<<"$expr" || grep -qE 'sum by' <<<"$expr" || fail "dashboard query has no sum: $expr"
done < <(jq -r '.. | objects | select(has("expr")) | .expr' "$project"/dashboards/grafana/*.json)

[[ $problems -eq 0 ]] || { echo "$problems problem(s)"; exit 1; }
echo "k8s manifests: Indexed Job wired to --shard auto, scraped as slotrush-load, same flags as the Slurm step"
