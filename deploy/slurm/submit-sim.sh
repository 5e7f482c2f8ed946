#!/usr/bin/env bash
# Submits a simulated study as a job array of SHARDS tasks and its merge as a dependent job; waits
# for the merge when --wait is given (its exit status is the study's).
#   deploy/slurm/submit-sim.sh SCENARIO REPLICATIONS SHARDS OUT [--wait]
set -euo pipefail
scenario=$1 replications=$2 shards=$3 out=$4 wait=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export SCENARIO=$scenario REPLICATIONS=$replications OUT=$out
array=$(sbatch --parsable --array=0-$((shards - 1)) --chdir="$out" --export=ALL "$here/sim-array.sbatch")
echo "submit-sim: array job $array ($shards shards)"
sbatch ${wait:+--wait} --parsable --dependency=afterok:"${array%%;*}" --chdir="$out" --export=ALL "$here/merge.sbatch"
