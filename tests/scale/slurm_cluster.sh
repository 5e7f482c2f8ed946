# Sourced by the Slurm tests (tests/scale/slurm_*.sh): a real single-node Slurm (Debian's slurm-wlm +
# munge, as root, no systemd): munged as the munge user with its own key and socket, slurmctld and two
# slurmd (virtual nodes n1, n2 on this host) from a slurm.conf written into $work, nothing in /etc.
# Expects $work (an empty folder) and skip(); exports SLURM_CONF; the EXIT trap stops the daemons it
# started, by PID. Calls skip (exit 77) where Slurm cannot run here.
for tool in slurmctld slurmd sbatch munged; do
  command -v "$tool" >/dev/null || skip "$tool not installed (apt-get install slurm-wlm munge)"
done
[[ $(id -u) -eq 0 ]] || skip "a test Slurm needs root (slurmd runs jobs as their user)"

rm -rf "$work" && mkdir -p "$work"/{state,spool,log,munge,out}
work=$(realpath "$work")
host=$(hostname -s)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null; done
}
trap cleanup EXIT

# munge: a key of our own, its socket in our folder, run as the munge user.
chown munge:munge "$work/munge" && chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chown munge:munge "$work/munge/munge.key" && chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
runuser -u munge -- munged --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/seed" \
  --force 2>"$work/log/munged.err" || skip "munged would not start: $(cat "$work/log/munged.err")"
for _ in $(seq 50); do [[ -s $work/munge/munged.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/munge/munged.pid")")

port_base=$((17000 + RANDOM % 2000))
cat > "$work/slurm.conf" <<CONF
ClusterName=slotrush-test
SlurmctldHost=$host
SlurmctldPort=$port_base
SlurmdPort=$((port_base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool/%n
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd-%n.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=n1 NodeHostname=$host Port=$((port_base + 11)) CPUs=1 State=UNKNOWN
NodeName=n2 NodeHostname=$host Port=$((port_base + 12)) CPUs=1 State=UNKNOWN
PartitionName=test Nodes=n1,n2 Default=YES MaxTime=10 State=UP
CONF
export SLURM_CONF=$work/slurm.conf
mkdir -p "$work/spool/n1" "$work/spool/n2"
slurmctld -i -f "$SLURM_CONF" 2>"$work/log/slurmctld.err" || skip "slurmctld would not start: $(cat "$work/log/slurmctld.err")"
for node in n1 n2; do
  slurmd -N "$node" -f "$SLURM_CONF" 2>"$work/log/slurmd-$node.err" || skip "slurmd would not start: $(cat "$work/log/slurmd-$node.err")"
done
for f in slurmctld.pid slurmd-n1.pid slurmd-n2.pid; do
  for _ in $(seq 100); do [[ -s $work/$f ]] && break; sleep 0.1; done
  [[ -s $work/$f ]] || skip "$f did not appear: $(tail -3 "$work/log/"*.log 2>/dev/null)"
  pids+=("$(cat "$work/$f")")
done
# Both nodes up within 20 s, or this machine cannot run Slurm (say so, do not pass).
for _ in $(seq 200); do
  [[ $(sinfo -h -N -o '%t' 2>/dev/null | grep -cE '^idle') -eq 2 ]] && break
  sleep 0.1
done
[[ $(sinfo -h -N -o '%t' | grep -cE '^idle') -eq 2 ]] || skip "the nodes did not come up: $(sinfo -N 2>&1 | tail -3)"

