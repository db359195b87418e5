#!/usr/bin/env bash
# tests/machine/run.sh DIR [all|quick] — machine-level tests.
# Boots each test image with `alphavlm run --kernel`, checks its exit status
# and PASS line; checks clock determinism across two runs; checks that bad
# input gets a one-line error and status 2.  Ends with "N passed, N failed".
# ALPHAVLM names the emulator binary (default build/alphavlm).
set -u
suite_secs=${suite_secs:-900}                                 # the whole suite (tests/lib.sh; tests/all.sh sets it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"                  # takes --shard K/N, --junit FILE, --list
dir=${1:-build/machine}
mode=${2:-all}
why=$tmp/err why_show="head -5"

# expect NAME STATUS PATTERN -- ARGS...: run, check status and stdout+stderr.
expect() {
    local name=$1 want=$2 pat=$3; shift 4
    tcase "$name" || return 0
    run_bounded "$name" 120 "$emu" "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = "$want" ] && grep -qE -- "$pat" "$tmp/out" "$tmp/err"; then
        ok "$name"
    else
        echo "    status $got (want $want), output:" >>"$tmp/err"
        tail -5 "$tmp/out" >>"$tmp/err"
        bad "$name"
    fi
}

# A bad-input case: status 2 and exactly one line on stderr, nothing else.
reject() {
    local name=$1; shift
    tcase "$name" || return 0
    run_bounded "$name" 30 "$emu" "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$? lines
    lines=$(wc -l <"$tmp/err")
    if [ "$got" = 2 ] && [ "$lines" = 1 ] && [ ! -s "$tmp/out" ]; then
        ok "$name: $(cat "$tmp/err")"
    else
        echo "    status $got, $lines stderr lines" >>"$tmp/err"
        bad "$name"
    fi
}

R="run --ram 64M"
for t in t_entries t_tnv_fix t_user t_swpctx t_tbis t_imb; do
    expect "$t" 0 "$t: PASS" -- $R --kernel "$dir/$t.elf"
done
expect "t_entries (fast TLB, host clock)" 0 "t_entries: PASS" -- $R --clock host --kernel "$dir/t_entries.elf"
expect "t_user (fast TLB)" 0 "t_user: PASS" -- $R --tlb fast --kernel "$dir/t_user.elf"
expect "t_tnv_fix (the smallest TLBs: constant eviction)" 0 "t_tnv_fix: PASS" -- $R --itb 2 --dtb 2 --kernel "$dir/t_tnv_fix.elf"
expect "t_straddle: an instruction across a page boundary with --itb 2" 0 "t_straddle: PASS" -- $R --itb 2 --dtb 2 --kernel "$dir/t_straddle.elf"
expect "t_restart: stops for TLB evictions never re-execute work" 0 "t_restart: PASS" -- $R --dtb 2 --kernel "$dir/t_restart.elf"
expect "t_restart: host-timer stops never re-execute work" 0 "t_restart: PASS" -- $R --clock host --quantum 100 --kernel "$dir/t_restart.elf"
expect "t_restart: exact-TLB evictions under the host clock" 0 "t_restart: PASS" -- $R --clock host --tlb exact --dtb 2 --kernel "$dir/t_restart.elf"
# An exact-TLB eviction drops just the victim's page from QEMU's cache, at
# once in the fill hook (emu/cpu.c cpu_flush_tlb_pages), not all of it at a stop.
expect "t_restart: exact-TLB evictions flush one page each, no whole flush" 0 \
    "QEMU TLB cache flushes [0-9] \(of pages [0-9]{4,}\)" -- $R --stats --dtb 2 --kernel "$dir/t_restart.elf"

