#!/usr/bin/env bash
# tests/guest/run.sh [all|quick] — VLM/OS tests inside the emulator.
# Runs the guest test suite (usertests) in the configurations it needs (the
# defaults too), drives the shell through a pipe and at a terminal (tmux),
# runs host programs (a picolibc one and a
# bare Linux-style one), and checks exit statuses.  Ends with
# "N passed, N failed".  ALPHAVLM names the emulator binary.
set -u
suite_secs=${suite_secs:-2400}                                # the whole suite (tests/lib.sh; tests/all.sh sets it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"                  # takes --shard K/N, --junit FILE, --list
mode=${1:-all}
why=$tmp/out why_show="tail -15"
: >"$tmp/out"            # the checks after an expect read it, also where another shard ran it

# expect NAME STATUS PATTERN -- ARGS...: run, check status and output.
expect() {
    local name=$1 want=$2 pat=$3; shift 4
    tcase "$name" || return 0
    emu_secs=600 alphavlm "$@" </dev/null >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" = "$want" ] && grep -qE -- "$pat" "$tmp/out"; then
        ok "$name"
    else
        echo "status $got (want $want), pattern '$pat'" >>"$tmp/out"
        bad "$name"
    fi
}

# At the defaults (16 GiB RAM, a 2 GiB limit) the suite takes longest (two
# processes touch nearly 2 GiB each): it runs beside the rest, checked at the end.
defaults_pid=""
if [ "$mode" = all ] && tcase "usertests at the defaults"; then
    emu_secs=900 alphavlm run usertests </dev/null >"$tmp/defaults.out" 2>&1 &
    defaults_pid=$!
fi

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
expect "vlmtests (64M RAM, 4M limit)" 0 "^22 passed, 0 failed" -- \
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
    expect "vlmtests with the host clock" 0 "^22 passed, 0 failed" -- \
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
# Issue 21: one call in 10 is a process op: a consumer forks (COW pages, the
# window not inherited, its handles not the child's) or runs 2-4 threads on
# the driver (joined, ended by exit_group, or killed); any process execs a
# child or signals one blocked in VLM_ALLOC (a handler, the kernel's
# trampoline); the spawner stops donors and continues or kills them.
fuzz "vlmfuzz: fork, exec, signals, threads and stopped donors" \
    "^vlmfuzz: PASS: 20000 calls in 4 processes" \
    run --ram 32M --proc-limit 4M vlmfuzz --seed 1 --calls 20000 --procs 4 --forks 10
if [ "$mode" = all ]; then
    fuzz "vlmfuzz: process ops, another seed" "^vlmfuzz: PASS: 20000 calls in 4 processes" \
        run --ram 32M --proc-limit 4M vlmfuzz --seed 5 --calls 20000 --procs 4 --forks 10
fi

# No user action stops the kernel (issue 18): the attacker fills RAM files, pipes,
# page tables and VLM handles to exhaustion in all 24 orders, then frees, exits or is
# killed; every refusal must be an errno, committed pages must stay reachable, and
# memaudit must balance and come back after each order (a panic is status 255).
fuzz "attack: every exhaustion an errno, the books back (16M RAM)" \
    "^attack: PASS: 24 orders" run --ram 16M --proc-limit 4M attack
fuzz "attack: every exhaustion an errno, the books back (64M RAM)" \
    "^attack: PASS: 24 orders" run --ram 64M --proc-limit 16M attack
if [ "$mode" = all ]; then
    fuzz "attack: every exhaustion an errno, the books back (1G RAM)" \
        "^attack: PASS: 24 orders" run --ram 1G --proc-limit 64M attack
fi

