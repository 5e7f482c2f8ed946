#!/usr/bin/env bash
# Submits a sharded load test on NODES nodes (one srun step, deploy/slurm/load-step.sbatch) and waits
# for it: its exit status is the merged test's (0 passed, 3 a threshold failed).
#   deploy/slurm/submit-load.sh TARGET RATE DURATION NODES OUT ['THRESHOLD ...']
set -euo pipefail
target=$1 rate=$2 duration=$3 nodes=$4 out=$5 thresholds=${6:-}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
export TARGET=$target RATE=$rate DURATION=$duration OUT=$out THRESHOLDS=$thresholds
exec sbatch --wait --parsable --nodes="$nodes" --chdir="$out" --export=ALL "$here/load-step.sbatch"
