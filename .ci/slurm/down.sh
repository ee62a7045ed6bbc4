#!/usr/bin/env bash
# Stop the single-node Slurm started by .ci/slurm/up.sh: slurmd, slurmctld and
# munged, found through their pid files. Quiet and successful if already stopped.
# Honours the same SLURM_PREFIX as up.sh (default /tmp/bposim-slurm).
# Leaves the packages, slurm.conf and $SLURM_PREFIX (logs, state) in place.
set -euo pipefail

PREFIX=${SLURM_PREFIX:-/tmp/bposim-slurm}

log() { printf 'slurm-down: %s\n' "$*" >&2; }

stop() { # pidfile comm
    local pidfile=$1 comm=$2 pid i
    if [[ ! -s $pidfile ]]; then
        log "$comm: no pid file ($pidfile), not running"
        return 0
    fi
    pid=$(<"$pidfile")
    if [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/comm && $(</proc/"$pid"/comm) == "$comm" ]]; then
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 75; i++)); do
            [[ -d /proc/$pid ]] || break
            sleep 0.2
        done
        if [[ -d /proc/$pid ]]; then
            log "$comm ($pid) ignored SIGTERM for 15s, sending SIGKILL"
            kill -9 "$pid" 2>/dev/null || true
        fi
        log "stopped $comm ($pid)"
    else
        log "$comm: stale pid file, not running"
    fi
    rm -f "$pidfile"
}

stop "$PREFIX/run/slurmd.pid" slurmd
stop "$PREFIX/run/slurmctld.pid" slurmctld
stop /run/munge/munged.pid munged