# The shell: runs programs with arguments, prints how they ended, exits.
if tcase "sh runs programs"; then
    printf 'hello a "b c"\nusertests --child fault null\nnosuch\nexit 7\n' |
        emu_secs=60 alphavlm run --ram 64M sh >"$tmp/out" 2>&1
    st=$?
    if [ "$st" = 7 ] && grep -q 'hello from VLM/OS: \[hello\] \[a\] \[b c\]' "$tmp/out" &&
       ! grep -q '\[hello: exit 0\]' "$tmp/out" &&
       grep -q '\[usertests: killed: segmentation fault (status 139)\]' "$tmp/out" &&
       grep -q 'sh: nosuch: no such program' "$tmp/out"; then
        ok "sh runs programs, prints their status, exit 7"
    else
        echo "status $st" >>"$tmp/out"; bad "sh"
    fi
fi
if tcase "sh at end of input"; then
    printf 'ls\n' | emu_secs=60 alphavlm run --ram 64M sh >"$tmp/out" 2>&1
    if [ $? = 0 ] && grep -q 'usertests' "$tmp/out" && grep -q 'motd' "$tmp/out"; then
        ok "sh ends at end of input; ls lists the initrd"
    else
        bad "sh at end of input"
    fi
fi

# The shell's syntax: pipelines, redirection, ";", "&" and wait, cd, pwd,
# echo, $?; bad input gets one clean line (no raw escape bytes).
if tcase "sh syntax"; then
    printf '%s\n' 'ls | cat > out; cat out' 'echo a "b  c" > f; echo $? >> f; cat < f | cat' \
        'cd nosuch; echo "st=$?"; pwd; rm out f; cat out' 'sleep 0.1 & hello bg & wait' \
        'echo x > d/a; cd d; pwd; ls; cat < a; cd ..; ls; rm d/a; ls' \
        "$(printf 'no\033[Asuch')" '| x' 'echo "open' 'cat motd | nosuch | cat' 'exit 4' |
        emu_secs=60 alphavlm run --ram 64M sh >"$tmp/out" 2>&1
    st=$?
    if [ "$st" = 4 ] && grep -q '^\$ [a-z ]*cat  hello  .*ls .*usertests' "$tmp/out" &&
       grep -q 'a b  c$' "$tmp/out" && grep -qx '0' "$tmp/out" &&
       grep -q 'sh: cd: nosuch: No such file or directory' "$tmp/out" && grep -qx 'st=1' "$tmp/out" &&
       grep -qx '/' "$tmp/out" && grep -q 'cat: out: No such file or directory' "$tmp/out" &&
       grep -qx '\[done sleep: exit 0\]' "$tmp/out" && grep -q 'hello from VLM/OS: \[hello\] \[bg\]' "$tmp/out" &&
       grep -q 'sh: no^\[\[Asuch: no such program' "$tmp/out" && ! grep -q "$(printf '\033')" "$tmp/out" &&
       grep -q 'sh: syntax error near |' "$tmp/out" && grep -q 'sh: unterminated quote' "$tmp/out" &&
       grep -q 'sh: nosuch: no such program' "$tmp/out" && grep -qx '\$ /d' "$tmp/out" &&
       grep -qx 'a' "$tmp/out" && grep -qx 'x' "$tmp/out" && grep -q 'vlmtests  d/$' "$tmp/out" &&
       [ "$(grep -c 'vlmtests\(  out\)\?$' "$tmp/out")" = 2 ]; then   # out's listing (ls and cat > out
        # run at once: ls may see out), and after rm
        ok "sh: pipes, < > >>, ;, & and wait, cd, pwd, echo, \$?, a directory implied by a file, clean errors"
    else
        echo "status $st" >>"$tmp/out"; bad "sh syntax"
    fi
fi

