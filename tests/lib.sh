# shellcheck shell=bash disable=SC2034
# tests/lib.sh — the scaffolding shared by the shell test drivers
# (tests/machine/run.sh, tests/guest/run.sh, tests/golden/run.sh); sourced,
# not run, before the driver reads its own arguments.  It sets:
#   emu        the emulator binary: $ALPHAVLM, default build/alphavlm
#   tmp        a scratch directory, removed when the driver exits
#   why        the file whose lines `bad` shows under a failure (default
#              $tmp/why; a driver may point it elsewhere)
#   why_show   how much of $why to show (default "head -25")
# and defines:
#   tcase NAME start the test NAME; true if this shard runs it (below)
#   ok NAME    count a pass and print "PASS: NAME"
#   bad NAME   count a failure, print "FAIL: NAME" and the detail in $why
#   summary [LABEL]  print "[LABEL: ]N passed, N failed"; status 0 iff none failed
#
# Shards and JUnit, for CI matrices and batch arrays (Slurm and the like).
# Every driver takes, before its own arguments:
#   --shard K/N   run only the tests whose ordinal i (0-based, in the order
#                 the driver declares them) has i % N == K - 1; the N shards
#                 together run each test exactly once
#   --junit FILE  also write the results as JUnit XML (one testcase per
#                 check, classname SUITE.TEST)
#   --list        print the names of the tests the shard would run; run none
# A test is what follows `tcase NAME` (or an expect-style helper that calls
# it) up to the next one; its checks count only in the shard that runs it.
#
# Bounds: no test waits without one, so a suite ends, passed or failed.
#   suite_secs   the whole driver's bound in seconds (set it before sourcing
#                this file; default 1800).  The driver runs itself again
#                under that bound (stdin /dev/null: no test reads the
#                terminal); past it, everything it started is killed and it
#                fails with status 124 after printing, on the terminal,
#                "TIMEOUT: suite S" with the test it was in and the last
#                lines of that test's output files.
#   TEST_TIME_SCALE   multiplies every bound (an integer; for loaded hosts)
#   run_bounded NAME SECS CMD...  run CMD under timeout(1) in a process
#                group of its own (SIGTERM to the group at SECS, SIGKILL 5 s
#                later), its stdin, stdout and stderr as the caller gave them.
#                Returns CMD's status, or 124 when it ran out of time: then
#                it prints "TIMEOUT: NAME: killed after SECS s" and the last
#                lines of the files its stdout and stderr went to, on the
#                terminal, and summary counts that as one more failure.
#   wait_bounded NAME SECS PID    wait for a background PID of this shell for
#                at most SECS; then kill it (TERM, KILL 5 s later) and report
#                as run_bounded does.  Returns its status, or 124.
#   tmux ARGS... the tmux command, bounded (10 s)
#   alphavlm ARGS...   "$emu" ARGS under run_bounded, named after the test
#                it runs in; the bound is emu_secs (default 300)
bound_scale=${TEST_TIME_SCALE:-1}
[[ $bound_scale =~ ^[1-9][0-9]*$ ]] || { echo "$0: TEST_TIME_SCALE must be a positive integer" >&2; exit 2; }
exec {lib_tty}>&2                      # the terminal (or the log make writes to)

# bound_report NAME SECS FILE...: the timeout line and the files' last lines,
# on the terminal; recorded for summary (a file: subshells report too).
bound_report() {
    local name=$1 secs=$2 f; shift 2
    { echo "TIMEOUT: $name: killed after $secs s"
      for f in "$@"; do
          [ -f "$f" ] && [ -s "$f" ] || continue
          echo "    last lines of $f:"; tail -n 15 "$f" | sed 's/^/    | /'
      done; } >&"$lib_tty"
    [ -n "${lib_timeouts:-}" ] && echo "$name (after $secs s)" >>"$lib_timeouts"
    return 0
}

# out_files PID: the regular files PID's stdout and stderr go to, not the
# driver's own (for bound_report).
out_files() {
    local f
    for f in $(readlink "/proc/$1/fd/1" "/proc/$1/fd/2" 2>/dev/null | sort -u); do
        [ -f "$f" ] && [ "$f" != "${lib_term1:-}" ] && [ "$f" != "${lib_term2:-}" ] && echo "$f"
    done
    return 0
}
lib_term1=$(readlink /proc/$$/fd/1) lib_term2=$(readlink /proc/$$/fd/2)

run_bounded() {
    local name=$1 secs=$(( $2 * bound_scale )) t0=$SECONDS st me=$BASHPID; shift 2
    if [ -n "${lib_state:-}" ]; then
        local files; files=$(out_files "$me")
        { echo "$files" >"$lib_state.files"; echo "$name" >"$lib_state.test"; } 2>/dev/null
    fi
    timeout -k 5 "$secs" "$@"; st=$?
    if { [ "$st" = 124 ] || [ "$st" = 137 ]; } && [ $((SECONDS - t0)) -ge "$secs" ]; then
        local files; mapfile -t files < <(out_files "$me")
        bound_report "$name" "$secs" "${files[@]}"
        return 124
    fi
    return "$st"
}

wait_bounded() {
    local name=$1 secs=$(( $2 * bound_scale )) pid=$3 i me=$BASHPID
    for ((i = 0; i < secs * 10; i++)); do
        kill -0 "$pid" 2>/dev/null || { wait "$pid"; return; }
        sleep 0.1
    done
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    local files; mapfile -t files < <(out_files "$me")
    bound_report "$name" "$secs" "${files[@]}"
    return 124
}

