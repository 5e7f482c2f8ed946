# bench/cpu_time.sh: sourced by the benchmarks that pit a server against a client on two pinned cores
# (mock_vs_nginx.sh, loadgen_vs_wrk.sh). Each side's CPU time over a measured run says which side was
# the limit: a side that used (nearly) its whole core set the rate; when both did, the rate is the
# pair's and a ratio of rates says little about either program.
#
#   cpu_ticks PID                     user and system clock ticks PID has used so far: "U S"
#   timed VAR CMD...                  runs CMD (stdout as usual, stderr kept), puts CMD's user and system
#                                     seconds (children included) and its wall seconds in VAR: "U S WALL"
#   cpu_of_ticks BEFORE AFTER WALL N  from two cpu_ticks samples WALL seconds apart and N requests:
#                                     "SHARE USER_US SYS_US" (share of one core, microseconds a request)
#   cpu_of_time TIMED N               the same from a `timed` result
#   pair_cpu BEFORE AFTER TIMED N     both sides of a pair: the server's cpu_of_ticks (its samples
#                                     around the client's `timed` run) then the client's cpu_of_time
#   cpu_text "SHARE USER_US SYS_US"   "97% of a core, 1.9 + 7.2 us a request (user + system)"
#   limit_text SERVER_SHARE CLIENT_SHARE   which side was the limit, in words
#   median_fields "A B ..." "A B ..."...  each field's median over the runs given (CPU lines of runs)
clk_tck=$(getconf CLK_TCK)

cpu_ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }

timed() {
  local __var=$1 t0 t1 times
  shift
  t0=$(date +%s.%N)
  { times=$( { TIMEFORMAT='%U %S'; time "$@" 2>&3 >&4; } 2>&1 ); } 3>&2 4>&1
  t1=$(date +%s.%N)
  printf -v "$__var" '%s %s' "$times" "$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$t0" "$t1")"
}

cpu_of_ticks() {
  python3 -c '
import sys
b, a, wall, n, tck = sys.argv[1].split(), sys.argv[2].split(), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
user, system = (int(a[0]) - int(b[0])) / tck, (int(a[1]) - int(b[1])) / tck
print(f"{(user + system) / wall:.3f} {user / n * 1e6:.2f} {system / n * 1e6:.2f}")' "$1" "$2" "$3" "$4" "$clk_tck"
}

cpu_of_time() {
  python3 -c '
import sys
user, system, wall = map(float, sys.argv[1].split()); n = int(sys.argv[2])
print(f"{(user + system) / wall:.3f} {user / n * 1e6:.2f} {system / n * 1e6:.2f}")' "$1" "$2"
}

pair_cpu() {
  echo "$(cpu_of_ticks "$1" "$2" "${3##* }" "$4") $(cpu_of_time "$3" "$4")"
}

cpu_text() {
  local share user_us sys_us
  read -r share user_us sys_us <<<"$1"
  python3 -c '
import sys
s, u, k = map(float, sys.argv[1:])
print(f"{s * 100:3.0f}% of a core, {u:.2f} + {k:.2f} us a request (user + system)")' "$share" "$user_us" "$sys_us"
}

limit_text() {
  python3 -c '
import sys
server, client = map(float, sys.argv[1:])
busy = 0.9
if server >= busy and client >= busy:
    print("both sides used their whole core: the rate is the pair'"'"'s, not one program'"'"'s")
elif server >= busy:
    print("the server used its whole core: it set the rate")
elif client >= busy:
    print("the client used its whole core: it set the rate")
else:
    print("neither side used its whole core")' "$1" "$2"
}

median_fields() {
  python3 -c '
import statistics, sys
rows = [list(map(float, r.split())) for r in sys.argv[1:]]
print(" ".join(f"{statistics.median(c):.3f}" for c in zip(*rows)))' "$@"
}
