#!/usr/bin/env bash
# The layers of docs/ARCHITECTURE.md, enforced: exits 1 naming every include that breaks them.
#   loadgen/ and mock/ never include sim/engine or sim/model; loadgen/ never includes mock/;
#   sim/domain never includes sim/engine, sim/model, Asio or Beast; sim/engine includes nothing of
#   ours but sim/engine and sim/time. Usage: check_layers.sh SOURCE_DIR
set -uo pipefail
src=${1:?usage: check_layers.sh SOURCE_DIR}
broken=0
check() {  # check DIR PATTERN WHY
  local dir=$src/$1 hits
  [[ -d $dir ]] || return 0
  hits=$(grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]($2)" "$dir")
  if [[ -n $hits ]]; then
    echo "layer broken: $3"
    echo "${hits//$src\//}"
    broken=1
  fi
}
check loadgen 'sim/engine/|sim/model/' "loadgen/ must not include the simulator's kernel or model"
check loadgen 'mock/' "loadgen/ must not include mock/ (shared rules go to sim/domain or sim/time)"
check mock 'sim/engine/|sim/model/|loadgen/' "mock/ must not include the kernel, the model or loadgen/"
check sim/domain 'sim/engine/|sim/model/|boost/asio|boost/beast' "sim/domain knows no kernel, model, Asio or HTTP"
check sim/engine 'sim/(domain|model|scenario|results|random|stats)/|mock/|loadgen/' "sim/engine includes only sim/engine and sim/time"
[[ $broken -eq 0 ]] && echo "layers hold"
exit $broken