# The shell at a terminal (tmux): line editing, history, Ctrl-C (status 130).
# Each step waits for the screen to show what it expects (no fixed delays).
screen_has() {  # screen_has PATTERN: wait up to 30 s for it on the screen
    for _ in $(seq 300); do
        tmux capture-pane -p -t "$tsess" >"$tmp/out" 2>/dev/null
        grep -qE -- "$1" "$tmp/out" && return 0
        sleep 0.1
    done
    echo "screen never showed: $1" >>"$tmp/out"; return 1
}
if tcase "sh at a terminal"; then
    tsess=vlmsh$$
    # tmux's server is no child of ours: end the session even if the suite is cut short.
    trap 'tmux kill-session -t "$tsess" 2>/dev/null; rm -rf "$tmp"' EXIT
    if tmux new-session -d -s "$tsess" -x 150 -y 40 "$emu run --ram 64M; echo EXITED \$?; sleep 60"; then
        tmux_ok=0
        screen_has 'Type help for help' &&     # the terminal is raw now: keys are not flushed
        { tmux send-keys -t "$tsess" 'ls | cat > out; cat out' Enter; screen_has '^[a-z ]*cat  hello  .*ls '; } &&
        { tmux send-keys -t "$tsess" Up; screen_has '^\$ ls \| cat > out; cat out$'; } &&
        { tmux send-keys -t "$tsess" C-e BSpace BSpace BSpace motd C-a Right Right BSpace BSpace \
              'hello edited'; screen_has '^\$ hello edited \| cat > out; cat motd$'; } &&
        { tmux send-keys -t "$tsess" Enter; screen_has '^Welcome to VLM/OS'; } &&
        { tmux send-keys -t "$tsess" 'cat out' Enter; screen_has '^hello from VLM/OS: \[hello\] \[edited\]$'; } &&
        { tmux send-keys -t "$tsess" 'sleep 2 & sleep 100' Enter; screen_has '^\[[0-9]+\]$'; } &&
        { tmux send-keys -t "$tsess" C-c; screen_has '^\[sleep: killed: interrupted \(status 130\)\]'; } &&
        { tmux send-keys -t "$tsess" Escape '[5~' 'echo $?' Enter; screen_has '^130$'; } &&
        { tmux send-keys -t "$tsess" wait Enter; screen_has '^\[done sleep: exit 0\]$'; } &&
        { tmux send-keys -t "$tsess" C-d; screen_has '^EXITED 0'; } && tmux_ok=1
        tmux kill-session -t "$tsess" 2>/dev/null
        if [ "$tmux_ok" = 1 ] && ! grep -q "$(printf '\033')" "$tmp/out"; then
            ok "sh at a terminal: ls | cat > out; cat out, up-arrow history, line editing, Ctrl-C is 130 and spares a background job"
        else
            bad "sh at a terminal"
        fi
    else
        bad "sh at a terminal: tmux could not start"
    fi
fi

# Exit statuses and host programs.
expect "exit status is the program's" 139 "killed: null pointer dereference" -- \
    run --ram 64M usertests --child fault null
if [ "$(wc -l <"$tmp/out")" = 1 ] &&
   grep -Eq '^vlmos: pid 1 \(usertests\) killed: null pointer dereference: load at va 0x0, pc 0x[0-9a-f]+ in [a-z_]+\+0x[0-9a-f]+ \(workloads/usertests.c:[0-9]+\)$' "$tmp/out"; then
    ok "a faulting process gets a one-line report naming the function, and the console nothing else"
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
    expect "$t (as under qemu-riscv64)" 0 "^$t: .*PASS" -- run --ram 128M "build/guest/$t.elf"
    if $t_on && ! { run_bounded "$t under qemu-riscv64" 60 qemu-riscv64 "build/guest/$t.elf" >"$tmp/q" 2>&1 && grep -q "PASS" "$tmp/q"; }; then
        bad "$t: qemu-riscv64 itself does not run it: $(head -1 "$tmp/q")"
    fi
done
# ELF files exec must refuse: status 127 and one line naming the problem.
refused() {  # refused FILE WHY
    tcase "exec refuses $1" || return 0
    [ -d "$tmp/bad" ] || { mkdir -p "$tmp/bad" && timeout 60 python3 tests/guest/badelf.py build/guest/exit42.elf "$tmp/bad"; }
    emu_secs=60 alphavlm run --ram 64M "$tmp/bad/$1" </dev/null >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" = 127 ] && [ "$(wc -l <"$tmp/out")" = 1 ] &&
       grep -qx "vlmos: cannot start $1: $2" "$tmp/out"; then
        ok "exec refuses $1: $2"
    else
        echo "status $got (want 127 and one line: $2)" >>"$tmp/out"; bad "exec refuses $1"
    fi
}
refused wrap "a segment wraps or leaves the 2 GiB user space"
refused leaves "a segment wraps or leaves the 2 GiB user space"
refused oddentry "the entry point is misaligned"
refused dataentry "the entry point is outside every executable segment"
expect "usertests: an unknown test name is an error, not 0 passed" 2 "^usertests: no test nosuch" -- \
    run --ram 64M usertests sparse nosuch
