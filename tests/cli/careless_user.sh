#!/usr/bin/env bash
# A careless user's mistakes get an answer that says what is wrong, before anything long runs:
# a mistyped command, --replications 0, an unwritable --out, a port already taken, a load test of
# nothing, and thresholds judged on nothing. Usage: careless_user.sh SLOTRUSH PROJECT_DIR
set -uo pipefail
slotrush=$1 project=$2
scenario=$project/scenarios/waiting-room.yaml
failures=0
# expect NAME STATUS PATTERN CMD...: CMD exits STATUS and its stderr matches the extended regex PATTERN.
expect() {
  local name=$1 status=$2 pattern=$3; shift 3
  local err rc
  err=$("$@" 2>&1 >/tmp/careless-stdout.$$); rc=$?
  if [[ $rc -ne $status ]] || ! grep -Eq -- "$pattern" <<<"$err"; then
    echo "FAIL: $name: exit $rc (expected $status), stderr: $err"; failures=$((failures + 1))
  else
    echo "ok: $name"
  fi
}
expect "unknown command names the commands" 2 "unknown command 'frobnicate'.*sim, compare" "$slotrush" frobnicate
expect "a near miss is suggested" 2 "did you mean 'sim'" "$slotrush" simm "$scenario"
expect "--replications 0 says what is allowed" 2 "^--replications: must be greater than 0 \(found 0\)" \
  "$slotrush" sim "$scenario" -r 0
err=$("$slotrush" sim "$scenario" -r 0 2>&1)
if [[ ${#err} -gt 200 ]]; then echo "FAIL: the -r 0 message is ${#err} characters long"; failures=$((failures + 1)); fi
expect "an unwritable --out fails before the run" 2 "--out: cannot write into '/proc/slotrush-nope'" \
  "$slotrush" sim "$scenario" -r 1 --out /proc/slotrush-nope
if [[ -s /tmp/careless-stdout.$$ ]]; then echo "FAIL: sim ran before refusing --out"; failures=$((failures + 1)); fi
expect "an unwritable --openmetrics fails before the run" 2 "--openmetrics: cannot write into '/proc/x'" \
  "$slotrush" sim "$scenario" -r 1 --openmetrics /proc/x/day.om

# A port already taken: the error names the address, not Boost's source file.
port_file=$(mktemp)
python3 -c "
import socket, sys, time
s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()
open(sys.argv[1], 'w').write(str(s.getsockname()[1])); time.sleep(20)" "$port_file" &
holder=$!
for _ in $(seq 50); do [[ -s $port_file ]] && break; sleep 0.1; done
port=$(cat "$port_file")
expect "a taken port is named" 1 "cannot listen on 127\.0\.0\.1:$port: Address already in use" \
  timeout 10 "$slotrush" serve "$scenario" --listen "127.0.0.1:$port"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null; rm -f "$port_file"

# Nothing listens on port 9 here: nothing answered is not a success, and a
# threshold on an undefined percentile fails instead of passing.
expect "a load test of nothing exits 1 and says so" 1 "no request was answered: [0-9]+ attempts, [0-9]+ connect_error" \
  "$slotrush" load --target http://127.0.0.1:9 -d 1s --rate 20 -q
expect "p99 of nothing fails (exit 3, a threshold failed)" 3 "threshold failed: p99<2s \(measured undefined: nothing was answered\)" \
  "$slotrush" load --target http://127.0.0.1:9 -d 1s --rate 20 -q --threshold 'p99<2s'
err=$("$slotrush" load --target http://127.0.0.1:9 -d 1s --rate 20 -q --threshold 'p99<2s' --threshold 'errors<1%' 2>&1)
for want in "p99<2s (measured undefined" "errors<1% (measured 100%)"; do
  grep -qF "$want" <<<"$err" || { echo "FAIL: missing '$want' in: $err"; failures=$((failures + 1)); }
done
rm -f /tmp/careless-stdout.$$
exit $((failures > 0))
