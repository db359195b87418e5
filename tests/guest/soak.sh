#!/usr/bin/env bash
# tests/guest/soak.sh — the long runs that do not fit `make test`: the
# property fuzzer for 10^7 calls (it reports calls per second of wall time)
# and 10^6 VLM window map/unmap cycles (the window is reused, never used up).
# ALPHAVLM names the emulator binary.  Ends with "N passed, N failed".
set -u
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
why=$tmp/out why_show="tail -15"
calls=${SOAK_CALLS:-10000000}

t0=$(date +%s.%N)
timeout 3600 "$emu" run --ram 64M --proc-limit 4M vlmfuzz --seed 1 --calls "$calls" --procs 6 \
    </dev/null >"$tmp/out" 2>&1
st=$?
t1=$(date +%s.%N)
if [ "$st" = 0 ] && grep -q "^vlmfuzz: PASS: $calls calls" "$tmp/out"; then
    ok "vlmfuzz: $calls calls, every check passed"
else
    { grep -E "FAIL|panic" "$tmp/out" | head -20; echo "status $st"; } >"$tmp/why"
    why=$tmp/why bad "vlmfuzz soak"
fi
awk -v n="$calls" -v a="$t0" -v b="$t1" 'BEGIN { printf "vlmfuzz: %d calls in %.1f s: %.0f calls/s\n", n, b - a, n / (b - a) }'

timeout 3600 "$emu" run --ram 64M --proc-limit 4M vlmtests window_reuse_big </dev/null >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q "1000000 map/unmap cycles, every one at" "$tmp/out" && grep -q "^1 passed, 0 failed" "$tmp/out"; then
    ok "10^6 VLM_MAP/VLM_UNMAP cycles: one window address, reused"
else
    bad "window reuse, 10^6 cycles"
fi
summary soak
