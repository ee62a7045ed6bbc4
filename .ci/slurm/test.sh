#!/usr/bin/env bash
# CI test of contrib/slurm/study.sh against a running Slurm (.ci/slurm/up.sh).
#
# Usage: BPOSIM=/path/to/bposim .ci/slurm/test.sh SCENARIO
#
# Checks that
#   - a sharded study (4 array tasks + merge) writes summary.json and monthly.csv
#     byte-identical to an unsharded `bposim run SCENARIO --out A --quiet`;
#   - a study with a missing scenario exits non-zero and merges nothing;
#   - a study whose array tasks all fail (an unknown bposim option) exits
#     non-zero, cancels the merge and leaves no summary.json.
# Prints PASS/FAIL per check and a closing "N passed, N failed" line; exits 1
# if any check failed. Work files go to a temp folder, kept only on failure.
#
# Environment: BPOSIM (default: bposim on PATH), SLURM_TEST_TIMEOUT (seconds
# allowed for each study, default 600).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
study=$here/../../contrib/slurm/study.sh
timeout_s=${SLURM_TEST_TIMEOUT:-600}

if [[ $# -ne 1 ]]; then
    echo "usage: BPOSIM=/path/to/bposim $0 SCENARIO" >&2
    exit 2
fi
scenario=$1
[[ -f $scenario ]] || { echo "slurm-test: scenario not found: $scenario" >&2; exit 2; }
bposim=$(command -v -- "${BPOSIM:-bposim}") || { echo "slurm-test: bposim binary not found (set BPOSIM)" >&2; exit 2; }
bposim=$(realpath -- "$bposim")
export BPOSIM=$bposim
scontrol ping >/dev/null 2>&1 || { echo "slurm-test: slurmctld not reachable; run .ci/slurm/up.sh first" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/bposim-slurm-test.XXXXXX")
passed=0 failed=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }

study_run() { # OUT_DIR TASKS SCENARIO [args...] -> study.sh's exit status
    local out=$1 tasks=$2 scen=$3
    shift 3
    STUDY_POLL=1 timeout "$timeout_s" bash "$study" "$scen" "$out" "$tasks" "$@"
}

echo "== slurm study test: bposim=$bposim scenario=$scenario work=$work"

# 1. reference: unsharded local run
t0=$SECONDS
if "$bposim" run "$scenario" --out "$work/A" --quiet; then
    pass "unsharded bposim run ($((SECONDS - t0))s)"
else
    fail "unsharded bposim run exited $?"
fi

# 2. sharded study on Slurm, then byte comparison
t0=$SECONDS
status=0
study_run "$work/B" 4 "$scenario" || status=$?
if ((status == 0)); then
    pass "study.sh with 4 array tasks ($((SECONDS - t0))s)"
else
    fail "study.sh with 4 array tasks exited $status"
fi
for f in summary.json monthly.csv; do
    if cmp -- "$work/A/$f" "$work/B/$f"; then
        pass "merged $f is byte-identical to the unsharded run"
    else
        fail "merged $f differs from the unsharded run (or is missing)"
    fi
done

# 3. missing scenario: refused, nothing merged
status=0
study_run "$work/C" 2 "$work/no-such-scenario.toml" || status=$?
if ((status != 0)) && [[ ! -e $work/C/summary.json ]]; then
    pass "missing scenario: study.sh exited $status, no summary.json"
else
    fail "missing scenario: study.sh exited $status, summary.json present: $([[ -e $work/C/summary.json ]] && echo yes || echo no)"
fi

# 4. array tasks fail on the nodes: merge cancelled, study fails, nothing merged
t0=$SECONDS
status=0
study_run "$work/D" 4 "$scenario" --bposim-ci-no-such-option || status=$?
if ((status != 0)) && [[ ! -e $work/D/summary.json && -s $work/D/logs/task-0.log ]]; then
    pass "failing array tasks: study.sh exited $status, no summary.json ($((SECONDS - t0))s)"
else
    fail "failing array tasks: study.sh exited $status, summary.json present: $([[ -e $work/D/summary.json ]] && echo yes || echo no), task-0 log present: $([[ -s $work/D/logs/task-0.log ]] && echo yes || echo no)"
fi

if ((failed == 0)); then
    rm -rf -- "$work"
    echo "slurm study test: PASS"
else
    echo "slurm study test: FAIL (work files kept in $work)"
fi
echo "$passed passed, $failed failed"
((failed == 0))
