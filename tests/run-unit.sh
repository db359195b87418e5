#!/usr/bin/env bash
# tests/run-unit.sh DIR TEST... — run cmocka binaries, each bounded (300 s:
# one that hangs fails by name, tests/lib.sh); print a total line.
set -u
suite_secs=1200                                # the whole suite (tests/lib.sh)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"
dir=$1; shift
for t in "$@"; do
    if run_bounded "unit $t" 300 "$dir/$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $t"; fi
done
[ -s "$lib_timeouts" ] && sed 's/^/timed out: /' "$lib_timeouts"
echo "unit: $pass passed, $fail failed"
[ "$fail" = 0 ]
