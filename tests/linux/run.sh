#!/usr/bin/env bash
# tests/linux/run.sh — programs built with Debian's riscv64 Linux toolchain
# run unchanged under VLM/OS (issue 20): each t_*.c here is built with
# riscv64-linux-gnu-gcc -static (glibc) and riscv64-linux-musl-gcc (musl), then run under `alphavlm run` and
# under qemu-riscv64 (which hands its calls to the host's Linux kernel); the
# two must print the same stdout and end with the same status.  Debian's
# riscv64 busybox-static (scripts/setup.sh unpacks it into
# /opt/alphavlm-riscv64) is compared the same way, applet by applet.
#
#   bash tests/linux/run.sh [--shard K/N] [--junit FILE] [--list] [NAME...]
#
# Every run is bounded (timeout); a missing toolchain is a failure, not a skip.
source "$(dirname "$0")/../lib.sh"
B=${BUILD:-build}
out=$B/linux
RISCV_ROOT=/opt/alphavlm-riscv64
busybox=$RISCV_ROOT/usr/bin/busybox
mkdir -p "$out"

musl_gcc=$RISCV_ROOT/bin/riscv64-linux-musl-gcc
qemu=$(command -v qemu-riscv64 || echo qemu-riscv64)

# build NAME [musl]: $out/NAME (glibc) or $out/NAME.musl from tests/linux/NAME.c, if
# older.  0 or 1 (why: $why).
build() {
    local src=tests/linux/$1.c bin=$out/$1 cc=riscv64-linux-gnu-gcc
    [ "${2:-}" = musl ] && bin=$out/$1.musl cc=$musl_gcc
    [ "$bin" -nt "$src" ] && return 0
    "$cc" -static -O2 -Wall -Werror -I. -o "$bin" "$src" -lm 2>"$why"
}

# compare NAME INPUT PROG ARGS...: PROG under VLM/OS and under qemu-riscv64,
# from a scratch directory holding only PROG, stdin from INPUT.  With
# TREE=DIR set, DIR's tree is there too: copied for qemu, and as VLM/OS's
# initrd (TREE_CPIO, made by make_tree) instead of the system's.  With
# QPATH=DIR set, qemu-riscv64 runs with PATH=DIR (sh_case's applet wrappers);
# with QLINE set, qemu-riscv64 runs `sh -c "$QLINE"` instead of ARGS.
compare() {
    local name=$1 input=$2 prog=$3; shift 3
    tcase "$name" || return 0
    local d=$tmp/run.$t_index base opts=()
    base=$(basename "$prog")
    mkdir -p "$d/q" "$d/v" && cp "$prog" "$d/q/" && cp "$prog" "$d/v/"
    if [ -n "${TREE:-}" ]; then cp -r "$TREE"/. "$d/q/" && opts=(--initrd "$TREE_CPIO"); fi
    printf '%s' "$input" | (cd "$d/v" && timeout 120 "$OLDPWD/$emu" run "${opts[@]}" "./$base" "$@" \
        >"$d/v.out" 2>"$d/v.err"); local vs=$?
    local qargs=("$@")
    [ -z "${QLINE:-}" ] || qargs=(sh -c "$QLINE")
    { printf '%s' "$input" | (cd "$d/q" && timeout 120 env -i ${QPATH:+PATH="$QPATH"} "$qemu" "./$base" "${qargs[@]}" \
        >"$d/q.out" 2>"$d/q.err"); } 2>/dev/null; local qs=$?
    # The kernel's one-line kill report is not the program's output (qemu's is
    # the shell's, on stderr); it must be there when the program was killed.
    grep -v '^vlmos: pid [0-9]* (.*) killed: ' "$d/v.out" >"$d/v.prog"
    local reports=$(( $(wc -l <"$d/v.out") - $(wc -l <"$d/v.prog") ))
    if [ "$vs" = "$qs" ] && cmp -s "$d/v.prog" "$d/q.out" && [ "$reports" = $((vs > 128)) ] &&
       { [ -z "${MUST_PASS:-}" ] || [ "$vs" = 0 ]; }; then
        ok "$name"
    else
        { [ -z "${case_text:-}" ] || echo "case: $case_text"
          echo "status: VLM/OS $vs, qemu-riscv64 $qs"; diff "$d/q.out" "$d/v.out" | head -20
          echo "kill reports: $reports"
          head -5 "$d/v.err"; } >"$why"
        bad "$name"
    fi
}

