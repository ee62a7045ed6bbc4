#!/usr/bin/env bash
# study.sh -- run one bposim study on a Slurm cluster, sharded over a job array.
#
# What it does:
#   1. submits a job array with TASKS tasks; task K runs
#        bposim run SCENARIO --out OUT_DIR/shards/K --shard K/TASKS --quiet [extra args]
#      (replications K, K+TASKS, K+2*TASKS, ...);
#   2. submits a merge job that starts only if every array task succeeded
#      (--dependency=afterok, --kill-on-invalid-dep=yes) and runs
#        bposim merge --out OUT_DIR OUT_DIR/shards/0 OUT_DIR/shards/1 ...
#      so OUT_DIR/summary.json and OUT_DIR/monthly.csv are the same bytes an
#      unsharded `bposim run SCENARIO` would write;
#   3. waits for the merge job and checks how the jobs ended: it exits 0 only
#      if the merge job COMPLETED with exit code 0 and wrote summary.json.
#
# Usage:
#   contrib/slurm/study.sh SCENARIO OUT_DIR TASKS [extra bposim run args...]
#
#   SCENARIO  scenario file (must exist; read by the jobs, so it must be on a
#             file system the compute nodes see)
#   OUT_DIR   output folder; must not exist yet or be empty. Also on a shared
#             file system. Gets shards/K/ (one folder per task), logs/task-K.log,
#             logs/merge.log, and finally the merged summary.json, monthly.csv...
#   TASKS     number of array tasks (shards), 1..MaxArraySize of the cluster
#             (often 1001). More tasks than replications leaves some idle.
#
# Environment:
#   BPOSIM              bposim binary (default: `bposim` on PATH). Resolved to an
#                       absolute path here; must exist at that path on the nodes.
#   SBATCH_EXTRA        extra sbatch options for all jobs, split on whitespace
#                       (no quoting; values cannot contain spaces), e.g.
#                         SBATCH_EXTRA="--partition=short --time=02:00:00 --account=ops"
#   SBATCH_ARRAY_EXTRA  extra sbatch options for the array tasks only, e.g.
#                         SBATCH_ARRAY_EXTRA="--cpus-per-task=4 --mem=4G"
#   SBATCH_MERGE_EXTRA  extra sbatch options for the merge job only, e.g. "--time=00:30:00"
#   STUDY_MAX_PARALLEL  run at most this many array tasks at once (--array=...%N)
#   STUDY_POLL          seconds between job-state checks while waiting (default 10)
#   STUDY_WAIT          set to 0 to submit and return at once, without waiting or
#                       checking (the merge job still runs when the tasks succeed)
#   sbatch's own input variables (SBATCH_PARTITION, SBATCH_TIMELIMIT,
#   SBATCH_ACCOUNT, SBATCH_QOS, ...) apply as usual.
#   Each task gets RAYON_NUM_THREADS = its allocated CPUs (SLURM_CPUS_PER_TASK,
#   else 1) unless RAYON_NUM_THREADS is already set.
#
# The jobs run with --chdir set to the directory study.sh was started from, so
# relative paths in extra bposim args mean the same as on the command line.
# Ctrl-C while waiting cancels the study's jobs.
#
# Exit status: 0 merged results written; 2 bad usage (nothing submitted);
# 1 submission failed, or an array task or the merge failed / was cancelled
# (a failed study leaves no summary.json / monthly.csv in OUT_DIR).
set -euo pipefail

