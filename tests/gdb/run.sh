#!/usr/bin/env bash
# tests/gdb/run.sh — the gdb stub against the real gdb-multiarch in batch
# mode (tests/gdb/t_*.gdb), a raw-socket test of bad input (rsp_bad.py) and
# the crash report of a kernel panic.  Sessions run in parallel, each on a
# free port of its own (picked by the kernel; a lost race is retried).
# Ends with "N passed, N failed".  ALPHAVLM names the emulator binary.
set -u
suite_secs=${suite_secs:-900}                                 # the whole suite (tests/lib.sh; tests/all.sh sets it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
build=${BUILD:-build}
kernel=$build/guestos/kernel.elf
demo=$build/gdb/gdbdemo.elf
dir=$(dirname "$0")

free_port() {   # (python's start-up takes seconds on a loaded machine: ten start at once)
    timeout $((60 * bound_scale)) python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start NAME STDIN EMU-ARGS...: alphavlm run --gdb PORT --gdb-wait in the
# background, once the stub listens (30 s at most); $tmp/NAME.{out,err,pid,port}.
start() {
    local name=$1 in=$2 port pid i; shift 2
    for _ in 1 2 3 4 5; do
        # (python3 can fail to start on a loaded machine: try again)
        port=$(free_port) && [ -n "$port" ] || { echo "no free port: python3 failed" >>"$tmp/$name.err"; sleep 1; continue; }
        "$emu" run --gdb "$port" --gdb-wait "$@" <"$in" >"$tmp/$name.out" 2>"$tmp/$name.err" &
        pid=$!
        for ((i = 0; i < 600 * bound_scale; i++)); do
            kill -0 "$pid" 2>/dev/null && ! grep -qs "gdb stub on" "$tmp/$name.err" || break
            sleep 0.05
        done
        if grep -qs "gdb stub on" "$tmp/$name.err"; then
            echo "$pid" >"$tmp/$name.pid"
            echo "$port" >"$tmp/$name.port"
            return 0
        fi
        kill "$pid" 2>/dev/null                  # (still silent after 30 s)
        wait_bounded "gdb $name: the emulator that did not listen" 10 "$pid" >>"$tmp/$name.err"
        grep -q "cannot listen" "$tmp/$name.err" || return 1
    done
    return 1
}

# finish NAME: the emulator's exit status into $tmp/NAME.status (killed after
# 60 s: a timeout, reported, status 124).
finish() {
    wait_bounded "gdb $1: the emulator" 60 "$(cat "$tmp/$1.pid")"
    echo $? >"$tmp/$1.status"
}

# begin NAME STDIN EMU-ARGS...: start, or record why not (status 99) and fail.
begin() {
    local name=$1
    start "$@" && return 0
    echo "FAIL: the emulator did not start its stub" >"$tmp/$name.gdb"
    echo 99 >"$tmp/$name.status"
    return 1
}

# session NAME STDIN SYMS EMU-ARGS...: one gdb script (t_NAME.gdb) against a fresh machine.
session() {
    local name=$1 in=$2 syms=$3; shift 3
    begin "$name" "$in" "$@" || return
    run_bounded "gdb $name: gdb-multiarch" 120 gdb-multiarch -batch -nx -x "$dir/alphavlm.gdb" \
        ${syms:+-ex "add-symbol-file $syms"} \
        -ex "target remote 127.0.0.1:$(cat "$tmp/$name.port")" -x "$dir/t_$name.gdb" \
        "$kernel" >"$tmp/$name.gdb" 2>&1
    finish "$name"
}

# raw NAME MODE STDIN EMU-ARGS...: rsp_bad.py MODE on a raw socket against a fresh machine.
raw() {
    local name=$1 mode=$2 in=$3; shift 3
    begin "$name" "$in" "$@" || return
    run_bounded "gdb $name: rsp_bad.py" 120 python3 "$dir/rsp_bad.py" "$mode" "$(cat "$tmp/$name.port")" >"$tmp/$name.gdb" 2>&1
    finish "$name"
}

# check NAME STATUS PATTERN...: the emulator's status, and each pattern
# (grep -E) in gdb's output.
check() {
    local name=$1 want=$2 got p missing=""; shift 2
    got=$(cat "$tmp/$name.status")
    for p in "$@"; do
        grep -qE -- "$p" "$tmp/$name.gdb" || missing="$missing '$p'"
    done
    if [ "$got" = "$want" ] && [ -z "$missing" ]; then
        ok "$name"
    else
        why=$tmp/$name.why
        { echo "status $got (want $want); missing:$missing"; tail -30 "$tmp/$name.gdb";
          tail -5 "$tmp/$name.err"; } >"$why"
        bad "$name"
    fi
}

printf 'hello\nexit\n' >"$tmp/sh.in"
SH_MAIN=$(riscv64-unknown-elf-nm "$build/workloads/sh.elf" | awk '$3 == "main" {print "0x" $1}')
export SH_MAIN                                  # t_threads.gdb reads sh's memory there
jobs_=()
session accept /dev/null "$demo" "$demo" & jobs_+=($!)
session regs /dev/null "$demo" "$demo" & jobs_+=($!)
session ecall /dev/null "$demo" "$demo" & jobs_+=($!)
session threads "$tmp/sh.in" "" sh & jobs_+=($!)
session pt /dev/null "$demo" --trace "$tmp/pt.trc" "$demo" & jobs_+=($!)
session panic /dev/null "" --args crashtest hello & jobs_+=($!)
session ptewatch /dev/null "$demo" "$demo" & jobs_+=($!)
# A threaded Linux program (gdbthreads.c), built here as tests/linux builds them.
if riscv64-linux-gnu-gcc -static -O2 -Wall -Werror -o "$tmp/gdbthreads" "$dir/gdbthreads.c" 2>"$tmp/mthreads.gdb"; then
    session mthreads /dev/null "" "$tmp/gdbthreads" & jobs_+=($!)
else
    echo 99 >"$tmp/mthreads.status"
fi
# A shell waiting for a line that never comes (the fifo stays open): the
# guest sleeps in the host's console wait, and Ctrl-C must still stop it.
mkfifo "$tmp/fifo"
exec 8<>"$tmp/fifo"
raw bad bad /dev/null "$demo" & jobs_+=($!)
raw intr intr /dev/null "$demo" spin & jobs_+=($!)
raw intrsh intr "$tmp/fifo" sh & jobs_+=($!)
# Each session bounds its own steps (30 + 120 + 60 s); this is the backstop.
for j in "${jobs_[@]}"; do wait_bounded "gdb: a session" 300 "$j"; done
exec 8>&-

check accept 3 "Breakpoint 1, fault_in" "^#1 .* in vm_fault" "^#2 .* in trap_mm" "^#3 .* in ent_mm" \
    "Thread 2 \(pid 1 tid 1 \(gdbdemo.elf\)" "=> 0x[0-9a-f]+ <main\+[0-9]+>:[[:space:]]+s[bhwd][[:space:]]"
# The instruction thread 2 shows is the one the trap frame says faulted.
upc=$(sed -n 's/^user_pc=//p' "$tmp/accept.gdb"); fpc=$(sed -n 's/^frame_pc=//p' "$tmp/accept.gdb")
if [ -n "$upc" ] && [ "$upc" = "$fpc" ]; then ok "thread 2's pc is the faulting pc ($upc)"; else
    echo "thread 2 pc '$upc', trap frame pc '$fpc'" >"$tmp/why"; bad "thread 2's pc"; fi

check regs 137 "Breakpoint 1, trap_syscall" "^mode +0x0" "^ipl +0x0" "^ptbr +0x[0-9a-f]+" \
    "^asn +0x1[[:space:]]" "^usp +0x7fff" "^ksp +0xfffffc" "^pcbb +0x" "^x?pc +0xffffffff801" \
    "^ticks=[0-9]+ mode=0 ptbr=0x[1-9a-f]" "Breakpoint 2, bump \(n=n@entry=1\)" \
    "^counter=0 n=1 mode=1" "^ticks_from_user=[0-9]+" "Hardware watchpoint 3: counter" "Old value = 0" "New value = 1" \
    "Old value = 1" "New value = 3" "^counter=3$"
check ecall 3 "^trap_landed=ent_mm$" "^before: mode=1" ":[[:space:]]+ecall" "^after: mode=0 ipl=0" \
    "^ent_sys in section" "^kernel_step: ent_sys \+ 2 in section" "^retsys: mode=1" "^getpid \+ [0-9]+ in section"
check threads 0 "Thread 2 \(pid 1 tid 1 \(sh\), (sleeping|runnable)" "Thread 3 \(pid 2 tid 2 \(hello\), running" \
    "=> 0x[0-9a-f]+:"
# Five threads of one process: main and two workers asleep, the exiting one on the CPU.
check mthreads 0 "Thread 2 \(pid 1 tid 1 \(gdbthreads\), sleeping" "Thread 3 \(pid 1 tid 2 \(gdbthreads\), sleeping" \
    "Thread 4 \(pid 1 tid 3 \(gdbthreads\), sleeping" "Thread 5 \(pid 1 tid 4 \(gdbthreads\), running \(on the CPU\)"

check ptewatch 3 "L3: PTE at PA 0x[0-9a-f]+ = 0x[0-9a-f]+  -V .*SW:commit" \
    "Hardware watchpoint 2: \*\(unsigned long \*\)0xfffffc" "^#0 .* in page_in " "^#1 .* in fault_in " \
    "L3: PTE at PA 0x[0-9a-f]+ = 0x[0-9a-f]+  V KRE URE KWE UWE .*PFN=0x[1-9a-f]"

# Thread 2 (sh, switched out) shows sh's memory, not the running hello's:
# 16 bytes at main, where the two ELFs differ (both link main at one VA).
elf_bytes() {  # elf_bytes ELF VA: 16 bytes at VA, in hex (objdump -s lines from a 16-byte boundary)
    local base=$(($2 & ~15)) hex
    hex=$(riscv64-unknown-elf-objdump -s --start-address=$base --stop-address=$((base + 32)) "$1" |
          sed -nE 's/^ [0-9a-f]+ (.{35}).*/\1/p' | tr -d ' \n')
    echo "${hex:$((($2 - base) * 2)):32}"
}
got=$(sed -n 's/.* sh_bytes=//p' "$tmp/threads.gdb")
want=$(elf_bytes "$build/workloads/sh.elf" "$SH_MAIN")
hello=$(elf_bytes "$build/workloads/hello.elf" "$SH_MAIN")
if [ -n "$got" ] && [ "$got" = "$want" ] && [ "$want" != "$hello" ]; then
    ok "thread 2's memory is sh's, through its page tables (main at $SH_MAIN: not hello's bytes)"
else
    echo "sh's main $SH_MAIN: stub $got, sh.elf $want, hello.elf $hello" >"$tmp/why"; bad "thread 2 memory"
fi

# monitor info pt agrees with the trace's own walk of the same page.
check pt 3 "^counter_va=0x" "^ITB \(48 entries\)" "^DTB \(64 entries\)" "user rw-" \
    "^  (zeroed|boot|kernel|page table|process) +[0-9]+" "instructions [0-9]+" \
    "walk of va 0x10000 \(PTBR" "no process with pid 99" "monitor commands:"
va=$(sed -n 's/^counter_va=//p' "$tmp/pt.gdb")
page=$(printf '%#x' $(( ${va:-0} & ~0x1fff )))
mon=$(awk '/^walk of va '"$va"' /{f=1; next} f && /^  L[123]: PTE/ {print $1, $5, $7} f && /->/ {exit}' \
      "$tmp/pt.gdb" | tr -d ':')
trc=$(run_bounded "gdb pt: trace dump" 60 "$emu" trace dump "$tmp/pt.trc" 2>&1 | awk '/TLB_MISS va='"$page"' read DTB/ {f=1; next}
      f && / PTE L/ {match($0, / PTE L[123] pte_pa=[^ ]+ pte=[^ ]+/); split(substr($0, RSTART, RLENGTH), a, " ")
                     sub("pte_pa=", "", a[3]); sub("pte=", "", a[4]); print a[2], a[3], a[4]; n++}
      f && n == 3 {exit}')
if [ -n "$mon" ] && [ "$mon" = "$trc" ]; then ok "monitor info pt = the trace's walk of $page"; else
    printf 'monitor:\n%s\ntrace:\n%s\n' "$mon" "$trc" >"$tmp/why"; bad "monitor info pt vs trace"; fi

check panic 255 "received signal SIGABRT" "^#[01] .*panic \\(fmt=" "^#[12] .* in trap_mm " "^#[23] .* in ent_mm " \
    "exited with code 0377"

# Bad input: every malformed packet answered, the second client refused, the
# dropped connection leaves the guest to its normal exit (3); Ctrl-C, k (137)
# on a computing guest and on one asleep in the console wait.
for r in "bad 3" "intr 137" "intrsh 137"; do
    set -- $r
    if [ "$(cat "$tmp/$1.status")" = "$2" ] && grep -q "^PASS" "$tmp/$1.gdb" && ! grep -q "^FAIL" "$tmp/$1.gdb"; then
        ok "raw socket: $1 ($(grep -c '^PASS' "$tmp/$1.gdb") checks)"
    else
        { echo "status $(cat "$tmp/$1.status") (want $2)"; grep -v "^PASS" "$tmp/$1.gdb"; tail -3 "$tmp/$1.err"; } >"$tmp/why"
        bad "raw socket: $1"
    fi
done

# The acceptance scenario through `make gdb`'s own script, typed on its stdin.
printf 'b fault_in\nc\nbt\nthread 2\nx/i $pc\ndetach\nquit\n' |
    run_bounded "make gdb scenario" 120 bash scripts/gdb.sh "$build" >"$tmp/out" 2>&1
why=$tmp/out
if grep -q "hit Breakpoint 1, fault_in" "$tmp/out" && grep -qE "^#2 .* in trap_mm" "$tmp/out" &&
   grep -qE "=> 0x[0-9a-f]+ <main\+[0-9]+>:[[:space:]]+s[bhwd][[:space:]]" "$tmp/out" &&
   grep -q "gdbdemo: counter 3" "$tmp/out"; then
    ok "make gdb: b fault_in, c, bt, thread 2, x/i \$pc shows the faulting store"
else
    bad "make gdb scenario"
fi

# Crash reports with names, without gdb: a kernel panic's backtrace crosses
# the exception frame into the function that faulted; a killed process is
# named from its ELF.
run_bounded "panic report" 120 "$emu" run --args crashtest hello >"$tmp/out" 2>&1
st=$?
why=$tmp/out
n=0
for p in "^alphavlm: bugchk: trap_mm: kernel fault at va 0x10, " "^  pc [0-9a-f]{16}  kernel mode  IPL 7" \
         "^    s0 [0-9a-f]{16}" "^  #0  [0-9a-f]{16}  panic\+0x[0-9a-f]+ \(" \
         "^  #1  [0-9a-f]{16}  trap_mm\+0x[0-9a-f]+ \(guestos/trap.c:[0-9]+\)$" \
         "^  #2  [0-9a-f]{16}  ent_mm\+0x[0-9a-f]+ \(guestos/entry.S:[0-9]+\)$" \
         "^  #3  [0-9a-f]{16}  crashtest\+0x[0-9a-f]+ \(guestos/kmain.c:[0-9]+\)   <- interrupted here \(entMM frame\)$" \
         "^  #4  [0-9a-f]{16}  kmain\+0x[0-9a-f]+ \(guestos/kmain.c:[0-9]+\)$" \
         "^  #5  [0-9a-f]{16}  _start\+0x[0-9a-f]+ \(guestos/entry.S:[0-9]+\)$"; do
    grep -qE -- "$p" "$tmp/out" || { echo "missing: $p" >>"$tmp/out"; n=1; }
done
if [ "$st" = 255 ] && [ "$n" = 0 ]; then ok "panic: registers and a named backtrace through the exception frame"
else echo "status $st (want 255)" >>"$tmp/out"; bad "panic report"; fi

run_bounded "kill report" 120 "$emu" run "$demo" crash >"$tmp/out" 2>&1
st=$?
if [ "$st" = 139 ] && grep -qE "^vlmos: pid 1 \(gdbdemo.elf\) killed: null pointer dereference: store at va 0x10, pc 0x[0-9a-f]+ in crash\+0x[0-9a-f]+ \(tests/gdb/gdbdemo.c:[0-9]+\)$" "$tmp/out"; then
    ok "a killed process is reported with function+offset (file:line)"
else echo "status $st (want 139)" >>"$tmp/out"; bad "kill report"; fi

summary gdb
