#!/usr/bin/env bash
# tests/run-unit.sh DIR TEST... — run cmocka binaries; print a total line.
set -u
dir=$1; shift
pass=0 fail=0
for t in "$@"; do
    if "$dir/$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" = 0 ]