prog=${0##*/}
die() { # status message...
    local status=$1
    shift
    printf '%s: error: %s\n' "$prog" "$*" >&2
    exit "$status"
}
say() { printf '%s: %s\n' "$prog" "$*" >&2; }

usage() {
    sed -n '/^# Usage:/,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}

[[ ${1:-} != -h && ${1:-} != --help ]] || usage
[[ $# -ge 3 ]] || usage
scenario=$1 out=$2 tasks=$3
shift 3
run_args=("$@")

[[ $tasks =~ ^[1-9][0-9]*$ ]] || die 2 "TASKS must be a positive integer, got '$tasks'"
[[ -f $scenario && -r $scenario ]] || die 2 "scenario file not found or not readable: $scenario"
command -v sbatch >/dev/null 2>&1 || die 2 "sbatch not found: run this on a Slurm submit host"
command -v scontrol >/dev/null 2>&1 || die 2 "scontrol not found: run this on a Slurm submit host"

bposim_cmd=${BPOSIM:-bposim}
bposim=$(command -v -- "$bposim_cmd" 2>/dev/null) ||
    die 2 "bposim binary not found: '$bposim_cmd' (set BPOSIM=/path/to/bposim)"
bposim=$(realpath -- "$bposim")
[[ -x $bposim ]] || die 2 "not executable: $bposim"

# sbatch would read % and \ in --output paths as filename patterns.
[[ $out != *[%\\]* ]] || die 2 "OUT_DIR must not contain '%' or '\\': $out"
if [[ -e $out ]]; then
    [[ -d $out ]] || die 2 "OUT_DIR exists and is not a directory: $out"
    [[ -z $(ls -A -- "$out") ]] ||
        die 2 "OUT_DIR is not empty: $out (use a new folder; old shards would mix into the merge)"
fi
mkdir -p -- "$out/logs" "$out/shards"
out=$(realpath -- "$out")
scenario=$(realpath -- "$scenario")
workdir=$PWD

read -r -a sb_all <<<"${SBATCH_EXTRA:-}"
read -r -a sb_array <<<"${SBATCH_ARRAY_EXTRA:-}"
read -r -a sb_merge <<<"${SBATCH_MERGE_EXTRA:-}"
poll=${STUDY_POLL:-10}
[[ $poll =~ ^[0-9]+([.][0-9]+)?$ ]] || die 2 "STUDY_POLL must be a number of seconds, got '$poll'"
array_spec="0-$((tasks - 1))"
if [[ -n ${STUDY_MAX_PARALLEL:-} ]]; then
    [[ $STUDY_MAX_PARALLEL =~ ^[1-9][0-9]*$ ]] ||
        die 2 "STUDY_MAX_PARALLEL must be a positive integer, got '$STUDY_MAX_PARALLEL'"
    array_spec+="%$STUDY_MAX_PARALLEL"
fi
name=bposim-$(basename -- "$out")

# ------------------------------------------------------------------ job scripts
# sbatch copies a script when it is submitted; these copies stay in logs/ for
# reference. Arguments are passed as sbatch script arguments (no quoting issues).
cat >"$out/logs/task.sbatch" <<'TASK'
#!/bin/bash
# One bposim study shard. Args: BPOSIM SCENARIO OUT_DIR TASKS [extra run args...]
set -euo pipefail
bposim=$1 scenario=$2 out=$3 tasks=$4
shift 4
k=${SLURM_ARRAY_TASK_ID:?not running as a Slurm array task}
if [[ -n ${SLURM_ARRAY_TASK_COUNT:-} && $SLURM_ARRAY_TASK_COUNT != "$tasks" ]]; then
    echo "array has $SLURM_ARRAY_TASK_COUNT tasks, study expects $tasks" >&2
    exit 2
fi
export RAYON_NUM_THREADS=${RAYON_NUM_THREADS:-${SLURM_CPUS_PER_TASK:-1}}
echo "bposim study shard $k/$tasks: job ${SLURM_JOB_ID:-?} on $(hostname) at $(date -u +%FT%TZ)"
# A requeued task starts from scratch.
rm -rf -- "$out/shards/$k"
status=0
"$bposim" run "$scenario" --out "$out/shards/$k" --shard "$k/$tasks" --quiet "$@" || status=$?
echo "bposim run exited with $status at $(date -u +%FT%TZ)"
exit "$status"
TASK

cat >"$out/logs/merge.sbatch" <<'MERGE'
#!/bin/bash
# Merge the shards of a bposim study. Args: BPOSIM OUT_DIR TASKS
set -euo pipefail
bposim=$1 out=$2 tasks=$3
shards=()
for ((k = 0; k < tasks; k++)); do shards+=("$out/shards/$k"); done
echo "bposim study merge of $tasks shards: job ${SLURM_JOB_ID:-?} on $(hostname) at $(date -u +%FT%TZ)"
status=0
"$bposim" merge --out "$out" "${shards[@]}" || status=$?
echo "bposim merge exited with $status at $(date -u +%FT%TZ)"
exit "$status"
MERGE

# ------------------------------------------------------------------ submit
submit() { # sbatch args... ; prints the job id
    local reply
    reply=$(sbatch --parsable "$@") || return 1
    reply=${reply%%;*}
    [[ $reply =~ ^[0-9]+$ ]] || {
        say "unexpected sbatch reply: $reply"
        return 1
    }
    printf '%s\n' "$reply"
}

array_id=$(submit --job-name="$name" --chdir="$workdir" --array="$array_spec" \
    --output="$out/logs/task-%a.log" \
    "${sb_all[@]}" "${sb_array[@]}" \
    "$out/logs/task.sbatch" "$bposim" "$scenario" "$out" "$tasks" "${run_args[@]}") ||
    die 1 "submitting the array job failed"

merge_id=$(submit --job-name="$name-merge" --chdir="$workdir" \
    --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
    --output="$out/logs/merge.log" \
    "${sb_all[@]}" "${sb_merge[@]}" \
    "$out/logs/merge.sbatch" "$bposim" "$out" "$tasks") || {
    scancel "$array_id" 2>/dev/null || true
    die 1 "submitting the merge job failed (array job $array_id cancelled)"
}
printf '%s\n' "$array_id $merge_id" >"$out/logs/job-ids"
say "submitted array job $array_id ($tasks tasks) and merge job $merge_id; logs in $out/logs/"

if [[ ${STUDY_WAIT:-1} == 0 ]]; then
    say "not waiting (STUDY_WAIT=0); follow with: squeue -j $array_id,$merge_id"
    say "the study succeeded once $out/summary.json exists and $out/logs/merge.log ends with 'exited with 0'"
    exit 0
fi

# ------------------------------------------------------------------ wait & check
# shellcheck disable=SC2317  # invoked by the trap
on_interrupt() {
    trap - INT TERM
    say "interrupted: cancelling jobs $array_id and $merge_id"
    scancel "$merge_id" "$array_id" 2>/dev/null || true
    exit 130
}
trap on_interrupt INT TERM

# Prints one "TASK STATE EXITCODE REASON" line per job record of job $1 (TASK is
# the array task id, a range for still-pending tasks, or "-"). Uses scontrol,
# which knows finished jobs for MinJobAge seconds; sacct if that has expired.
# Returns 1 if Slurm does not know the job, 2 if the controller did not answer.
job_records() {
    local text line task state code reason
    if text=$(scontrol show job -o "$1" 2>&1) && [[ $text == *JobState=* ]]; then
        while IFS= read -r line; do
            [[ $line =~ (^|[[:space:]])JobState=([^[:space:]]+) ]] || continue
            state=${BASH_REMATCH[2]}
            task=-
            code='?'
            reason=-
            [[ $line =~ (^|[[:space:]])ArrayTaskId=([^[:space:]]+) ]] && task=${BASH_REMATCH[2]}
            [[ $line =~ (^|[[:space:]])ExitCode=([^[:space:]]+) ]] && code=${BASH_REMATCH[2]}
            [[ $line =~ (^|[[:space:]])Reason=([^[:space:]]+) ]] && reason=${BASH_REMATCH[2]}
            printf '%s %s %s %s\n' "$task" "$state" "$code" "$reason"
        done <<<"$text"
    elif text=$(sacct -n -X -P -j "$1" --format=JobID,State,ExitCode 2>/dev/null) && [[ -n $text ]]; then
        while IFS='|' read -r task state code; do
            if [[ $task == *_* ]]; then task=${task#*_}; else task=-; fi
            task=${task#[}
            printf '%s %s %s -\n' "${task%]}" "${state%% *}" "$code"
        done <<<"$text"
    elif [[ $text == *"Invalid job id"* ]]; then
        return 1
    else
        return 2
    fi
}

is_final() {
    case $1 in
        COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | PREEMPTED | OUT_OF_MEMORY | BOOT_FAIL | DEADLINE) return 0 ;;
        *) return 1 ;;
    esac
}

merge_state=UNKNOWN merge_code='?' merge_reason=- last_progress='' cancelled=0
unknown=0 no_answer_since=
while :; do
    status=0
    rec=$(job_records "$merge_id") || status=$?
    if ((status == 0)) && [[ -n $rec ]]; then
        unknown=0 no_answer_since=
        read -r _ merge_state merge_code merge_reason <<<"${rec%%$'\n'*}"
        if is_final "$merge_state"; then break; fi
        # Dependency can never be met but Slurm kept the job: cancel it ourselves.
        if [[ $merge_state == PENDING && $merge_reason == DependencyNeverSatisfied ]]; then
            scancel "$merge_id" 2>/dev/null || true
        fi
    elif ((status == 2)); then
        # slurmctld busy or restarting: keep waiting, for up to 15 minutes.
        if [[ -z $no_answer_since ]]; then
            no_answer_since=$SECONDS
            say "slurmctld does not answer; still waiting"
        fi
        ((SECONDS - no_answer_since < 900)) || { merge_state=UNKNOWN; break; }
    else
        unknown=$((unknown + 1))
        ((unknown < 3)) || { merge_state=UNKNOWN; break; }
    fi
    # Progress of the array, printed when it changes.
    if arec=$(job_records "$array_id"); then
        running=0 ok=0 bad=0
        while read -r task state _ _; do
            [[ $task =~ ^[0-9]+$ ]] || continue
            case $state in
                RUNNING | COMPLETING | CONFIGURING) running=$((running + 1)) ;;
                COMPLETED) ok=$((ok + 1)) ;;
                PENDING | REQUEUED | SUSPENDED) ;;
                *) is_final "$state" && bad=$((bad + 1)) ;;
            esac
        done <<<"$arec"
        progress="tasks: $ok/$tasks done, $running running, $bad failed; merge: $merge_state"
        if [[ $progress != "$last_progress" ]]; then
            say "$progress"
            last_progress=$progress
        fi
        # The merge can no longer run: stop the rest of the study now rather
        # than after the last task (Slurm only gives up on afterok then).
        if ((bad > 0 && !cancelled)); then
            say "an array task failed: cancelling the remaining tasks and the merge"
            scancel "$merge_id" "$array_id" 2>/dev/null || true
            cancelled=1
        fi
    fi
    sleep "$poll"