# Stop storm: thousands of host-timer stops give the checksum the instruction
# clock gives, and exact atomic counts (t_storm: PASS) in both clocks.
storm() {
    run_bounded "t_storm ($*)" 300 "$emu" $R --quantum 100 --stats "$@" --kernel "$dir/t_storm.elf" 2>&1 |
        awk '/t_storm: checksum/ {c=$3} /t_storm: PASS/ {p=1} /exit checks after loads and stores are off/ {x=1}
             /CPU restarts/ {for (i=1;i<NF;i++) if ($i=="restarts") r=$(i+1)}
             END {print c, r+0, p+0, x+0}'
}
if tcase "t_storm"; then
    read -r sum_i _ pass_i _ <<<"$(storm --clock icount)"
    # The host clock's stops come straight from the timer thread: Unicorn's
    # exit checks after loads and stores are off (emu/cpu.c), so they land at
    # block starts without a block hook.
    read -r sum_h stops pass_h off_h <<<"$(storm --clock host)"
    if [ -n "$sum_i" ] && [ "$sum_i" = "$sum_h" ] && [ "$stops" -ge 1000 ] &&
       [ "$pass_i$pass_h$off_h" = 111 ]; then
        ok "t_storm: $stops asynchronous stops, same checksum as the instruction clock, exact atomics"
    else
        echo "    icount $sum_i, host $sum_h after $stops stops; PASS icount $pass_i host $pass_h; exit checks off $off_h" >"$tmp/err"
        bad "t_storm"
    fi
fi
expect "t_demo" 0 "t_demo: PASS" -- $R --kernel "$dir/t_demo.elf"
expect "t_clock" 0 "t_clock: PASS" -- $R --quantum 5000 --kernel "$dir/t_clock.elf"
# All 8 bits of it: a status truncated to 7 (or sign-extended) is wrong.
expect "t_halt: exit status is the guest's" 42 "t_halt.*status 42: PASS" -- $R --kernel "$dir/t_halt.elf"
expect "t_halt: exit status 255" 255 "t_halt.*status 255: PASS" -- $R --kernel "$dir/t_halt.elf" 255
expect "t_halt: exit status 128+72 (the top bit kept)" 200 "t_halt.*status 200: PASS" -- $R --kernel "$dir/t_halt.elf" 200
expect "t_halt: exit status 128+1" 129 "t_halt.*status 129: PASS" -- $R --kernel "$dir/t_halt.elf" 129
expect "machine check halts the machine, not the emulator" 125 "machine check: entMM" -- $R --kernel "$dir/t_mchk.elf"
# A broken kernel: machine check (125) and a first line naming the cause, at
# once; then the crash report (registers, backtrace: docs/debugging.md).
broken() {  # broken SCENARIO PATTERN
    tcase "broken kernel ($1)" || return 0
    run_bounded "broken kernel ($1)" 30 "$emu" $R --kernel "$dir/t_broken.elf" "$1" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" = 125 ] && head -1 "$tmp/err" | grep -qE -- "$2" && grep -q "^  backtrace" "$tmp/err"; then
        ok "broken kernel ($1): $(head -1 "$tmp/err")"
    else
        echo "    status $got (want 125)" >>"$tmp/err"; cat "$tmp/out" >>"$tmp/err"; bad "broken kernel ($1)"
    fi
}
broken stack "machine check: entMM: kernel stack 0x30000ef0 does not map"
broken frame "machine check: rti: trap frame at 0x30000000 does not map"
broken pcb "machine check: swpctx: PCB at PA 0x[0-9a-f]+ is not in RAM"
broken l2 "machine check: broken page tables \(table outside RAM\) translating 0x400000000"
broken entmm "machine check: entMM handler at 0x30000000 does not map"
broken pc0 "machine check: entMM: kernel stack 0x[0-9a-f]+ does not map"
if tcase "crash report at pc 0 in kernel mode"; then      # broken pc0's report, checked whole
    timeout 10 "$emu" $R --kernel "$dir/t_broken.elf" pc0 >"$tmp/out" 2>"$tmp/err"
    if grep -q "^  pc 0000000000000000  kernel mode" "$tmp/err" && ! grep -q "user mode" "$tmp/err" &&
       grep -q "^  backtrace (none: pc is 0" "$tmp/err"; then
        ok "crash report at pc 0 in kernel mode: no word of user mode"
    else
        bad "crash report at pc 0 in kernel mode"
    fi
fi
expect "--max-insns stops a runaway guest" 124 "instruction limit reached" -- $R --max-insns 2000000 --kernel "$dir/t_spin.elf"

