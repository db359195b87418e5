#!/usr/bin/env bash
# tests/guest/run.sh [all|quick] — VLM/OS tests inside the emulator.
# Runs the guest test suite (usertests) in the configurations it needs,
# drives the shell through a pipe, runs host programs (a picolibc one and a
# bare Linux-style one), and checks exit statuses.  Ends with
# "N passed, N failed".  ALPHAVLM names the emulator binary.
set -u
mode=${1:-all}
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
why=$tmp/out why_show="tail -15"

# expect NAME STATUS PATTERN -- ARGS...: run, check status and output.
expect() {
    local name=$1 want=$2 pat=$3; shift 4
    timeout 600 "$emu" "$@" </dev/null >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" = "$want" ] && grep -qE -- "$pat" "$tmp/out"; then
        ok "$name"
    else
        echo "status $got (want $want), pattern '$pat'" >>"$tmp/out"
        bad "$name"
    fi
}

# The suite: every test passes, every frame comes back (usertests checks).
# "0 passed" is no pass: a run that ran nothing proves nothing.
expect "usertests (64M RAM, 16M per-process limit)" 0 "^[1-9][0-9]* passed, 0 failed" -- \
    run --ram 64M --proc-limit 16M usertests
if [ "$mode" = all ]; then
    expect "usertests sort, matmul: data > RAM/4 (16M RAM)" 0 "^2 passed, 0 failed" -- \
        run --ram 16M usertests sort matmul
    expect "usertests with the host clock (preemption by timer)" 0 "^4 passed, 0 failed" -- \
        run --clock host --ram 64M --proc-limit 16M usertests preempt fpu sleepkill limit
fi

# The VLM driver at a scaled-down limit (4 MiB) and RAM (64 MiB).
expect "vlmtests (64M RAM, 4M limit)" 0 "^20 passed, 0 failed" -- \
    run --ram 64M --proc-limit 4M vlmtests
if grep -q "(vlmdonor) killed: access to unmapped memory: load" "$tmp/out"; then
    ok "a donor that touches donated memory is killed: it is unmapped"
else
    bad "donor touch"
fi
# donate_nomem: the page a failed donation took is out of the donor's TLB too.
if grep -q "(vlmdonor) killed: access to unmapped memory: store" "$tmp/out" &&
   ! grep -q "vlmdonor: FAIL" "$tmp/out"; then
    ok "a donation that fails half-way leaves no stale TLB entry: the donor's store is killed"
else
    bad "donor store after a failed donation"
fi
if [ "$mode" = all ]; then
    expect "vlmtests with the host clock" 0 "^20 passed, 0 failed" -- \
        run --clock host --ram 64M --proc-limit 4M vlmtests
fi
expect "vlmdemo: 96 MiB at a 16 MiB limit, pattern verified, every frame back" 0 \
    "frames returned +[0-9]+ of [0-9]+ free before \\(all\\)" -- \
    run --ram 256M --proc-limit 16M vlmdemo 96M 16M
if grep -q "FIG. 7 step 702\] 96 MiB at a 16 MiB limit: 16 MiB direct, 5 donor(s)" "$tmp/out" &&
   grep -q "FIG. 10 step 1012\]" "$tmp/out" && grep -q "donors              5" "$tmp/out"; then
    ok "vlmdemo shows each step: 5 donors, all gone at FIG. 10 1012"
else
    bad "vlmdemo steps"
fi

expect "vlmdb: a VLM cache beyond the limit, every record right" 0 "every record read back right" -- \
    run --ram 256M --proc-limit 16M vlmdb --data 48M --vlm 64M --ops 100000
# The hit rate is the number before "%" (a non-number must fail the check,
# not compare as a string).
capped=$(awk '/limit-capped/ {print $5}' "$tmp/out"); vlm=$(awk '/VLM \(64-bit/ {print $6}' "$tmp/out")
if [[ $capped =~ ^[0-9.]+$ && $vlm =~ ^[0-9.]+$ ]] && awk -v a="$capped" -v b="$vlm" 'BEGIN { exit !(b + 0 > a + 10) }'; then
    ok "vlmdb: the VLM cache hits more often ($vlm% against $capped%)"
else
    bad "vlmdb hit rates: capped '$capped', VLM '$vlm'"
fi