done
trap - INT TERM

# Report every array task that did not complete cleanly.
failed_tasks=() cancelled_tasks=()
if arec=$(job_records "$array_id"); then
    arec=$(sort -n <<<"$arec")
    while read -r task state code _; do
        [[ $state == COMPLETED && $code == 0:0 ]] && continue
        if [[ $state == CANCELLED ]] || ! is_final "$state"; then
            cancelled_tasks+=("$task")
        else
            failed_tasks+=("$task")
        fi
        if is_final "$state"; then
            state+=" (exit $code)"
        else
            state+=" when the study stopped, cancelled"
        fi
        if [[ $task =~ ^[0-9]+$ && -s $out/logs/task-$task.log ]]; then
            say "array task $task: $state, log: $out/logs/task-$task.log"
        else
            say "array task $task: $state before it started"
        fi
    done <<<"$arec"
fi

if [[ $merge_state == COMPLETED && $merge_code == 0:0 && -f $out/summary.json ]]; then
    say "merge job $merge_id COMPLETED; results in $out (summary.json, monthly.csv)"
    exit 0
fi

if [[ $merge_state == UNKNOWN ]]; then
    say "merge job $merge_id vanished from scontrol/sacct before its end state was seen"
elif [[ $merge_state == COMPLETED && $merge_code == 0:0 ]]; then
    say "merge job $merge_id completed but $out/summary.json is missing"
