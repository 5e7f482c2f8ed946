#!/usr/bin/env bash
# Installs the Debian 12 packages slotrush needs. Idempotent: packages already present are skipped,
# and `apt-get update` runs at most once per invocation (and only when something is missing).
#
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh bench    also the benchmark peers (ns-3, SimPy, hyperfine, valgrind)
#   scripts/install-deps.sh fuzz     also clang (libFuzzer) for `make fuzz`
set -euo pipefail

build_pkgs=(
  g++ cmake ninja-build make pkg-config
  libboost1.81-dev            # Asio + Beast (header-only); 1.74 breaks coroutines with GCC 12
  prometheus-cpp-dev libyaml-cpp-dev catch2 libcli11-dev nlohmann-json3-dev libfmt-dev
  libnlopt-cxx-dev            # slotrush calibrate: derivative-free bounded search (NLopt's C++ API)
  zlib1g-dev libcurl4-openssl-dev   # prometheus-cpp's CMake config asks for these
  prometheus                  # promtool: the mock's metrics test checks a scrape with it (skipped if absent)
  curl jq                     # observability tests: query Prometheus' HTTP API, read dashboard JSON
  yq                          # scale tests: read the Kubernetes manifests (YAML through jq)
  nginx-light wrk             # loadgen tests start nginx and count its access log; wrk for bench/loadgen_vs_wrk.sh
  chromium                    # the report's browser test renders report.html headless (skipped if absent)
  slurm-wlm munge             # the scale-out test runs a real single-node Slurm (skipped if absent)
)
bench_pkgs=(libns3-dev python3-simpy hyperfine valgrind)
fuzz_pkgs=(clang)

wanted=("${build_pkgs[@]}")
if [[ "${1:-}" == "bench" ]]; then wanted+=("${bench_pkgs[@]}"); fi
if [[ "${1:-}" == "fuzz" ]]; then wanted+=("${fuzz_pkgs[@]}"); fi

missing=()
for p in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#wanted[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  SUDO=sudo
else
  SUDO=
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