# Determinism: the same run twice gives the same console bytes.
if tcase "clock determinism"; then
    run_bounded "clock determinism: run 1" 120 "$emu" $R --quantum 5000 --kernel "$dir/t_clock.elf" >"$tmp/c1" 2>&1
    run_bounded "clock determinism: run 2" 120 "$emu" $R --quantum 5000 --kernel "$dir/t_clock.elf" >"$tmp/c2" 2>&1
    if cmp -s "$tmp/c1" "$tmp/c2" && grep -q "tick 19 at" "$tmp/c1"; then
        ok "clock interrupts at identical instruction counts in two runs"
    else
        diff "$tmp/c1" "$tmp/c2" >"$tmp/err"; bad "clock determinism"
    fi
    run_bounded "clock determinism: run 3" 120 "$emu" $R --quantum 7000 --kernel "$dir/t_clock.elf" >"$tmp/c3" 2>&1
    if ! cmp -s "$tmp/c1" "$tmp/c3"; then ok "a different --quantum changes the tick times"; else bad "quantum"; fi
fi

if [ "$mode" = all ]; then
    echo "not an elf" >"$tmp/text"
    head -c 200 "$dir/t_halt.elf" >"$tmp/trunc.elf"
    cp "$dir/t_halt.elf" "$tmp/corrupt.elf"
    printf '\xff\xff\xff\xff\xff\xff\xff\x7f' | dd of="$tmp/corrupt.elf" bs=1 seek=32 conv=notrunc 2>/dev/null
    reject "missing kernel file" run --kernel "$tmp/nope.elf"
    reject "kernel is a directory" run --kernel "$tmp"
    reject "not an ELF" run --kernel "$tmp/text"
    reject "empty file" run --kernel /dev/null
    reject "x86-64 ELF" run --kernel "$(type -P true)"
    reject "truncated ELF" run --kernel "$tmp/trunc.elf"
    reject "corrupt program header offset" run --kernel "$tmp/corrupt.elf"
    reject "kernel does not fit in RAM" run --ram 1M --kernel "$dir/t_halt.elf"
    reject "unknown option" run --bogus --kernel "$dir/t_halt.elf"
    reject "option without value" run --kernel
    reject "bad --ram" run --ram 12Q --kernel "$dir/t_halt.elf"
    reject "--ram not page-aligned" run --ram 1000001 --kernel "$dir/t_halt.elf"
    reject "bad --clock" run --clock sundial --kernel "$dir/t_halt.elf"
    reject "bad --quantum" run --quantum 0 --kernel "$dir/t_halt.elf"
    reject "bad --itb" run --itb 5000 --kernel "$dir/t_halt.elf"
    reject "--itb 1 (an instruction can straddle two pages)" run --itb 1 --kernel "$dir/t_halt.elf"
    reject "--quantum below VLM/OS's clock path" run --ram 64M --quantum 390 hello
    reject "--quantum below any kernel's" run --quantum 50 --kernel "$dir/t_halt.elf"
    reject "--ram too small for VLM/OS and one program" run --ram 2M hello
    reject "unknown short option" run -x hello
    reject "a flag given a value" run --stats=1 hello
    reject "host program that does not exist" run --ram 64M "$tmp/nope/prog"
    reject "host program that is a directory" run --ram 64M "$tmp/"
    head -c 300 build/initrd.cpio >"$tmp/cut.cpio"
    reject "truncated initrd" run --ram 64M --initrd "$tmp/cut.cpio" hello
    reject "initrd that is not cpio" run --ram 64M --initrd "$tmp/text" hello
    reject "unknown command" frobnicate
    reject "missing initrd" run --initrd "$tmp/none" --kernel "$dir/t_halt.elf"
    expect "--help" 0 "usage: alphavlm run" -- --help
    if tcase "no arguments"; then
        run_bounded "no arguments" 10 "$emu" >"$tmp/out" 2>"$tmp/err"
        if [ $? = 2 ] && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -le 5 ] && grep -q "usage:" "$tmp/err"; then
            ok "no arguments: a short usage on stderr, status 2"
        else
            bad "no arguments"
        fi
    fi
fi

summary