# tmux commands (the drivers type at terminals with it) end in 10 s or fail.
tmux() { timeout 10 tmux "$@"; }
alphavlm() { run_bounded "${t_name:-$suite}: alphavlm $1" "${emu_secs:-300}" "$emu" "$@"; }

# suite_report STATE: which test the suite was in, its output files' last lines.
suite_report() {
    local f
    echo "FAIL: suite $suite: timed out in test '$(cat "$1.test" 2>/dev/null)'"
    while read -r f; do
        [ -f "$f" ] && [ -s "$f" ] && { echo "    last lines of $f:"; tail -n 15 "$f" | sed 's/^/    | /'; }
    done <"$1.files"
    return 0
} 2>/dev/null

# The suite's own bound: the driver (the script that sourced this file, not
# a `bash -c` that sources it) runs again under run_bounded, and this shell
# waits.  LIB_STATE names a file where the inner run keeps its scratch
# directory, current test and output files, for the report.
if [ -z "${LIB_STATE:-}" ] && [ "${BASH_SOURCE[1]:-}" = "$0" ] && [ -f "$0" ]; then
    lib_outer=$(mktemp -d)
    lib_timeouts=$lib_outer/timeouts
    suite=$(basename "$(dirname "$0")")
    : >"$lib_outer/state.files"
    LIB_STATE=$lib_outer/state run_bounded "suite $suite" "${suite_secs:-1800}" bash "$0" "$@" </dev/null
    lib_st=$?
    # The inner run reports on SIGTERM; if SIGKILL took it, report here.
    if [ -s "$lib_timeouts" ] && [ ! -e "$lib_outer/state.reported" ]; then
        suite_report "$lib_outer/state" >&"$lib_tty"
        read -r lib_inner <"$lib_outer/state.tmp" && rm -rf "$lib_inner"
    fi
    rm -rf "$lib_outer"
    exit "$lib_st"
fi
lib_state=${LIB_STATE:-}
unset LIB_STATE                        # a driver this one runs has a bound of its own

emu=${ALPHAVLM:-build/alphavlm}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lib_timeouts=$tmp/.timeouts
if [ -n "$lib_state" ]; then
    echo "$tmp" >"$lib_state.tmp"
    trap 'suite_report "$lib_state" >&"$lib_tty"; : >"$lib_state.reported"; exit 124' TERM
fi
why=$tmp/why
why_show="head -25"
suite=$(basename "$(dirname "$0")")

shard_k=1 shard_n=1 junit="" list_only=false t_index=0 t_on=true t_name=""
lib_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --shard)  [[ ${2:-} =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] &&
                      [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] ||
                      { echo "$0: --shard K/N with 1 <= K <= N" >&2; exit 2; }
                  shard_k=${BASH_REMATCH[1]} shard_n=${BASH_REMATCH[2]}; shift 2 ;;
        --junit)  [ -n "${2:-}" ] || { echo "$0: --junit FILE" >&2; exit 2; }
                  junit=$2; : >"$junit" || exit 2; shift 2 ;;
        --list)   list_only=true; shift ;;
        *)        lib_args+=("$1"); shift ;;
    esac
done
set -- "${lib_args[@]}"                # the driver's own arguments
: >"$tmp/.junit"

tcase() {
    t_name=$1 t_on=false
    [ -n "$lib_state" ] && echo "$t_name" >"$lib_state.test"
    local mine=$(( t_index % shard_n == shard_k - 1 ))
    t_index=$((t_index + 1))
    [ "$mine" = 1 ] || return 1
    if $list_only; then echo "$suite: $t_name"; return 1; fi
    t_on=true
}

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'; }
junit_case() {  # junit_case NAME [FAILURE-DETAIL-FILE]
    [ -n "$junit" ] || return 0
    local cls name
    cls=$(printf '%s.%s' "$suite" "$t_name" | xml) name=$(printf '%s' "$1" | xml)
    if [ $# = 1 ]; then
        printf '  <testcase classname="%s" name="%s"/>\n' "$cls" "$name"
    else
        printf '  <testcase classname="%s" name="%s"><failure message="%s">' "$cls" "$name" "$name"
        { [ -s "$2" ] && head -50 "$2"; } | xml
        printf '</failure></testcase>\n'
    fi >>"$tmp/.junit"
}

ok()  { $t_on || return 0; pass=$((pass + 1)); echo "PASS: $1"; junit_case "$1"; }
bad() {
    $t_on || return 0
    fail=$((fail + 1)); echo "FAIL: $1"; junit_case "$1" "$why"
    # shellcheck disable=SC2086
    [ -s "$why" ] && sed 's/^/    /' "$why" | $why_show
    return 0
}
summary() {
    $list_only && exit 0
    local name
    if [ -s "$lib_timeouts" ]; then        # each run out of time is a failure, under its name
        t_on=true why=$tmp/.why_timeout
        while read -r name; do
            t_name=$name; echo "see the TIMEOUT lines above" >"$why"; bad "timed out: $name"
        done <"$lib_timeouts"
    fi
    if [ -n "$junit" ]; then
        { printf '<?xml version="1.0" encoding="UTF-8"?>\n'
          printf '<testsuite name="%s" tests="%d" failures="%d">\n' "$suite" $((pass + fail)) "$fail"
          cat "$tmp/.junit"; printf '</testsuite>\n'; } >"$junit"
    fi
    echo "${1:+$1: }$pass passed, $fail failed"; [ "$fail" = 0 ]
}
