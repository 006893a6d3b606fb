#!/bin/sh
# contrib/slurm (issue 17) on a private single-node Slurm cluster: this
# test starts its own munged and its own slurmctld and slurmd from a
# slurm.conf in its scratch directory (absolute paths, ports of its own,
# proctrack/linuxproc, task/none, no MPI, SlurmUser=root, the node named
# by `hostname -s`), submits the job array of shards and the merge with
# contrib/slurm/submit.sh (sbatch --array, --dependency=afterok), waits
# for them, and compares the merged bytes with the unsharded run's own
# output.  It stops the daemons it started, by their pid files, however
# it ends.  Where they cannot be started (no slurm-wlm or munge, not
# root, a daemon that does not come up) it exits 77, SKIP, with the
# reason: never a silent pass.
. "$TOP_SRCDIR/tests/setup"
need_shared
skip () { echo "SKIP: $*"; exit 77; }
for p in munged slurmctld slurmd sbatch squeue scontrol; do
  command -v "$p" > /dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin"
  command -v "$p" > /dev/null 2>&1 || skip "no $p (Debian packages slurm-wlm and munge)"
done
command -v bash > /dev/null 2>&1 || skip "no bash"
[ "$(id -u)" = 0 ] || skip "the daemons run as root here (SlurmUser=root): not root"
node=$(hostname -s)
T=$tmp/slurm
mkdir -p "$T/state" "$T/spool" "$T/munge" "$T/jobs"
chmod 700 "$T/munge"

# Stop what this test started, by the pid files, on any exit (the
# scratch directory is removed after).
stop () {
  for f in "$T/slurmd.pid" "$T/slurmctld.pid" "$T/munge/munged.pid"; do
    [ -s "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2> /dev/null || continue
    i=0
    while kill -0 "$pid" 2> /dev/null && [ "$i" -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2> /dev/null || true
  done
}
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# munge: its own key, socket and pid file.
dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 2> "$T/dd.err"
chmod 400 "$T/munge/munge.key"
munged --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.sock" \
  --pid-file="$T/munge/munged.pid" --log-file="$T/munge/munged.log" \
  --seed-file="$T/munge/munged.seed" > "$T/munged.out" 2>&1 \
  || skip "munged does not start: $(cat "$T/munged.out" "$T/munge/munged.log" 2> /dev/null | tail -n 3)"

# Ports of its own, away from the default 6817/6818 of a real cluster.
base=$((20000 + $$ % 20000))
cat > "$T/slurm.conf" <<EOC
ClusterName=evstudytest
SlurmctldHost=$node
SlurmctldPort=$base
SlurmdPort=$((base + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
PlugStackConfig=$T/plugstack.conf
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
SlurmdTimeout=30
NodeName=$node CPUs=$(nproc) State=UNKNOWN
PartitionName=evstudy Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOC
: > "$T/plugstack.conf"
export SLURM_CONF="$T/slurm.conf"
slurmctld -c -f "$T/slurm.conf" > "$T/slurmctld.out" 2>&1 \
  || skip "slurmctld does not start: $(tail -n 3 "$T/slurmctld.out" "$T/slurmctld.log" 2> /dev/null)"
slurmd -f "$T/slurm.conf" > "$T/slurmd.out" 2>&1 \
  || skip "slurmd does not start: $(tail -n 3 "$T/slurmd.out" "$T/slurmd.log" 2> /dev/null)"
# The node is up when sinfo says idle (at most 30 s).
i=0
until scontrol show node "$node" 2> /dev/null | grep -q 'State=IDLE'; do
  i=$((i + 1))
  [ "$i" -lt 60 ] || skip "the node did not come up: $(scontrol show node "$node" 2>&1 | grep State) $(tail -n 3 "$T/slurmd.log" 2> /dev/null)"
  sleep 0.5
done

# The run: 4 shards as a job array, then the merge.
E="$FIXTURES/events/stats-groups.csv"
set -- --events "$E" --market "$PRICES/SPY.csv" --group-by type --bootstrap 99
for t in NVDA AMD AVGO MSFT TSM SMH QQQ BABA; do set -- "$@" --prices "$PRICES/$t.csv"; done
evstudy "$@" --format json > want.json
export EVSTUDY
cd "$T/jobs"
ids=$(bash "$TOP_SRCDIR/contrib/slurm/submit.sh" 4 "$T/parts" "$@" -- --format json \
  -o "$T/got.json") || fail "submit.sh"
array=${ids% *} merge=${ids#* }
# Wait for both jobs to leave the queue (at most 120 s).
i=0
while squeue -h -j "$array,$merge" 2> /dev/null | grep -q .; do
  i=$((i + 1))
  [ "$i" -lt 240 ] || fail "the jobs did not finish: $(squeue -j "$array,$merge" 2>&1)"
  sleep 0.5
done
[ -s "$T/got.json" ] || fail "no merged output: $(cat "$T"/jobs/*.out 2> /dev/null | tail -n 20)"
test_cmp "$tmp/want.json" "$T/got.json"
[ "$(ls "$T/parts" | wc -l)" -eq 4 ] || fail "shard files: $(ls "$T/parts")"
# The array's tasks ran on Slurm: one log per task, each shard 0..3.
[ "$(ls evstudy-shard-"$array"_*.out | wc -l)" -eq 4 ] || fail "task logs: $(ls)"
