#!/usr/bin/env bash
# Start a throw-away single-node Slurm cluster on this machine (for CI).
#
# Installs Debian's slurmctld/slurmd/slurm-client/munge if they are missing,
# writes slurm.conf, starts munged, slurmctld and slurmd as plain background
# daemons (no systemd needed) and waits until the node is IDLE.
#
# Environment:
#   SLURM_PREFIX      state/spool/log/pid directories   (default /tmp/bposim-slurm)
#   SLURM_CONF        where slurm.conf is written        (default /etc/slurm/slurm.conf,
#                     which Debian's client tools read without any variable set;
#                     if you change it, export the same SLURM_CONF for sbatch & co.)
#   SLURM_UP_TIMEOUT  seconds to wait for the node to become idle (default 90)
#
# Safe to run twice: if the daemons are already running with the same
# configuration they are left alone; otherwise they are restarted from a clean
# state (slurmctld -c: jobs of the earlier cluster are forgotten).
# Stop everything with .ci/slurm/down.sh. Needs root.
set -euo pipefail

PREFIX=${SLURM_PREFIX:-/tmp/bposim-slurm}
CONF=${SLURM_CONF:-/etc/slurm/slurm.conf}
TIMEOUT=${SLURM_UP_TIMEOUT:-90}
MUNGE_PID=/run/munge/munged.pid
CTLD_PID=$PREFIX/run/slurmctld.pid
SLURMD_PID=$PREFIX/run/slurmd.pid

PATH=$PATH:/usr/sbin:/sbin

log() { printf 'slurm-up: %s\n' "$*" >&2; }

if [[ $(id -u) -ne 0 ]]; then
    log "must run as root"
    exit 1
fi

# Does pid file $1 name a live process whose command is $2?
alive() {
    local pid
    [[ -s $1 ]] || return 1
    pid=$(<"$1")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/comm && $(</proc/"$pid"/comm) == "$2" ]]
}

stop_pidfile() { # pidfile comm
    local pid i
    if alive "$1" "$2"; then
        pid=$(<"$1")
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            [[ -d /proc/$pid ]] || break
            sleep 0.2
        done
        if [[ -d /proc/$pid ]]; then kill -9 "$pid" 2>/dev/null || true; fi
    fi
    rm -f "$1"
}

tails() {
    local f
    for f in "$PREFIX/log/slurmctld.log" "$PREFIX/log/slurmd.log" /var/log/munge/munged.log; do
        [[ -f $f ]] || continue
        echo "----- tail -n 40 $f -----" >&2
        tail -n 40 "$f" >&2
    done
}

fail() {
    log "FAILED: $*"
    tails
    exit 1
}

munge_ok() { munge -n </dev/null 2>/dev/null | unmunge >/dev/null 2>&1; }

# ---------------------------------------------------------------- install
need_install=0
for cmd in slurmctld slurmd sbatch scontrol munged munge; do
    command -v "$cmd" >/dev/null 2>&1 || need_install=1
done
if ((need_install)); then
    log "installing slurmctld slurmd slurm-client munge (apt-get)"
    t0=$SECONDS
    # Keep the packages' maintainer scripts from starting services.
    created_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        created_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-y -q -o Dpkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    apt-get update -q >/dev/null || fail "apt-get update failed"
    apt-get install "${apt_opts[@]}" --no-install-recommends \
        slurmctld slurmd slurm-client munge >/dev/null ||
        fail "apt-get install failed"
    if ((created_policy)); then
        rm -f /usr/sbin/policy-rc.d
        trap - EXIT
    fi
    log "installed in $((SECONDS - t0))s"
fi

# ---------------------------------------------------------------- munge
install -d -o munge -g munge -m 0755 /run/munge
install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
install -d -o munge -g munge -m 0700 /etc/munge
if [[ ! -s /etc/munge/munge.key ]]; then
    log "generating /etc/munge/munge.key"
    if command -v mungekey >/dev/null 2>&1; then
        mungekey --create --force --keyfile=/etc/munge/munge.key
    else
        create-munge-key -f
    fi
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key

if alive "$MUNGE_PID" munged && munge_ok; then
    log "munged already running"
else
    stop_pidfile "$MUNGE_PID" munged
    log "starting munged"
    # --force: take over a stale socket left by a killed munged
    runuser -u munge -- munged --force ||
        fail "munged did not start"
    for ((i = 0; i < 50; i++)); do
        munge_ok && break
        sleep 0.2
    done
    munge_ok || fail "munge round trip failed"
fi

# ---------------------------------------------------------------- slurm.conf
host=$(hostname -s)
cpus=$(nproc)
# MB, with ~2% headroom: slurmd drains a node that reports less memory than configured.
# (MemTotal of /proc/meminfo is what `free` shows; procps may not be installed.)
mem=$(awk '/^MemTotal:/ { printf "%d", $2 / 1024 * 0.98 }' /proc/meminfo)
mkdir -p "$PREFIX"/{state,spool,log,run} "$(dirname "$CONF")"

new_conf=$(
    cat <<CONF
# Written by bposim .ci/slurm/up.sh -- single-node test cluster.
ClusterName=bposim
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MinJobAge=600
MailProg=/bin/true
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$PREFIX/state
SlurmdSpoolDir=$PREFIX/spool
SlurmctldPidFile=$CTLD_PID
SlurmdPidFile=$SLURMD_PID
SlurmctldLogFile=$PREFIX/log/slurmctld.log
SlurmdLogFile=$PREFIX/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
)

if [[ -f $CONF && $(<"$CONF") == "$new_conf" ]] &&
    alive "$CTLD_PID" slurmctld && alive "$SLURMD_PID" slurmd; then
    log "slurmctld and slurmd already running with this configuration"
else
    stop_pidfile "$SLURMD_PID" slurmd
    stop_pidfile "$CTLD_PID" slurmctld
    printf '%s\n' "$new_conf" >"$CONF"
    log "wrote $CONF (node $host: CPUs=$cpus RealMemory=$mem)"
    export SLURM_CONF=$CONF
    log "starting slurmctld"
    # -c: start from a clean state. Saved node state would otherwise keep a
    # node DRAINed by an earlier bad registration even after the config is fixed.
    slurmctld -c -f "$CONF" || fail "slurmctld did not start"
    for ((i = 0; i < 100; i++)); do
        scontrol ping 2>/dev/null | grep -q 'is UP' && break
        sleep 0.2
    done
    scontrol ping 2>/dev/null | grep -q 'is UP' || fail "slurmctld does not answer 'scontrol ping'"
    log "starting slurmd"
    slurmd -f "$CONF" || fail "slurmd did not start"
fi

# ---------------------------------------------------------------- wait for IDLE
export SLURM_CONF=$CONF
deadline=$((SECONDS + TIMEOUT))
state=
while ((SECONDS < deadline)); do
    line=$(scontrol show node "$host" -o 2>/dev/null || true)
    state=$(sed -n 's/.*\bState=\([^ ]*\).*/\1/p' <<<"$line")
    case $state in
        IDLE | MIXED | ALLOCATED) break ;;
        *DRAIN* | *FAIL*)
            echo "$line" >&2
            fail "node $host is $state" ;;
    esac
    sleep 0.5
done
case $state in
    IDLE | MIXED | ALLOCATED) ;;
    *)
        scontrol show node "$host" >&2 || true
        fail "node $host not idle after ${TIMEOUT}s (state: ${state:-unknown})" ;;
esac
log "node $host is $state; Slurm is up (SLURM_CONF=$CONF, logs in $PREFIX/log)"
