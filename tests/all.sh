#!/usr/bin/env bash
# tests/all.sh [SUITE...] — run test suites (default: all of them) in
# parallel, one job per core, each within a time bound.  `make test` calls it
# after building every artifact; `make test-NAME` runs one suite through it.
#
# Each suite writes its log to build/test-logs/SUITE.log.  When it ends this
# prints one line (its own "N passed, N failed" total, or why it failed); a
# suite that fails, or runs past its bound (then it is killed), also gets the
# last lines of its log printed here, on the terminal.  The last line is the
# sum over the suites: "all: N passed, N failed".  Status 0 iff none failed.
#
# Bounds are generous (a loaded machine is normal: CI runs beside other
# builds); they exist so that a suite can never hang the run.
set -u
cd "$(dirname "$0")/.."
B=${BUILD:-build}
logs=$B/test-logs
mkdir -p "$logs"
SANENV=(env "LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
        "UBSAN_OPTIONS=print_stacktrace=1")
mapfile -t unit < <(ls tests/unit/test_*.c | xargs -n1 basename | sed 's/\.c$//')

# suite NAME: its bound in seconds, then its command (run from the root).
# Listed longest first, so that the long ones start at once.
suite_cmd() {
    local e=(env "ALPHAVLM=$B/alphavlm" "BUILD=$B") a=("${SANENV[@]}" "ALPHAVLM=$B/asan/alphavlm" "BUILD=$B")
    case $1 in
        guest)        echo 1200; cmd=("${e[@]}" bash tests/guest/run.sh all) ;;
        labs)         echo 1200; cmd=(python3 labs/test-labs.py) ;;
        asan-guest)   echo 1200; cmd=("${a[@]}" bash tests/guest/run.sh quick) ;;
        asan-trace)   echo 900;  cmd=("${a[@]}" bash tests/golden/run.sh check) ;;
        trace)        echo 900;  cmd=("${e[@]}" bash tests/golden/run.sh check) ;;
        linux)        echo 900;  cmd=("${e[@]}" bash tests/linux/run.sh) ;;
        asan-machine) echo 900;  cmd=("${a[@]}" bash tests/machine/run.sh "$B/machine" all) ;;
        asan-view)    echo 900;  cmd=("${a[@]}" bash tests/view/run.sh) ;;
        asan-gdb)     echo 900;  cmd=("${a[@]}" bash tests/gdb/run.sh) ;;
        shards)       echo 900;  cmd=("${e[@]}" bash tests/shards.sh) ;;
        view)         echo 600;  cmd=("${e[@]}" bash tests/view/run.sh) ;;
        gdb)          echo 600;  cmd=("${e[@]}" bash tests/gdb/run.sh) ;;
        machine)      echo 600;  cmd=("${e[@]}" bash tests/machine/run.sh "$B/machine" all) ;;
        asan-unit)    echo 600;  cmd=("${a[@]}" bash tests/run-unit.sh "$B/asan" "${unit[@]}") ;;
        unit)         echo 300;  cmd=(bash tests/run-unit.sh "$B/unit" "${unit[@]}") ;;
        deps)         echo 60;   cmd=(bash scripts/deps.sh --check) ;;
        links)        echo 60;   cmd=(python3 tests/check-links.py) ;;
        docs)         echo 120;  cmd=("${e[@]}" python3 tests/check-docs.py) ;;
        *)            return 1 ;;
    esac
}
ALL=(guest labs asan-guest asan-trace trace linux asan-machine asan-view asan-gdb shards view gdb machine
     asan-unit unit deps links docs)
[ $# -gt 0 ] && set -- "$@" || set -- "${ALL[@]}"
for s in "$@"; do suite_cmd "$s" >/dev/null || { echo "tests/all.sh: no suite '$s' (${ALL[*]})" >&2; exit 2; }; done

# One suite in the background: its log, then its status in $logs/NAME.rc.
start() {
    local name=$1 bound cmd
    bound=$(suite_cmd "$name"); suite_cmd "$name" >/dev/null
    (
        start_s=$SECONDS
        # A session of its own (its id is the pid: a background job of a
        # script leads no group, so setsid does not fork): at the end, or on
        # an interrupt, everything the suite started goes, however it nested
        # its own timeouts and process groups.  The driver's own suite bound
        # (tests/lib.sh) is set below this one, so that it reports first.
        suite_secs=$((bound - 60)) setsid timeout -k 10 "$bound" "${cmd[@]}" </dev/null \
            >"$logs/$name.log" 2>&1 &
        echo $! >"$logs/$name.sid"
        wait $!; rc=$?
        pkill -KILL -s "$(cat "$logs/$name.sid")" 2>/dev/null
        [ $rc = 124 ] || [ $rc = 137 ] && echo "TIMEOUT after ${bound}s" >>"$logs/$name.log"
        echo "$rc $((SECONDS - start_s))" >"$logs/$name.rc"
    ) &
}

# report NAME: its line, and the tail of its log if it failed.
passed=0 failed=0
report() {
    local name=$1 rc secs tot
    read -r rc secs <"$logs/$name.rc"
    tot=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$logs/$name.log" | tail -1)
    if [ "$rc" = 0 ]; then
        printf '%-13s ok    %4ss  %s\n' "$name" "$secs" "${tot:-passed}"
    else
        [ "$rc" = 124 ] || [ "$rc" = 137 ] && why="TIMED OUT after $(suite_cmd "$name")s" || why="status $rc"
        printf '%-13s FAIL  %4ss  %s (%s; log %s)\n' "$name" "$secs" "${tot:-}" "$why" "$logs/$name.log"
        # The failures with their detail, else (a crash, a timeout) the log's end.
        if grep -q '^FAIL' "$logs/$name.log"; then
            grep -A 12 '^FAIL' "$logs/$name.log" | head -n 40; echo '...'; tail -n 3 "$logs/$name.log"
        else tail -n 40 "$logs/$name.log"; fi | sed "s/^/  $name| /"
    fi
    if [ -n "$tot" ]; then
        passed=$((passed + ${tot%% passed*}))
        local f=${tot#*passed, }; failed=$((failed + ${f%% failed}))
        [ "$rc" = 0 ] || [ "${f%% failed}" != 0 ] || failed=$((failed + 1))
    elif [ "$rc" = 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

jobs_max=$(nproc 2>/dev/null || echo 2)
[ "$jobs_max" -ge 2 ] || jobs_max=2
# Interrupted: the suites' sessions go too, whatever they started.
stop_all() {
    trap - INT TERM HUP
    local f
    for f in "$logs"/*.sid; do [ -f "$f" ] && pkill -TERM -s "$(cat "$f")" 2>/dev/null; done
    sleep 2
    for f in "$logs"/*.sid; do [ -f "$f" ] && pkill -KILL -s "$(cat "$f")" 2>/dev/null; done
    kill 0 2>/dev/null
    exit 130
}
trap stop_all INT TERM HUP
pending=("$@") running=()
rm -f "$logs"/*.rc "$logs"/*.sid
while [ ${#pending[@]} -gt 0 ] || [ ${#running[@]} -gt 0 ]; do
    while [ ${#pending[@]} -gt 0 ] && [ ${#running[@]} -lt "$jobs_max" ]; do
        start "${pending[0]}"; running+=("${pending[0]}"); pending=("${pending[@]:1}")
    done
    sleep 1
    still=()
    for s in "${running[@]}"; do
        if [ -f "$logs/$s.rc" ]; then report "$s"; else still+=("$s"); fi
    done
    running=("${still[@]}")
done
wait
echo "all: $passed passed, $failed failed"
[ "$failed" = 0 ]