want=("$@")
wanted() { [ ${#want[@]} = 0 ] || [[ " ${want[*]} " == *" $1 "* ]]; }

for src in tests/linux/t_*.c; do
    n=$(basename "$src" .c)
    wanted "$n" || continue
    if ! build "$n"; then tcase "$n" && bad "$n (build)"; continue; fi
    compare "$n" "" "$out/$n" one "two words" three
done
# The same programs on musl (scripts/setup.sh makes the toolchain).
for src in tests/linux/t_*.c; do
    n=$(basename "$src" .c)
    wanted "$n" || wanted musl || continue
    if ! build "$n" musl; then tcase "$n.musl" && bad "$n.musl (build)"; continue; fi
    compare "$n.musl" "" "$out/$n.musl" one "two words" three
done

# bench/real's programs (docs/bench.md), each at a tiny size (its argv[1]): the
# same checksum line as under qemu-riscv64, and status 0 (the program's own check).
declare -A real_size=([btree]=5000 [crc32]=20000 [dct]=64 [fft]=10 [graph]=3000 [hash]=20000
    [json]=400 [lz]=40000 [matmul]=24 [ray]=40 [search]=20000 [sha256]=20000 [sort]=20000 [vm]=3000)
for src in bench/real/*.c; do
    n=$(basename "$src" .c)
    [ "$n" != empty ] && { wanted "real_$n" || wanted real; } || continue
    bin=$out/real_$n
    if ! [ "$bin" -nt "$src" ] && ! riscv64-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror -o "$bin" "$src" -lm 2>"$why"; then
        tcase "real_$n" && bad "real_$n (build)"; continue
    fi
    if [ -z "${real_size[$n]:-}" ]; then
        tcase "real_$n" && { echo "no tiny size for $n: add it to real_size in $0" >"$why"; bad "real_$n"; }; continue
    fi
    MUST_PASS=1 compare "real_$n" "" "$bin" "${real_size[$n]}"
done

# Threads (issue 21): the main thread leaves first with pthread_exit; the last
# thread's return ends the process (t_thrgroup with "last").
for lib in "" .musl; do
    wanted t_thrgroup || wanted "t_thrgroup$lib" || wanted "t_thrgroup.last$lib" || continue
    build t_thrgroup "${lib#.}" && compare "t_thrgroup.last$lib" "" "$out/t_thrgroup$lib" last
done

# Linux itself as the oracle where qemu-riscv64 cannot be one: n_*.c built
# for the host (x86-64 Linux, glibc) and run there; the riscv64 glibc and
# musl builds under VLM/OS must print the same and end the same.  (qemu's
# linux-user answers set_robust_list ENOSYS: robust mutexes never recover.)
for src in tests/linux/n_*.c; do
    n=$(basename "$src" .c)
    wanted "$n" || continue
    host=$out/$n.host
    if ! { [ "$host" -nt "$src" ] || gcc -O2 -Wall -Werror -pthread -o "$host" "$src" 2>"$why"; }; then
        tcase "$n" && bad "$n (host build)"; continue
    fi
    (cd "$tmp" && timeout 60 "$OLDPWD/$host" >"$tmp/$n.ref" 2>/dev/null); ref=$?
    for lib in "" .musl; do
        tcase "$n$lib" || continue
        if ! build "$n" "${lib#.}"; then bad "$n$lib (build)"; continue; fi
        mkdir -p "$tmp/$n$lib" && cp "$out/$n$lib" "$tmp/$n$lib/"
        (cd "$tmp/$n$lib" && timeout 120 "$OLDPWD/$emu" run "./$n$lib" >out 2>err); vs=$?
        if [ "$vs" = "$ref" ] && cmp -s "$tmp/$n$lib/out" "$tmp/$n.ref"; then
            ok "$n$lib: as the host's Linux"
        else
            { echo "status: VLM/OS $vs, host $ref"; diff "$tmp/$n.ref" "$tmp/$n$lib/out" | head -20
              head -5 "$tmp/$n$lib/err"; } >"$why"
            bad "$n$lib"
        fi
    done
done

# VLM/OS only: what qemu-riscv64 cannot show (the limit, the seeded generator, traces).
# vlm NAME ARGS...: build v_NAME.c, run it under VLM/OS with ARGS; output in $tmp/NAME.out.
vlm() {
    local n=$1; shift
    build "v_$n" || return 1
    mkdir -p "$tmp/v_$n" && cp "$out/v_$n" "$tmp/v_$n/" &&
        (cd "$tmp/v_$n" && timeout 120 "$OLDPWD/$emu" run "$@" "./v_$n" >"$tmp/$n.out" 2>&1)
    echo "status $?" >>"$tmp/$n.out"
}
if wanted limit && tcase limit; then
    vlm limit --ram 256M --proc-limit 64M
    if grep -q "^status 139$" "$tmp/limit.out" && grep -q "killed: access to unmapped memory" "$tmp/limit.out" &&
       grep -q "^256 MB: refused errno 12$" "$tmp/limit.out" &&
       grep -q "^32 MB mapped and unmapped 20 times$" "$tmp/limit.out" &&
       grep -q "^256 MB PROT_NONE: reserved$" "$tmp/limit.out" &&
       grep -q "^mprotect it all rw: -1 errno 12$" "$tmp/limit.out"; then
        ok "limit: mmap charged against --proc-limit, ENOMEM past it, munmap gives back"
    else
        cp "$tmp/limit.out" "$why" 2>/dev/null; bad "limit: mmap charged against --proc-limit"
    fi
fi
if wanted random && tcase random; then
    vlm random; cp "$tmp/random.out" "$tmp/r1"   # (ends with "status 0")
    vlm random; cp "$tmp/random.out" "$tmp/r2"
    vlm random --args xseed=5; cp "$tmp/random.out" "$tmp/r3"     # not a seed= word
    vlm random --args seed=0; cp "$tmp/random.out" "$tmp/r4"      # seed 0 is a seed too
    vlm random --args seed=5
    if grep -Eq '^[0-9a-f]{32} 16 [0-9a-f]{32}$' "$tmp/r1" && grep -q "^status 0$" "$tmp/r1" && cmp -s "$tmp/r1" "$tmp/r2" &&
       ! cmp -s "$tmp/r1" "$tmp/random.out" && cmp -s "$tmp/r1" "$tmp/r3" && ! cmp -s "$tmp/r1" "$tmp/r4"; then
        ok "random: AT_RANDOM and getrandom repeat run to run, seed=N (a whole word, 0 too) changes them"
    else
        cat "$tmp/r1" "$tmp/r2" "$tmp/r3" "$tmp/r4" "$tmp/random.out" >"$why" 2>/dev/null; bad "random: seeded generator"
    fi
fi
# Linux's answers where qemu-riscv64 gives others: an iovec buffer outside user
# space is EFAULT before any I/O (qemu clamps it and writes), and rt_sigaction
# takes riscv64's 24-byte struct (qemu writes 32 bytes into oldact); MAP_FIXED
# over the image is refused before anything is unmapped (docs/vlmos.md, mmap).
if wanted edges && tcase edges; then
    vlm edges
    if grep -q "^writev overflowing -1 errno 14$" "$tmp/edges.out" &&
       grep -q "^readv overflowing -1 errno 14$" "$tmp/edges.out" &&
       grep -q "^read 0123 " "$tmp/edges.out" &&
       grep -q "^handler ign 1 mask 0x200 canary 0x5a5a5a5a5a5a5a5a$" "$tmp/edges.out" &&
       grep -q "^mmap fixed over data -1 errno 12$" "$tmp/edges.out" &&
       grep -q "^data: still here$" "$tmp/edges.out" &&
       grep -q "^mmap fixed over heap and mapping -1 errno 12$" "$tmp/edges.out" &&
       grep -q "^mapping: A$" "$tmp/edges.out" && grep -q "^status 0$" "$tmp/edges.out"; then
        ok "edges: readv/writev refuse a bad iovec before any I/O; rt_sigaction's 24-byte struct; MAP_FIXED over data refused, data kept"
    else
        cp "$tmp/edges.out" "$why" 2>/dev/null; bad "edges: iovec checks, sigaction layout, MAP_FIXED"
    fi
fi
# A threaded process gives back every frame, stack and slot at its last exit,
# however it ends (joined, exit_group from a thread, a fault in a thread, the
# leader first, a VLM consumer whose threads map and read its window through
# donors): memaudit balances and is back where it was (v_threads.c).
if wanted threads && tcase threads; then
    vlm threads --ram 256M --proc-limit 40M
    if [ "$(grep -c ': all back$' "$tmp/threads.out")" = 5 ] &&
       grep -q '^vlm: 64 MiB from donors$' "$tmp/threads.out" &&
       grep -q '^vlm: a thread read the window another mapped: ok$' "$tmp/threads.out" &&
       grep -q '^vlm: wait ok status 0 ' "$tmp/threads.out" &&
       grep -q '^join: wait ok status 0 ' "$tmp/threads.out" &&
       grep -q '^group: wait ok status 3 ' "$tmp/threads.out" &&
       grep -q '^procinfo: 7 threads of pid != tid, nthreads 7, 1 leader$' "$tmp/threads.out" &&
       grep -q '^fault: wait ok status 139 why "null pointer dereference' "$tmp/threads.out" &&
       grep -q '^leader: wait ok status 0 ' "$tmp/threads.out" && grep -q "^status 0$" "$tmp/threads.out"; then
        ok "threads: joined, exit_group, a faulting thread, the leader first, a VLM consumer: memaudit back where it was"
    else
        cp "$tmp/threads.out" "$why" 2>/dev/null; bad "threads: memaudit after threaded processes"
    fi
fi
# Determinism with threads: the same pthread program twice under --clock icount
# gives byte-identical output and traces (the scheduler, futex queues and
# timeouts all run on the instruction clock).
if wanted threads_determinism && tcase threads_determinism; then
    build t_pthread && mkdir -p "$tmp/td" && cp "$out/t_pthread" "$tmp/td/" &&
    for i in 1 2; do
        (cd "$tmp/td" && timeout 120 "$OLDPWD/$emu" run --clock icount --trace "t$i.trc" ./t_pthread \
            >"o$i" 2>&1)
    done
    if [ -s "$tmp/td/t1.trc" ] && cmp -s "$tmp/td/t1.trc" "$tmp/td/t2.trc" &&
       cmp -s "$tmp/td/o1" "$tmp/td/o2" && grep -q '^counter 16000 ' "$tmp/td/o1" &&
       "$emu" trace dump "$tmp/td/t1.trc" 2>/dev/null | grep -q 'clone('; then
        ok "threads_determinism: 8 threads twice under --clock icount: identical output and trace"
    else
        { cmp "$tmp/td/t1.trc" "$tmp/td/t2.trc"; diff "$tmp/td/o1" "$tmp/td/o2" | head; } >"$why" 2>&1
        bad "threads_determinism"
    fi
fi
# Stop, continue and SIGCHLD with children VLM/OS's spawn starts (VLM/OS
# only; t_procsig checks a forked, threaded child against qemu-riscv64).
if wanted sigchld && tcase sigchld; then
    vlm sigchld
    if grep -q "^SIGSTOP: code 5 (CLD_STOPPED 5) pid right 1 status 19$" "$tmp/sigchld.out" &&
       grep -q "^SIGCONT: code 6 (CLD_CONTINUED 6) status 18$" "$tmp/sigchld.out" &&
       grep -q "^SIGTSTP: code 5 status 20$" "$tmp/sigchld.out" &&
       grep -q "^SIGKILL while stopped: code 2 (CLD_KILLED 2) status 9, wait 137$" "$tmp/sigchld.out" &&
       grep -q "^kill(-group, SIGTERM): 0$" "$tmp/sigchld.out" &&
       grep -q "^group SIGTERM: code 2 status 15, wait 143$" "$tmp/sigchld.out" &&
       grep -q "^exit(7): code 1 (CLD_EXITED 1) status 7, wait 7$" "$tmp/sigchld.out" &&
       grep -q "^SIGCHLD ignored: wait -10 (ECHILD -10)$" "$tmp/sigchld.out" &&
       grep -q "^status 0$" "$tmp/sigchld.out"; then
        ok "sigchld: stop, continue, kill while stopped, a group signal, SIGCHLD's si_code/si_status, SIGCHLD ignored leaves no zombie"
    else
        cp "$tmp/sigchld.out" "$why" 2>/dev/null; bad "sigchld: stop/continue and SIGCHLD"
    fi
fi
# Signals under --clock icount: the same run twice gives byte-identical output
# and traces (alarms land on the same instruction), and the trace names the
# signal calls.
if wanted sigdeterminism && tcase sigdeterminism; then
    build t_alarm && mkdir -p "$tmp/sd" && cp "$out/t_alarm" "$tmp/sd/" &&
        (cd "$tmp/sd" && for i in 1 2; do timeout 120 "$OLDPWD/$emu" run --trace t$i.trc ./t_alarm \
                          >out$i 2>&1; echo "status $?" >>out$i; done)
    "$emu" trace dump "$tmp/sd/t1.trc" >"$tmp/sd/d1" 2>&1; "$emu" trace dump "$tmp/sd/t2.trc" >"$tmp/sd/d2" 2>&1
    if cmp -s "$tmp/sd/out1" "$tmp/sd/out2" && cmp -s "$tmp/sd/d1" "$tmp/sd/d2" &&
       grep -q "^status 142$" "$tmp/sd/out1" && grep -q "rt_sigreturn" "$tmp/sd/d1" &&
       grep -q "setitimer(which=0" "$tmp/sd/d1"; then
        ok "sigdeterminism: alarms and handlers repeat to the instruction under icount; calls named in traces"
    else
        { diff "$tmp/sd/out1" "$tmp/sd/out2" | head -5; cmp "$tmp/sd/d1" "$tmp/sd/d2"; tail -2 "$tmp/sd/out1"; } >"$why" 2>&1
        bad "sigdeterminism"
    fi
fi
# The console's foreground group at a terminal (tmux): Ctrl-C and Ctrl-Z reach
# the group tcsetpgrp named, as SIGINT and SIGTSTP to its handlers; then the
# termios: a byte read unechoed without ICANON, VMIN 0 returns at once.
tty_screen() {  # tty_screen PATTERN: wait up to 30 s for it on the screen
    for _ in $(seq 300); do
        tmux capture-pane -p -t "$tsess" >"$tmp/tty.out" 2>/dev/null
        grep -qE -- "$1" "$tmp/tty.out" && return 0
        sleep 0.1
    done
    echo "screen never showed: $1" >>"$tmp/tty.out"; return 1
}
if wanted tty && tcase tty && build v_tty; then
    tsess=vlmtty$$
    trap 'tmux kill-session -t "$tsess" 2>/dev/null; rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/tty" && cp "$out/v_tty" "$tmp/tty/"
    tty_emu=$emu; [[ $tty_emu = /* ]] || tty_emu=$PWD/$emu
    tty_ok=0
    if tmux new-session -d -s "$tsess" -x 120 -y 30 \
           "cd $tmp/tty && $tty_emu run ./v_tty; echo EXITED \$?; sleep 60"; then
        tty_screen '^ready 0 0$' &&
        { tmux send-keys -t "$tsess" C-c; tty_screen '^(\^C)?read: EINTR 1, SIGINT 1, SIGTSTP 0$'; } &&
        { tmux send-keys -t "$tsess" C-z; tty_screen '^(\^Z)?read: EINTR 1, SIGINT 1, SIGTSTP 1$'; } &&
        { tmux send-keys -t "$tsess" q Enter; tty_screen '^raw ready, icanon 0$'; } &&
        { tmux send-keys -t "$tsess" x; tty_screen '^raw: 1 x$'; } && tty_screen '^vmin 0: 0$' &&
        tty_screen '^EXITED 0' &&
        grep -q '^tcsetpgrp(no such group): -1 ESRCH 1$' "$tmp/tty.out" &&
        grep -q '^tcsetpgrp: 0, foreground is mine 1$' "$tmp/tty.out" && tty_ok=1
        tmux kill-session -t "$tsess" 2>/dev/null
    fi
    if [ "$tty_ok" = 1 ]; then
        ok "tty: tcsetpgrp's group gets Ctrl-C as SIGINT and Ctrl-Z as SIGTSTP, the console read EINTR; non-canonical reads"
    else
        cp "$tmp/tty.out" "$why" 2>/dev/null; bad "tty: the foreground group's keys"
    fi
fi
# busybox sh -i at a terminal (tmux), driven by keys: job control as on
# Linux.  Ctrl-C and Ctrl-Z reach the foreground job only (not a background
# job, not the shell), fg/bg continue a job, and the same keys typed at
# busybox sh under qemu-riscv64 (its applets through sh_cases's wrappers)
# give the same job lines.
shi_keys() {  # shi_keys KEYS... then a short pause: a command starts before its signal key
    tmux send-keys -t "$tsess" "$@"; sleep 1
}
shi_step() {  # shi_step PATTERN KEYS...: type the keys, wait for the pattern
    local pat=$1; shift
    tmux send-keys -t "$tsess" "$@" && tty_screen "$pat"
}
# shi_drive NAME COMMAND: the dialogue with the shell COMMAND starts in a new
# tmux session; the screen (with its history) into $tmp/shi.NAME.  0 if every
# step saw what it waits for.
shi_drive() {
    local r=1
    tsess=vlmshi$$$1
    tmux new-session -d -s "$tsess" -x 120 -y 80 "$2; echo EXITED \$?; sleep 60" || return 1
    tty_screen '#$' &&
    shi_step '^\$$' "PS1='$ '" Enter &&
    shi_step '^hello$' 'echo hello' Enter &&
    { shi_keys 'sleep 100' Enter; shi_keys C-c; shi_step '^st=130$' 'echo st=$?' Enter; } &&
    shi_step '^bg started$' 'sleep 100 & echo bg started' Enter &&
    { shi_keys cat Enter; shi_step '^abc$' abc Enter; } &&
    { shi_keys C-c; shi_step '^\[1\]\+ +Running +sleep 100$' jobs Enter; } &&
    { shi_keys 'sleep 200' Enter; shi_step 'Stopped +sleep 200$' C-z; sleep 1; } &&
    shi_step '^\[1\]- +Running +sleep 100$' jobs Enter &&
    shi_step '^\[2\] sleep 200$' bg Enter &&
    shi_step '^\[2\]\+ +Running +sleep 200$' jobs Enter &&
    { shi_keys 'fg %1' Enter; shi_keys C-c; shi_step '^fg=130$' 'echo fg=$?' Enter; } &&
    shi_step 'Terminated +sleep 200$' 'kill %2; sleep 1; jobs' Enter &&
    shi_step '^jobs: none$' 'jobs; echo jobs: none' Enter &&
    { shi_keys C-c; shi_step '^alive$' 'echo alive' Enter; } &&
    shi_step '^EXITED 0$' exit Enter && r=0
    tmux capture-pane -p -S -200 -t "$tsess" >"$tmp/shi.$1" 2>/dev/null
    tmux kill-session -t "$tsess" 2>/dev/null
    [ "$r" = 0 ] || cp "$tmp/tty.out" "$tmp/shi.$1"
    return $r
}
# The job lines of a dialogue's screen: what job control printed.
shi_jobs() {
    grep -E 'Running|Stopped|Terminated|^\[[0-9]\]|^(st|fg)=|^jobs: none' "$1"
}
if wanted sh_interactive && tcase sh_interactive; then
    d=$tmp/shi && mkdir -p "$d/v" "$d/q" "$d/qbin" && cp "$busybox" "$d/v/" && cp "$busybox" "$d/q/"
    for a in $("$qemu" "$busybox" --list); do
        printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$qemu" "$d/q/busybox" "$a" >"$d/qbin/$a"
        chmod +x "$d/qbin/$a"
    done
    trap 'tmux kill-session -t "$tsess" 2>/dev/null; rm -rf "$tmp"' EXIT
    shi_emu=$emu; [[ $shi_emu = /* ]] || shi_emu=$PWD/$emu
    # A stray foreground-group line on the dialogue (one that lingers in
    # the scrollback) would show in the diff below.
    if ! shi_drive v "cd $d/v && $shi_emu run ./busybox sh -i"; then
        { echo "VLM/OS:"; grep -v "^ *$" "$tmp/shi.v" | tail -40; } >"$why"; bad "sh_interactive: busybox sh -i under VLM/OS"
    elif grep -q 'vlmos: pid' "$tmp/shi.v"; then
        { echo "a kill report on the screen:"; cat "$tmp/shi.v"; } >"$why"; bad "sh_interactive: kill report"
    elif ! shi_drive q "cd $d/q && env -i PATH=$d/qbin TERM=screen $qemu ./busybox sh -i"; then
        { echo "qemu-riscv64:"; grep -v "^ *$" "$tmp/shi.q" | tail -40; } >"$why"; bad "sh_interactive: the peer (qemu-riscv64)"
    elif ! diff <(shi_jobs "$tmp/shi.q") <(shi_jobs "$tmp/shi.v") >"$d/diff"; then
        { echo "job lines differ (< qemu-riscv64, > VLM/OS):"; cat "$d/diff"; } >"$why"
        bad "sh_interactive: job lines differ from qemu-riscv64's"
    else
        ok "sh_interactive: busybox sh -i: Ctrl-C/Ctrl-Z reach the foreground job only, jobs/bg/fg/kill as under qemu-riscv64"
    fi
fi
if wanted tracenames && tcase tracenames; then
    build t_stdio musl && mkdir -p "$tmp/tn" && cp "$out/t_stdio.musl" "$tmp/tn/" &&
        (cd "$tmp/tn" && timeout 120 "$OLDPWD/$emu" run --trace t.trc ./t_stdio.musl >/dev/null 2>&1)
    "$emu" trace dump "$tmp/tn/t.trc" 2>/dev/null | grep -E "SYSCALL" >"$tmp/tn/calls"
    if grep -q "writev(fd=1" "$tmp/tn/calls" && ! grep -q "syscall_[0-9]" "$tmp/tn/calls"; then
        ok "tracenames: a musl program's calls are named in traces"
    else
        grep -E "syscall_[0-9]|writev" "$tmp/tn/calls" | head -5 >"$why"; bad "tracenames"
    fi
fi

# CLOCK_REALTIME: VLINUX_EPOCH (2026-01-01) plus virtual time under icount, the host's
# wall time under --clock host (busybox date +%s).
if wanted wallclock && tcase wallclock && [ -x "$busybox" ]; then
    mkdir -p "$tmp/wc" && cp "$busybox" "$tmp/wc/"
    (cd "$tmp/wc" && timeout 60 "$OLDPWD/$emu" run ./busybox date -u +%s >icount.out 2>&1
     timeout 60 "$OLDPWD/$emu" run --clock host ./busybox date -u +%s >host.out 2>&1)
    ic=$(cat "$tmp/wc/icount.out") ho=$(cat "$tmp/wc/host.out") now=$(date -u +%s)
    if [ "$ic" = 1767225600 ] && [[ $ho =~ ^[0-9]+$ ]] && [ $((now - ho)) -ge 0 ] &&
       [ $((now - ho)) -lt 120 ]; then
        ok "wallclock: icount starts at 2026-01-01, --clock host at the host's time"
    else
        echo "icount: $ic (want 1767225600); host: $ho (now $now)" >"$why"; bad wallclock
    fi
fi

# A static-pie: loaded at a base (VLM/OS: USER_PIE_BASE), run as under qemu.
if wanted pie_hello; then
    if [ "$out/pie_hello" -nt tests/linux/pie_hello.c ] ||
       riscv64-linux-gnu-gcc -nostdlib -fPIE -pie -Wl,--no-dynamic-linker -O2 -o "$out/pie_hello" \
           tests/linux/pie_hello.c 2>"$why"; then
        compare pie_hello "" "$out/pie_hello"
    else
        tcase pie_hello && bad "pie_hello (build)"
    fi
fi

# A dynamically linked program: refused with 127 and one line that says so.
if wanted dynamic && tcase dynamic; then
    if riscv64-linux-gnu-gcc -O2 -o "$tmp/dynamic" tests/linux/t_qsort.c 2>"$why"; then
        (cd "$tmp" && timeout 60 "$OLDPWD/$emu" run ./dynamic >"$tmp/dyn.out" 2>&1); st=$?
        if [ "$st" = 127 ] && [ "$(wc -l <"$tmp/dyn.out")" = 1 ] &&
           grep -q "dynamically linked" "$tmp/dyn.out"; then
            ok dynamic
        else
            { echo "status $st (want 127 and one line)"; head -5 "$tmp/dyn.out"; } >"$why"; bad dynamic
        fi
    else
        bad "dynamic (build)"
    fi
fi

# make_tree: $tmp/tree/d (one, two.txt, sub/x; mode 644) and the same as a cpio
# archive, $tmp/tree.cpio, to be VLM/OS's initrd.
make_tree() {
    [ -f "$tmp/tree.cpio" ] && return 0
    mkdir -p "$tmp/tree/d/sub" && printf 'one\n' >"$tmp/tree/d/one" &&
        printf 'two words\n' >"$tmp/tree/d/two.txt" && printf 'x\n' >"$tmp/tree/d/sub/x" &&
        chmod 644 "$tmp/tree/d/one" "$tmp/tree/d/two.txt" "$tmp/tree/d/sub/x" &&
        (cd "$tmp/tree" && find d | LC_ALL=C sort |
             cpio -o -H newc --quiet --reproducible --owner=0:0 >"$tmp/tree.cpio")
}

# busybox's applets that do not fork, on stdin (the initrd has no data files).
text=$'pear\napple\nfig\napple\nbanana split\n'
declare -A bb_seen                     # a second case of one applet is bb_APPLET.2, ...
bb() {
    wanted "busybox" || wanted "bb_$1" || return 0
    local a=$1 n; shift
    n=$(( ${bb_seen[$a]:-0} + 1 )); bb_seen[$a]=$n
    compare "bb_$a$([ "$n" = 1 ] || echo ".$n")" "$text" "$busybox" "$a" "$@"
}
if [ ! -x "$busybox" ]; then
    wanted busybox && tcase busybox && { echo "$busybox missing: run scripts/setup.sh" >"$why"; bad busybox; }
else
    bb echo hello "two words"
    bb true
    bb false
    bb cat
    bb wc
    bb sort
    bb uniq -c
    bb head -n 2
    bb tail -n 2
    bb cut -c 1-3
    bb tr a-z A-Z
    bb seq 3 12
    bb md5sum
    bb sha256sum
    bb awk '{ n += length($0) } END { print n, NR }'
    bb sed -n 's/a/A/gp'
    bb grep -c an
    bb od -c
    bb hexdump -C
    bb expr 6 \* 7
    bb printf '%s=%d\n' x 42
    bb basename /a/b/c.txt .txt
    bb dirname /a/b/c.txt
    bb date -u -d @86400 '+%Y-%m-%d %H:%M %a'
    # sh running builtins only (nothing forks): trap on signals it sends itself.
    bb sh -c 'trap "echo got USR1" USR1; kill -USR1 $$; echo after; trap "echo bye" EXIT'
    bb sh -c 'trap "echo int" INT; kill -INT $$; trap "" USR2; kill -USR2 $$; echo ignored; trap - INT; echo reset; kill -TERM $$; echo not reached'
    bb sh -c 'trap "echo alarm" ALRM; kill -ALRM $$; kill -l 15; kill -s HUP $$; echo not reached'
    # ls and stat on a tree both runs have: d/ (two files, a subdirectory).
    make_tree && export TREE=$tmp/tree TREE_CPIO=$tmp/tree.cpio
    bb ls d
    bb ls -a d
    bb ls -1F d
    bb ls -R d
    bb ls d/sub/x d/one
    bb stat -c %n:%s:%F:%a d/one d/two.txt
    bb stat -c %n:%F:%a d d/sub              # (a directory's size is the host file system's)
    unset TREE TREE_CPIO
fi
# execve: qemu-riscv64 cannot exec a RISC-V program (no binfmt_misc), so
# v_exec's lines are checked here (issue 21).
if wanted exec && tcase exec; then
    vlm exec
    if grep -q "^exec'd: argc 3 argv\[1\] child argv\[2\] two words FOO=bar BAR=baz qux state 1$" "$tmp/exec.out" &&
       [ "$(grep -c "^exec'd: fd 5 open, fd 6 closed$" "$tmp/exec.out")" -ge 3 ] &&
       grep -q "^exec child status 7$" "$tmp/exec.out" && grep -q "^execve missing: -1 errno 2$" "$tmp/exec.out" &&
       grep -q "^still here, state 2$" "$tmp/exec.out" && grep -q "^execl by name: status 7$" "$tmp/exec.out" &&
       grep -q "^exec'd: argc 3 argv\[1\] child argv\[2\] spawned FOO=spawn BAR=(none) state 1$" "$tmp/exec.out" &&
       grep -q "^posix_spawn: 0, status 7$" "$tmp/exec.out" &&
       grep -Eq "^(ram exec of [0-9]+ bytes: status 7|ram copy: too big)$" "$tmp/exec.out" &&
       grep -q "^status 0$" "$tmp/exec.out"; then
        ok "exec: execve with argv and envp, close-on-exec, a failed execve returns, posix_spawn"
    else
        cp "$tmp/exec.out" "$why" 2>/dev/null; bad "exec: execve"
    fi
fi
# execve in a threaded process (from a thread that is not the leader, with
# the leader waiting or gone) and fork + exec from a thread: the exec'd image
# keeps the pid and runs alone; memaudit is back where it was (v_threxec.c;
# VLM/OS only, as exec above).
if wanted threxec && tcase threxec; then
    vlm threxec
    if [ "$(grep -c '^execd: pid kept 1, pid is tid 1, threads 1, handler 1$' "$tmp/threxec.out")" = 3 ] &&
       grep -q '^thread: 5 threads before the exec$' "$tmp/threxec.out" &&
       grep -q '^thread: wait ok status 7 why ""$' "$tmp/threxec.out" &&
       grep -q '^leader: wait ok status 7 why ""$' "$tmp/threxec.out" &&
       grep -q '^fork: child wait 1 status 7$' "$tmp/threxec.out" &&
       grep -q '^fork: wait ok status 0 why ""$' "$tmp/threxec.out" &&
       grep -q '^term: wait ok status 143 why "signal 15 (SIGTERM)"$' "$tmp/threxec.out" &&
       [ "$(grep -c ': all back (' "$tmp/threxec.out")" = 4 ] && grep -q "^status 0$" "$tmp/threxec.out"; then
        ok "threxec: execve from a thread (leader waiting, leader gone), fork+exec from a thread, SIGTERM to one thread ends all: memaudit back"
    else
        cp "$tmp/threxec.out" "$why" 2>/dev/null; bad "threxec: execve in a threaded process"
    fi
fi
# The musl build is small enough to copy into a RAM file (512 KiB at most)
# and exec from there; the glibc one may not be.
if wanted exec && tcase exec.musl; then
    if build v_exec musl && mkdir -p "$tmp/vm" && cp "$out/v_exec.musl" "$tmp/vm/" &&
       (cd "$tmp/vm" && timeout 120 "$OLDPWD/$emu" run ./v_exec.musl >out 2>&1; echo "status $?" >>out) &&
       grep -q "^exec'd: argc 3 argv\[1\] child argv\[2\] from RAM FOO=(none) BAR=(none) state 1$" "$tmp/vm/out" &&
       grep -q "^ram exec of [0-9]* bytes: status 7$" "$tmp/vm/out" &&
       grep -q "^posix_spawn: 0, status 7$" "$tmp/vm/out" && grep -q "^status 0$" "$tmp/vm/out"; then
        ok "exec.musl: the same on musl, and a program copied into a RAM file execs"
    else
        cp "$tmp/vm/out" "$why" 2>/dev/null; bad "exec.musl: execve"
    fi
fi

# busybox sh -c command lines (tests/linux/sh-cases.txt), compared with
# qemu-riscv64.  Under qemu busybox's exec of /proc/self/exe fails (no
# binfmt_misc) and sh falls back to PATH: $tmp/qbin holds one wrapper per
# applet that runs the same busybox under qemu, so both runs use busybox's
# applets (VLM/OS execs /proc/self/exe itself).
sh_cases() {
    local line n=0 qbin=$tmp/qbin a
    mkdir -p "$qbin"
    for a in $("$busybox" --list 2>/dev/null || qemu-riscv64 "$busybox" --list); do
        printf '#!/bin/sh\nexec %s %s %s "$@"\n' "$qemu" "$busybox" "$a" >"$qbin/$a"
        chmod +x "$qbin/$a"
    done
    make_tree && export TREE=$tmp/tree TREE_CPIO=$tmp/tree.cpio QPATH=$qbin
    while IFS= read -r line; do
        case $line in ''|'#'*) continue;; esac
        n=$((n + 1))
        if [[ $line == '[sig] '* ]]; then
            line=${line#'[sig] '}                    # needs signals (see the file's head)
        fi
        wanted "sh" || wanted "sh_$n" || continue
        local ref=
        if [[ $line == *' ## '* ]]; then ref=${line#*' ## '}; line=${line%%' ## '*}; fi
        case_text=$line QLINE=${ref//\\n/$'\n'} compare "sh_$n" "$text" "$busybox" sh -c "${line//\\n/$'\n'}"
    done <tests/linux/sh-cases.txt
    unset TREE TREE_CPIO QPATH
}
[ -x "$busybox" ] && sh_cases

summary linux
