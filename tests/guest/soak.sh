#!/usr/bin/env bash
# tests/guest/soak.sh — the long runs that do not fit `make test`: the
# property fuzzer for 10^7 calls at 16M, 256M and 2G of RAM (each reports
# calls per second of wall time; SOAK_CALLS=N runs N calls instead)
# and 10^6 VLM window map/unmap cycles (the window is reused, never used up).
# ALPHAVLM names the emulator binary.  Ends with "N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
why=$tmp/out why_show="tail -15"
calls=${SOAK_CALLS:-10000000}

# The fuzzer at three RAM sizes: 16M (RAM files, pipes and page tables reach
# every frame), 256M and 2G (the VLM driver's donors do); each reports calls/s.
for ram in 16M 256M 2G; do
    t0=$(date +%s.%N)
    timeout 3600 "$emu" run --ram "$ram" --proc-limit 4M vlmfuzz --seed 1 --calls "$calls" --procs 6 \
        </dev/null >"$tmp/out" 2>&1
    st=$?
    t1=$(date +%s.%N)
    if [ "$st" = 0 ] && grep -q "^vlmfuzz: PASS: $calls calls" "$tmp/out" && ! grep -qE "FAIL|panic" "$tmp/out"; then
        ok "vlmfuzz at $ram RAM: $calls calls, every check passed"
    else
        { grep -E "FAIL|panic" "$tmp/out" | head -20; echo "status $st"; } >"$tmp/why"
        why=$tmp/why bad "vlmfuzz soak at $ram RAM"
    fi
    awk -v n="$calls" -v a="$t0" -v b="$t1" -v r="$ram" \
        'BEGIN { printf "vlmfuzz at %s RAM: %d calls in %.1f s: %.0f calls/s\n", r, n, b - a, n / (b - a) }'
done

timeout 3600 "$emu" run --ram 64M --proc-limit 4M vlmtests window_reuse_big </dev/null >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "1000000 map/unmap cycles, every one at" "$tmp/out" && grep -q "^1 passed, 0 failed" "$tmp/out"; then
    ok "10^6 VLM_MAP/VLM_UNMAP cycles: one window address, reused"
else
    bad "window reuse, 10^6 cycles"
fi
summary soak