expect "an unknown program: a clear message" 127 "cannot start nosuch: no such program" -- \
    run --ram 64M nosuch
# The kernel without the VLM driver (make build/nodrv/kernel.elf; guestos/kdriver.h):
# it boots and runs programs, and /dev/vlm is simply not there.
if [ "$mode" = all ]; then
    nodrv=$(dirname "$emu")/nodrv/kernel.elf initrd=$(dirname "$emu")/initrd.cpio
    [ -f "$nodrv" ] || nodrv=build/nodrv/kernel.elf initrd=build/initrd.cpio
    expect "no driver: hello runs" 0 "^hello from VLM/OS" -- \
        run --ram 64M --kernel "$nodrv" --initrd "$initrd" hello
    expect "no driver: usertests" 0 "^[1-9][0-9]* passed, 0 failed" -- \
        run --ram 64M --proc-limit 16M --kernel "$nodrv" --initrd "$initrd" usertests
    expect "no driver: opening /dev/vlm fails with ENOENT" 1 "^cat: /dev/vlm: No such file or directory" -- \
        run --ram 64M --kernel "$nodrv" --initrd "$initrd" cat /dev/vlm
    expect "no driver: vlmdemo says why it cannot allocate" 1 "^vlm_alloc: No such file or directory" -- \
        run --ram 64M --kernel "$nodrv" --initrd "$initrd" vlmdemo 8M 4M
fi
expect "meminfo" 0 "per-process limit +[0-9]+ pages +16.0 MiB" -- \
    run --ram 64M --proc-limit 16M meminfo
expect "ps" 0 "1 +0 running .* ps" -- run --ram 64M ps

