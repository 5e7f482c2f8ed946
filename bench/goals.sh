# bench/goals.sh: sourced by the benchmark scripts. `goal` prints one goal's verdict, met or NOT MET,
# and, when GOALS_FILE is set (bench/run.sh sets it), appends it there so `make bench` ends with every
# goal of issue 15 in one table.
#
#   goal NAME VALUE OP TARGET UNIT [DETAIL]     OP is >= or <=; VALUE and TARGET are plain numbers
#   goal_summary FILE                           the table; returns 1 when a goal is not met
goal() {
  local name=$1 value=$2 op=$3 target=$4 unit=$5 detail=${6:-} verdict line
  verdict=$(python3 -c '
import math, sys
v, op, t = float(sys.argv[1]), sys.argv[2], float(sys.argv[3])
ok = not math.isnan(v) and (v >= t if op == ">=" else v <= t)
print("met" if ok else "NOT MET")' "$value" "$op" "$target")
  line=$(printf '%-7s | %-58s | %10s %-9s | %s %s %s' "$verdict" "$name" "$value" "$unit" "$op" "$target" "$unit")
  [[ -z $detail ]] || line="$line | $detail"
  echo "  GOAL $line"
  [[ -z ${GOALS_FILE:-} ]] || echo "$line" >>"$GOALS_FILE"
}

goal_summary() {
  local file=$1
  echo "== Goals (issue 15): each a median of RUNS runs, or the worst run where the goal says 'every run' =="
  if [[ ! -s $file ]]; then echo "  (no goal was measured)"; return 1; fi
  sed 's/^/  /' "$file"
  local missed
  missed=$(grep -c '^NOT MET' "$file" || true)
  echo "  $(wc -l <"$file") goals, $missed not met"
  [[ $missed -eq 0 ]]
}
