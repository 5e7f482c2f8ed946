#!/usr/bin/env bash
# build.sh: compile the C++ benchmark peers (currently hold_ns3, the HOLD model on ns-3's kernel)
# against Debian's libns3-dev (3.37). Usage: bench/peers/build.sh [outdir]   (default build/bench,
# relative to the repository root). Idempotent: rebuilds only when the source or this script is
# newer than the binary. Debian's ns3-core.pc has a malformed Cflags line ("-I/usr;"), so the
# flags are spelled out here; headers live in /usr/include/ns3 and only libns3-core is needed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-build/bench}"
case "$out" in /*) ;; *) out="$root/$out" ;; esac
mkdir -p "$out"

CXX="${CXX:-g++}"
if [[ ! -f /usr/include/ns3/simulator.h ]]; then
  echo "build.sh: ns-3 headers not found (apt-get install libns3-dev)" >&2
  exit 1
fi

src="$here/hold_ns3.cc"
bin="$out/hold_ns3"
if [[ ! -x "$bin" || "$src" -nt "$bin" || "${BASH_SOURCE[0]}" -nt "$bin" ]]; then
  echo "+ $CXX -O2 -std=c++20 $src -o $bin -lns3-core" >&2
  "$CXX" -O2 -std=c++20 -Wall -Wextra "$src" -o "$bin.tmp" -lns3-core
  mv -f "$bin.tmp" "$bin"
else
  echo "build.sh: $bin is up to date" >&2
fi
