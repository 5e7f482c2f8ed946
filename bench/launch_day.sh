#!/usr/bin/env bash
# The launch day's performance goals (issues 3 and 15): one replication of the full 450,000-person launch
# (scenarios/cbp1-2023-01-launch.yaml) on one pinned core, RUNS times under /usr/bin/time -v, and the
# median wall time, user time, events per second, peak RSS and bytes per person. Every run must compute
# the same KPIs (checked here), so a faster build is the same model.
# Usage: bench/launch_day.sh [build-dir] [scenario]   e.g. RUNS=3 bash bench/launch_day.sh build
#   bench/launch-tenth.yaml is the same day at a tenth of the size (for valgrind --tool=callgrind).
set -euo pipefail
build=${1:-build}
scenario=${2:-scenarios/cbp1-2023-01-launch.yaml}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. bench/goals.sh
RUNS=${RUNS:-3}
program="$build/bench/slotrush_bench_launch"
[[ -x $program ]] || { echo "launch_day.sh: $program not found; build the target slotrush_bench_launch first" >&2; exit 2; }
pin=""
command -v taskset >/dev/null && pin="taskset -c $(( $(nproc) - 1 ))"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "== Launch day: $scenario, one replication, one core, $RUNS runs (load average: $(cut -d' ' -f1-3 /proc/loadavg)) =="
for i in $(seq "$RUNS"); do
  /usr/bin/time -v $pin "$program" "$scenario" >"$out/run$i.json" 2>"$out/time$i.txt"
done
python3 - "$out" "$RUNS" >"$out/summary.txt" <<'PY'
import json, re, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(1, runs + 1):
    r = json.load(open(f"{out}/run{i}.json"))
    t = open(f"{out}/time{i}.txt").read()
    h, mi, se = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", t).groups()
    wall = int(h or 0) * 3600 + int(mi) * 60 + float(se)
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", t).group(1))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
    rows.append((wall, user, rss, r))
    print(f"  run {i}: wall {wall:7.2f} s  user {user:7.2f} s  {r['events'] / wall / 1e6:5.2f} M events/s (wall)  peak RSS {rss / 1024:6.1f} MiB")
kpis = {json.dumps(r["kpis"], sort_keys=True) for _, _, _, r in rows}
if len(kpis) != 1:
    sys.exit("launch_day.sh: the runs computed different KPIs")
r = rows[0][3]
wall = statistics.median(x[0] for x in rows)
user = statistics.median(x[1] for x in rows)
rss = statistics.median(x[2] for x in rows)
print(f"  people {r['people']:.0f}, events {r['events']} ({r['events'] / r['people']:.0f} per person)")
print(f"  median wall {wall:.2f} s, user {user:.2f} s, {r['events'] / wall / 1e6:.2f} M events/s")
print(f"  peak RSS {rss / 1024:.1f} MiB = {rss * 1024 / r['people']:.0f} bytes per person")
print(f"  KPIs (identical in every run): {json.dumps(r['kpis'], sort_keys=True)}")
print(f"GOALS {wall:.2f} {rss * 1024 / r['people']:.0f} {r['people']:.0f}")
PY
grep -v '^GOALS ' "$out/summary.txt"
read -r _ wall per_person people < <(grep '^GOALS ' "$out/summary.txt")
if [[ $scenario == scenarios/cbp1-2023-01-launch.yaml ]]; then
  goal "launch day, 450,000 people, one replication, one core" "$wall" "<=" 6 s "median of $RUNS"
  goal "launch day, peak memory per person" "$per_person" "<=" 400 bytes "$people people"
fi
