#!/bin/sh
# reproduce --emit-tasks and sweep --emit-tasks on a real one-node Slurm:
# munged, slurmctld and slurmd run in the foreground as children of this
# script, with a private slurm.conf (SLURM_CONF), free ports and every file
# under $TMP (/work/shared/notes/slurm.md says why each setting is there).
# The array and its merge job (afterok, --kill-on-invalid-dep=yes) must
# give the same bytes as the local run: report, certificates, manifests,
# trained weights.  A failing element must cancel the merge job.  When
# Slurm cannot start here the whole file is skipped, saying why.
. "$(dirname "$0")/../lib.sh"

skip_all() { # skip_all REASON: TAP plan 1..0 with the reason
    echo "1..0 # SKIP $1"
    exit 0
}
PIDS=""
stop_all() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    PIDS=""
}
trap 'stop_all; rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || skip_all "not root: slurmd and munged run jobs as root here"
sh "$top_srcdir/tests/setup/slurm-packages.sh" 2>"$TMP/packages.log" ||
    skip_all "Slurm packages missing and not installable: $(tail -n 1 "$TMP/packages.log")"
for cmd in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
    command -v "$cmd" >/dev/null 2>&1 || skip_all "$cmd not found after installing the packages"
done

# ---- a private cluster ----
S="$TMP/slurm"
mkdir -p "$S/state" "$S/spool" "$S/munge" || exit 1
chmod 755 "$TMP" "$S" "$S/munge"  # munged refuses a socket folder others cannot traverse
dd if=/dev/urandom of="$S/munge/key" bs=1024 count=1 2>/dev/null && chmod 0400 "$S/munge/key"
SOCK="$S/munge/socket"
munged -F --key-file="$S/munge/key" --socket="$SOCK" --pid-file="$S/munge/pid" \
    --seed-file="$S/munge/seed" --log-file="$S/munge/log" >/dev/null 2>&1 &
PIDS="$!"
wait_for() { # wait_for TENTHS COMMAND...: polls every 0.1 s
    n=$1
    shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}
wait_for 100 test -S "$SOCK" || skip_all "munged did not start: $(tail -n 1 "$S/munge/log" 2>/dev/null)"

# Free TCP ports from 16817 upwards (none listening in /proc/net/tcp{,6}).
used=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk 'NR > 1 { split($2, a, ":"); print a[2] }')
free_port() { # free_port FROM: the first port >= FROM not in use
    p=$1
    while [ "$p" -lt 65000 ]; do
        hex=$(printf '%04X' "$p")
        echo "$used" | grep -qx "$hex" || { echo "$p"; return; }
        p=$((p + 1))
    done
}
CPORT=$(free_port 16817)
DPORT=$(free_port $((CPORT + 1)))
NODE=$(slurmd -C 2>/dev/null | head -n 1 | sed 's/^NodeName=[^ ]*/NodeName=node1 NodeAddr=127.0.0.1/')
case "$NODE" in NodeName=node1*CPUs=*) ;; *) skip_all "slurmd -C did not describe the node";; esac
cat >"$S/slurm.conf" <<EOF
ClusterName=icalcheck
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$CPORT
SlurmdPort=$DPORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCK
CommunicationParameters=NoCtldInAddrAny,NoInAddrAny
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MailProg=/bin/true
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
DependencyParameters=kill_invalid_depend
ReturnToService=2
MinJobAge=300
$NODE State=UNKNOWN
PartitionName=icalcheck Nodes=node1 Default=YES MaxTime=INFINITE State=UP
EOF
SLURM_CONF="$S/slurm.conf"
export SLURM_CONF
slurmctld -D -c >"$S/slurmctld.out" 2>&1 &
PIDS="$PIDS $!"
slurmd -D -N node1 >"$S/slurmd.out" 2>&1 &
PIDS="$PIDS $!"
node_idle() { sinfo -h -n node1 -o %T 2>/dev/null | grep -qx idle; }
wait_for 300 node_idle ||
    skip_all "Slurm did not start (node not idle in 30 s): $(tail -n 1 "$S/slurmctld.log" 2>/dev/null)"
echo "# Slurm $(sinfo -V 2>/dev/null | cut -d' ' -f2), node1 idle; ports $CPORT, $DPORT"