elif [[ -s $out/logs/merge.log ]]; then
    say "merge job $merge_id ended $merge_state (exit $merge_code), log: $out/logs/merge.log"
else
    say "merge job $merge_id ended $merge_state (exit $merge_code) without running"
fi
first_failed=${failed_tasks[0]:-}
if [[ $first_failed =~ ^[0-9]+$ && -s $out/logs/task-$first_failed.log ]]; then
    say "last lines of $out/logs/task-$first_failed.log:"
    tail -n 15 "$out/logs/task-$first_failed.log" >&2
elif [[ $merge_state != CANCELLED && -f $out/logs/merge.log ]]; then
    say "last lines of $out/logs/merge.log:"
    tail -n 15 "$out/logs/merge.log" >&2
fi
# Stop what is left of the study and never leave results that look complete.
scancel "$merge_id" "$array_id" 2>/dev/null || true
for f in summary.json monthly.csv; do
    if [[ -e $out/$f ]]; then
        rm -f -- "${out:?}/$f"
        say "removed incomplete $out/$f"
    fi
done
if ((${#failed_tasks[@]} + ${#cancelled_tasks[@]})); then
    die 1 "study FAILED: array tasks failed: ${failed_tasks[*]:-none}; cancelled or unfinished: ${cancelled_tasks[*]:-none}; merge $merge_state"
fi
die 1 "study FAILED: all $tasks array tasks completed, merge $merge_state"