# --clock icount: rdcycle, rdtime and rdinstret in user mode count instructions, so two
# runs print the same values (Unicorn itself gives host ticks, and traps rdtime).
if tcase "user counters under --clock icount are repeatable"; then
    timeout 60 "$emu" run --ram 64M build/guest/counters.elf </dev/null >"$tmp/c1" 2>&1; st=$?
    timeout 60 "$emu" run --ram 64M build/guest/counters.elf </dev/null >"$tmp/c2" 2>&1
    read -r c0 t0 i0 c1 t1 i1 <"$tmp/c1"
    if [ "$st" = 0 ] && cmp -s "$tmp/c1" "$tmp/c2" && [ "$(wc -w <"$tmp/c1")" = 6 ] &&
       [ $((16#$t0)) -gt $((16#$c0)) ] && [ $((16#$i0)) -gt $((16#$t0)) ] &&
       [ $((16#$c1 - 16#$c0)) -gt 2000 ] && [ $((16#$i1 - 16#$c1)) -lt 8 ]; then
        ok "user counters under --clock icount are repeatable: $(cat "$tmp/c1")"
    else
        cat "$tmp/c1" "$tmp/c2" >"$tmp/out"; echo "status $st" >>"$tmp/out"; bad "user counters"
    fi
fi

# Limits the kernel has are checked by the host before boot (guestos/abi/vlmos_boot.h):
# refused with status 2 and one line, never a boot that halts.
refused_host() {  # refused_host NAME PATTERN -- ARGS...
    local name=$1 pat=$2; shift 3
    tcase "$name" || return 0
    timeout 60 "$emu" "$@" </dev/null >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" = 2 ] && [ "$(wc -l <"$tmp/out")" = 1 ] && grep -qE -- "$pat" "$tmp/out"; then
        ok "$name"
    else
        echo "status $got (want 2 and one line: $pat)" >>"$tmp/out"; bad "$name"
    fi
}
vmax() { sed -n "s/^#define $1 *\([0-9]*\).*/\1/p" guestos/abi/vlmos.h guestos/abi/vlmos_boot.h; }
long=$(printf 'p%.0s' $(seq "$(vmax VPATH_MAX)"))
mkdir -p "$tmp/long" && cp build/workloads/hello.elf "$tmp/long/$long"
refused_host "the host refuses a program name VLM/OS cannot hold" "name longer than" -- \
    run --ram 64M "$tmp/long/$long"
initrd_of() {  # initrd_of N: an archive of N empty files, $tmp/rdN.cpio
    rm -rf "$tmp/rd" && mkdir -p "$tmp/rd" && (cd "$tmp/rd" && for i in $(seq "$1"); do : >"f$i"; done &&
        ls | cpio -o -H newc --quiet >"$tmp/rd$1.cpio")
}
nmax=$(vmax VINITRD_MAX_FILES)
if tcase "the host refuses more initrd files than VLM/OS indexes"; then
    initrd_of "$nmax" && initrd_of $((nmax + 1))
    timeout 60 "$emu" run --ram 64M --initrd "$tmp/rd$nmax.cpio" hello </dev/null >"$tmp/out" 2>&1
    st=$?
    timeout 60 "$emu" run --ram 64M --initrd "$tmp/rd$((nmax + 1)).cpio" hello </dev/null >>"$tmp/out" 2>&1
    st2=$?
    if [ "$st" = 127 ] && [ "$st2" = 2 ] && grep -q "more than VLM/OS's $nmax files" "$tmp/out"; then
        ok "the host refuses more initrd files than VLM/OS indexes ($nmax: boots; $((nmax + 1)): status 2)"
    else
        echo "status $st ($nmax files, want 127) and $st2 (want 2)" >>"$tmp/out"; bad "initrd file count"
    fi
fi
# The RAM floor is the real one: at the floor hello starts; a page less is refused
# by the host, and the kernel itself (booted without the check) cannot start it.
if tcase "the --ram floor is exactly what VLM/OS needs to start a program"; then
    # The smallest size the kernel and initrd fit in is refused with the floor.
    for small in 2M 3M 4M 5M; do
        timeout 60 "$emu" run --ram "$small" hello </dev/null >"$tmp/out" 2>&1
        floor=$(sed -n 's/.*at least \([0-9]*\)K$/\1/p' "$tmp/out")
        [ -z "$floor" ] || break
    done
    if [ -n "$floor" ] &&
       timeout 60 "$emu" run --ram "${floor}K" hello </dev/null 2>&1 | grep -q "hello from VLM/OS" &&
       { timeout 60 "$emu" run --ram "$((floor - 8))K" hello </dev/null >/dev/null 2>&1; [ $? = 2 ]; } &&
       timeout 60 "$emu" run --ram "$((floor - 8))K" --kernel build/guestos/kernel.elf \
           --initrd build/initrd.cpio hello </dev/null 2>&1 | grep -q "cannot start hello: out of memory"; then
        ok "the --ram floor (${floor}K) is exactly what VLM/OS needs to start hello"
    else
        echo "floor '${floor}K'" >>"$tmp/out"; bad "the --ram floor"
    fi
fi

if [ -n "$defaults_pid" ]; then
    t_name="usertests at the defaults" t_on=true      # the test started above, in this shard
    wait_bounded "usertests at the defaults" 960 "$defaults_pid"; st=$?
    if [ "$st" = 0 ] && grep -qE "^[0-9]+ passed, 0 failed" "$tmp/defaults.out"; then
        ok "usertests at the defaults (16 GiB RAM, 2 GiB per-process limit)"
    else
        cp "$tmp/defaults.out" "$tmp/out"; echo "status $st" >>"$tmp/out"; bad "usertests at the defaults"
    fi
fi

summary guest