# wait_jobs IDS: polls squeue until none of the jobs is queued or running
# (a merge job cancelled by a failed dependency leaves the queue too).
wait_jobs() {
    ids=$(echo "$*" | tr ' ' ',')
    n=1200
    while [ "$n" -gt 0 ]; do
        [ -z "$(squeue -h -j "$ids" 2>/dev/null)" ] && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}
job_state() { scontrol -o show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1; }

# ---- the local runs ----
mkdir -p "$TMP/local" "$TMP/cluster"
(cd "$TMP/local" && "$IC" reproduce --quick --cases "$CASES" --out run >out.txt 2>err.txt)
ok $? "reproduce --quick locally: exit 0"
(cd "$TMP/local" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw >sweep.txt)
ok $? "sweep locally: exit 0"

# ---- the same as Slurm arrays ----
(cd "$TMP/cluster" && "$IC" reproduce --quick --cases "$CASES" --out run --emit-tasks --program "$IC" \
    >tasks.txt 2>/dev/null)
ok $? "reproduce --emit-tasks: exit 0"
grep -q -- '--array=1-10$' "$TMP/cluster/run/tasks/array.sbatch"
ok $? "array.sbatch: one element per experiment (10 with --quick)"
(cd "$TMP/cluster" && "$IC" sweep unitary --d 1,2 --H 1,3 --T 2,4 --out sw --emit-tasks --program "$IC" \
    >/dev/null)
ok $? "sweep --emit-tasks: exit 0"
R=$(sh "$TMP/cluster/run/tasks/submit.sh" 2>"$TMP/submit.err")
ok $? "reproduce: submit.sh submits the array and the merge job ($R)"
W=$(cd / && sh "$TMP/cluster/sw/tasks/submit.sh" 2>>"$TMP/submit.err")
ok $? "sweep: submit.sh from another directory submits too ($W)"
scontrol -o show job "${R#* }" | grep -q "Dependency=afterok:${R%% *}"
ok $? "the merge job waits for the array (afterok)"
wait_jobs $R $W
ok $? "all jobs left the queue"
[ "$(job_state "${R#* }")" = COMPLETED ] && [ "$(job_state "${W#* }")" = COMPLETED ]
ok $? "both merge jobs COMPLETED"
# Slurm can report COMPLETED for a job that never ran (notes/slurm.md):
# what counts is what the jobs wrote.
diff -r -x tasks "$TMP/local/run" "$TMP/cluster/run" >"$TMP/diff.txt" 2>&1
ok $? "reproduce: report, certificates, manifests and runs byte-identical to the local run"
[ -s "$TMP/cluster/run/report.html" ] && [ "$(ls "$TMP/cluster/run/certificates" | wc -l)" -eq 10 ]
ok $? "the merged report and 10 certificates are there"
diff -r -x tasks "$TMP/local/sw" "$TMP/cluster/sw" >>"$TMP/diff.txt" 2>&1
ok $? "sweep: point certificates, sweep.svg and sweep.html byte-identical to the local sweep"
grep -q "10 experiments" "$TMP/cluster/run/tasks/logs/"icalcheck-reproduce-merge-*.out 2>/dev/null ||
    grep -q "fig7-nonaugmented" "$TMP/cluster/run/tasks/logs/"icalcheck-reproduce-merge-*.out
ok $? "the merge job's log holds the summary table"

# ---- a failing element cancels the merge job ----
printf '#!/bin/sh\nexit 2\n' >"$TMP/fails" && chmod 755 "$TMP/fails"
(cd "$TMP/cluster" && "$IC" sweep unitary --d 1,2 --out bad --emit-tasks --program "$TMP/fails" >/dev/null)
B=$(sh "$TMP/cluster/bad/tasks/submit.sh" 2>>"$TMP/submit.err")
wait_jobs $B
ok $? "failing array: every job leaves the queue (no merge job pending for ever)"
st=$(job_state "${B#* }")
[ "$st" != COMPLETED ] && [ ! -e "$TMP/cluster/bad/sweep.html" ]
ok $? "failing array: the merge job did not run (state $st)"
if [ "$FAILED" -ne 0 ]; then
    sed 's/^/# /' "$TMP/diff.txt" "$TMP/submit.err" | head -n 40
    tail -n 5 "$S/slurmctld.log" | sed 's/^/# slurmctld: /'
fi
stop_all
ok 0 "daemons stopped"
done_testing