# The property fuzzer (docs/vlmos.md): checked calls from consumers, their
# donors and bystanders at once, on a small machine.  fuzz NAME PASSLINE ARGS:
# the run must pass, and no process (a child's "vlmfuzz: FAIL", a donor's
# "vlmdonor: FAIL") may report a failure; those lines are shown if one does.
fuzz() {
    local name=$1 pat=$2; shift 2
    expect "$name" 0 "$pat" -- "$@"
    grep -E "FAIL|panic" "$tmp/out" | head -20 >"$tmp/fails"
    if [ ! -s "$tmp/fails" ]; then ok "$name: no process reported a failure"; else why=$tmp/fails bad "$name: failure reports"; fi
}
fuzz "vlmfuzz: 100,000 random calls, every result, memory and frame check" \
    "^vlmfuzz: PASS: 100000 calls in 4 processes" \
    run --ram 32M --proc-limit 4M vlmfuzz --seed 1 --calls 100000 --procs 4
if [ "$mode" = all ]; then
    fuzz "vlmfuzz: another seed, 6 processes" "^vlmfuzz: PASS: 60000 calls in 6 processes" \
        run --ram 48M --proc-limit 4M vlmfuzz --seed 7 --calls 60000 --procs 6
fi

# The shell: runs programs with arguments, prints how they ended, exits.
printf 'hello a "b c"\nusertests --child fault null\nnosuch\nexit 7\n' |
    timeout 60 "$emu" run --ram 64M sh >"$tmp/out" 2>&1
st=$?
if [ "$st" = 7 ] && grep -q 'hello from VLM/OS: \[hello\] \[a\] \[b c\]' "$tmp/out" &&
   grep -q '\[hello: exit 0\]' "$tmp/out" &&
   grep -q '\[usertests: killed: segmentation fault (status 139)\]' "$tmp/out" &&
   grep -q 'sh: nosuch: no such program' "$tmp/out"; then
    ok "sh runs programs, prints their status, exit 7"
else
    echo "status $st" >>"$tmp/out"; bad "sh"
fi
printf 'ls\n' | timeout 60 "$emu" run --ram 64M sh >"$tmp/out" 2>&1
if [ $? = 0 ] && grep -q 'usertests' "$tmp/out" && grep -q 'motd' "$tmp/out"; then
    ok "sh ends at end of input; ls lists the initrd"
else
    bad "sh at end of input"
fi

# Exit statuses and host programs.
expect "exit status is the program's" 139 "killed: null pointer dereference" -- \
    run --ram 64M usertests --child fault null
if [ "$(wc -l <"$tmp/out")" = 1 ] &&
   grep -Eq '^vlmos: pid 1 \(usertests\) killed: null pointer dereference: load at va 0x0, pc 0x[0-9a-f]+$' "$tmp/out"; then
    ok "a faulting process gets a one-line report, and the console nothing else"
else
    bad "one-line fault report"
fi
expect "a host program is added to the initrd and run" 0 "hello from VLM/OS: \[hello.elf\] \[x\]" -- \
    run --ram 64M build/workloads/hello.elf x
expect "a bare Linux-style program runs unchanged" 42 "^freestanding exit42" -- \
    run --ram 64M build/guest/exit42.elf
# ELF segments as Linux honours them: one R+W+X segment, code stored and run
# after fence.i, a large bss in an RWX segment.  qemu-riscv64 is the peer.
for t in rwe rwe_smc rwe_bss; do
    if qemu-riscv64 "build/guest/$t.elf" >"$tmp/q" 2>&1 && grep -q "PASS" "$tmp/q"; then
        expect "$t (as under qemu-riscv64)" 0 "^$t: .*PASS" -- run --ram 128M "build/guest/$t.elf"
    else
        bad "$t: qemu-riscv64 itself does not run it: $(head -1 "$tmp/q")"
    fi
done
# ELF files exec must refuse: status 127 and one line naming the problem.
refused() {  # refused FILE WHY
    timeout 60 "$emu" run --ram 64M "$tmp/bad/$1" </dev/null >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" = 127 ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
       grep -qx "vlmos: cannot start $1: $2" "$tmp/out"; then
        ok "exec refuses $1: $2"
    else
        echo "status $got (want 127 and one line: $2)" >>"$tmp/out"; bad "exec refuses $1"
    fi
}
mkdir -p "$tmp/bad" && python3 tests/guest/badelf.py build/guest/exit42.elf "$tmp/bad"
refused wrap "a segment wraps or leaves the 2 GiB user space"
refused leaves "a segment wraps or leaves the 2 GiB user space"
refused oddentry "the entry point is misaligned"
refused dataentry "the entry point is outside every executable segment"
expect "usertests: an unknown test name is an error, not 0 passed" 2 "^usertests: no test nosuch" -- \
    run --ram 64M usertests sparse nosuch
expect "an unknown program: a clear message" 127 "cannot start nosuch: no such program" -- \
    run --ram 64M nosuch
expect "meminfo" 0 "per-process limit +[0-9]+ pages +16.0 MiB" -- \
    run --ram 64M --proc-limit 16M meminfo
expect "ps" 0 "1 +0 run .* ps" -- run --ram 64M ps

summary guest
