#!/usr/bin/env bash
# `compare --shard I/N` runs each scenario's share of the replications under common random numbers;
# each scenario's shards merged (slotrush merge) equal the unsharded compare's results file byte for
# byte, and compare of the merged files prints the unsharded compare's table. A shard without --out,
# one given a results file, or one with no replication exits 2.
# Usage: compare_shards.sh SLOTRUSH SCENARIO OTHER_SCENARIO WORK_DIR
set -uo pipefail
slotrush=$1 a=$2 b=$3 work=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*"; exit 1; }
"$slotrush" compare "$a" "$b" -r 6 -q --out "$work/whole" > "$work/whole.txt" || fail "unsharded compare"
for i in 0 1 2; do
  "$slotrush" compare "$a" "$b" -r 6 -q --shard $i/3 --out "$work/s$i" > "$work/s$i.txt" || fail "shard $i"
done
grep -q "merge each scenario's shards" "$work/s0.txt" || fail "a shard does not say how to merge: $(cat "$work/s0.txt")"
names=()
for f in "$work"/whole/*.json; do names+=("$(basename "$f" .json)"); done
[[ ${#names[@]} -eq 2 ]] || fail "the unsharded compare wrote ${#names[@]} results files, not 2"
merged=()
for n in "${names[@]}"; do
  "$slotrush" merge "$work"/s2/"$n".json "$work"/s0/"$n".json "$work"/s1/"$n".json -q --out "$work/merged/$n" > /dev/null ||
    fail "merge of $n"
  cmp "$work/whole/$n.json" "$work/merged/$n/results.json" || fail "$n: merged shards differ from the unsharded compare's file"
  cmp "$work/whole/$n-series.csv" "$work/merged/$n/series.csv" || fail "$n: merged series differ"
  merged+=("$work/merged/$n/results.json")
done
# The order of the unsharded compare's inputs: the first file is the base of the differences.
[[ $(grep -c "" "$work/whole.txt") -gt 10 ]] || fail "the unsharded compare printed no table"
base_name=$(sed -n 's/^compare: the difference to \(.*\) (simulated).*/\1/p' "$work/whole.txt")
[[ $base_name == "${names[1]}" ]] && merged=("${merged[1]}" "${merged[0]}")
"$slotrush" compare "${merged[@]}" > "$work/merged.txt" || fail "compare of the merged files"
diff <(grep -v "^compare:" "$work/whole.txt") <(grep -v "^compare:" "$work/merged.txt") ||
  fail "compare of the merged shards prints another table than the unsharded compare"
grep -q "paired by replication" "$work/merged.txt" || fail "the merged files are not compared paired"

expect() {  # expect STATUS PATTERN COMMAND...: exits STATUS and says PATTERN
  local err; err=$("${@:3}" 2>&1 >/dev/null); local rc=$?
  [[ $rc -eq $1 ]] && grep -q -- "$2" <<<"$err" || fail "${*:3}: exit $rc, said: $err"
}
expect 2 "found no --out" "$slotrush" compare "$a" "$b" -r 6 -q --shard 0/3
expect 2 "is a results file" "$slotrush" compare "$a" "$work/whole/${names[0]}.json" -r 6 -q --shard 0/3 --out "$work/bad"
expect 2 "no replication of 6 falls to this shard" "$slotrush" compare "$a" "$b" -r 6 -q --shard 7/8 --out "$work/bad"
[[ ! -e $work/bad ]] || fail "a refused compare wrote $work/bad"
echo "compare shards merge into the unsharded compare, scenario by scenario"
