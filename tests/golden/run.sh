#!/usr/bin/env bash
# tests/golden/run.sh [--shard K/N] [--junit FILE] [--list] [check|update] —
# traces: golden dumps, determinism, the tools, and bad trace files.
#   check   record each case, dump it normalised, compare with tests/golden/NAME.txt
#   update  rewrite tests/golden/NAME.txt from this build (make golden)
# Ends with "N passed, N failed".  ALPHAVLM names the emulator binary.
# Each test records the traces it reads (need), so any shard runs alone.
set -u
suite_secs=${suite_secs:-1200}                                # the whole suite (tests/lib.sh; tests/all.sh sets it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"                  # takes --shard K/N, --junit FILE, --list
mode=${1:-check}
gold=tests/golden

need() {  # need NAME ARGS...: record $tmp/NAME.trc once (console: $tmp/NAME.out); the run's status
    local name=$1; shift
    [ -f "$tmp/$name.st" ] || { alphavlm run --trace "$tmp/$name.trc" "$@" >"$tmp/$name.out" 2>&1; echo $? >"$tmp/$name.st"; }
    return "$(cat "$tmp/$name.st")"
}
R="--ram 64M --proc-limit 16M" R2="--ram 64M --proc-limit 2M vlmdemo 4M 2M"
v=$tmp/vlmdemo.trc t=$tmp/q100.trc
# shellcheck disable=SC2086
need_v() { need vlmdemo $R2; }                 # the small vlmdemo trace most tests read
# shellcheck disable=SC2086
need_t() { need q100 $R usertests sparse preempt; }

json_balanced() {  # json_balanced FILE NAME: Python's json loads FILE; B/E balance per tid; NAME is a process
    python3 - "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
names = [e["args"]["name"] for e in ev if e.get("ph") == "M"]
assert sys.argv[2] in names, names
depth = {}
for e in ev:
    t = e.get("tid")
    if e["ph"] == "B":
        depth[t] = depth.get(t, 0) + 1
    elif e["ph"] == "E":
        depth[t] = depth.get(t, 0) - 1
        assert depth[t] >= 0, ("an end without a begin", e)
assert all(v == 0 for v in depth.values()), depth
assert any(e["ph"] == "B" and e["name"] == "write" for e in ev), "syscalls named"
assert any(e["ph"] == "B" and e["name"].startswith("ent") for e in ev), "exceptions named"
print(len(ev), "events")
PY
}

# The per-access records are left out of the vlmdemo dump: the flow's steps,
# faults, syscalls and processes are what a reviewer reads there.
FLOW=FAULT,TBI,SWPCTX,EXC,RTI,SYSCALL,SYSRET,PROC_CREATE,PROC_NAME,PROC_EXIT,VLM,HALT,PAGEIN
cases=(
    "boot|--ram 64M true|"
    "vm|--ram 64M --proc-limit 16M usertests sparse|"
    "vlmdemo|$R2|--type $FLOW"
)

for c in "${cases[@]}"; do
    IFS='|' read -r name args filter <<<"$c"
    tcase "golden $name" || continue
    # shellcheck disable=SC2086
    if ! need "$name" $args; then
        tail -5 "$tmp/$name.out" >"$tmp/why"; bad "$name: the traced run failed"; continue
    fi
    # shellcheck disable=SC2086
    alphavlm trace dump --normalize $filter "$tmp/$name.trc" >"$tmp/$name.txt"
    if [ "$mode" = update ]; then
        cp "$tmp/$name.txt" "$gold/$name.txt"
        ok "$name: golden rewritten ($(wc -l <"$gold/$name.txt") lines)"
    elif diff -u "$gold/$name.txt" "$tmp/$name.txt" >"$tmp/why"; then
        ok "$name: matches $gold/$name.txt ($(wc -l <"$gold/$name.txt") lines)"
    else
        bad "$name: differs from $gold/$name.txt (make golden if the change is meant; docs/trace.md)"
    fi
done
[ "$mode" = update ] && { summary; exit; }


# ---- determinism: the same command gives the same bytes ----
if tcase "determinism; diff of two interleavings"; then
    det() {  # det TAG ARGS...: record twice, compare traces and console output
        local tag=$1; shift
        alphavlm run --trace "$tmp/$tag.1" "$@" >"$tmp/$tag.o1" 2>&1
        alphavlm run --trace "$tmp/$tag.2" "$@" >"$tmp/$tag.o2" 2>&1
        cmp -s "$tmp/$tag.1" "$tmp/$tag.2" && cmp -s "$tmp/$tag.o1" "$tmp/$tag.o2"
    }
    if det q100 $R usertests sparse preempt; then
        ok "two runs: identical trace bytes and console output"
    else
        alphavlm trace diff "$tmp/q100.1" "$tmp/q100.2" >"$tmp/why" 2>&1; bad "determinism"
    fi
    if det q37 $R --quantum 37000 usertests sparse preempt && ! cmp -s "$tmp/q37.1" "$tmp/q100.1"; then
        ok "--quantum 37000: a different interleaving, itself reproducible"
    else
        bad "determinism with another quantum"
    fi
    alphavlm trace diff "$tmp/q100.1" "$tmp/q100.2" >"$tmp/why" 2>&1 && st=0 || st=$?
    [ "$st" = 0 ] && grep -q "identical" "$tmp/why" && ok "trace diff: identical traces, status 0" || bad "diff same"
    alphavlm trace diff "$tmp/q100.1" "$tmp/q37.1" >"$tmp/why" 2>&1 && st=0 || st=$?
    [ "$st" = 1 ] && grep -Eq "^[1-9][0-9]* divergence\(s\) over" "$tmp/why" && grep -q "^divergence 1: " "$tmp/why" &&
        grep -q "^> A #" "$tmp/why" && grep -Eq "^  (TLB_MISS|EXC|RTI|PTE|FILL) +[0-9]+ +[0-9]+$" "$tmp/why" &&
        grep -q "^header quantum: " "$tmp/why" && ok "trace diff: divergences counted, per type, in context; the quantum named; status 1" ||
        bad "diff different"

fi

# ---- diff for regression farms: filters, --normalize, header fields, statuses ----
if tcase "diff for regression farms"; then
    need_v
    # shellcheck disable=SC2086
    alphavlm run --trace "$tmp/d32.trc" --dtb 32 $R2 >/dev/null 2>&1
    dv() { alphavlm trace diff "$@" >"$tmp/why" 2>&1; echo $?; }
    [ "$(dv --normalize --type FAULT,PAGEIN "$tmp/d32.trc" "$tmp/vlmdemo.trc")" = 1 ] &&
        grep -Eq "^events identical after normalising \([1-9][0-9]* compared\)$" "$tmp/why" &&
        grep -q "^header dtb_size: 0x20 (32) / 0x40 (64)$" "$tmp/why" && grep -q "^1 header field(s) differ$" "$tmp/why" &&
        ok "diff --normalize --type: the same faults and page-ins with DTB 32 and 64; the header names dtb_size" ||
        bad "diff: a filter, a header field"
    [ "$(dv --normalize --first 2 "$tmp/d32.trc" "$tmp/vlmdemo.trc")" = 1 ] &&
        grep -Eq "^  FILL +[1-9][0-9]* +[1-9][0-9]*$" "$tmp/why" && grep -q "^divergence 2: " "$tmp/why" &&
        ! grep -q "^divergence 3: " "$tmp/why" && ok "diff: without the filter, FILLs diverge; --first 2 shows two" ||
        bad "diff: summary, --first"
    filters_ok=""
    for f in "--from 100" "--to 3000" "--count 77" "--type VLM,SYSCALL" "--asn 2" "--pid 1" "--va 0x10000-0x20000"; do
        # shellcheck disable=SC2086
        want=$(alphavlm trace dump $f "$v" | grep -c '^#[0-9]')
        # shellcheck disable=SC2086
        [ "$(dv $f "$v" "$v")" = 0 ] && grep -q "^events identical ($want compared)$" "$tmp/why" && [ "$want" -gt 0 ] ||
            filters_ok="$filters_ok [$f: want $want] $(head -3 "$tmp/why")"
    done
    [ -z "$filters_ok" ] && ok "diff honours every dump filter (as many events compared as dump shows)" ||
        { echo "$filters_ok" >"$tmp/why"; bad "diff: filters"; }
    [ "$(dv --json x "$v" "$v")" = 2 ] && grep -q "diff does not take --json" "$tmp/why" &&
        [ "$(dv --batch "$v" "$v")" = 2 ] && [ "$(dv "$v" "$tmp/none.trc")" = 2 ] &&
        [ "$(alphavlm trace dump --first 3 "$v" >/dev/null 2>&1; echo $?)" = 2 ] &&
        ok "diff refuses what it does not take (--json, --batch), a missing trace: status 2; dump refuses --first" ||
        bad "diff: bad input"

fi

# ---- the stepper, in batch mode, on the small vlmdemo trace ----
if tcase "the stepper (batch)"; then
    need_v
    after() {  # after N CMD: the line that follows the N-th "> CMD" of the session
        awk -v want="> $2" -v n="$1" 'hit { print; exit } $0 == want && ++k == n { hit = 1 }' "$tmp/step"
    }
    evno() { sed -E 's/^#([0-9]+) .*/\1/'; }            # the event number of a shown line
    icnt() { sed -E 's/^#[0-9]+ icount=([0-9]+) .*/\1/'; }
    printf '%s\n' "f FAULT" n w d nt pt f n p "g 5" "gi 150000" "fa 2" n fa "f NOPE" "f PAGEIN" "g 0" n d h q |
        alphavlm trace step --batch "$v" >"$tmp/step" 2>&1
    cp "$tmp/step" "$tmp/why"
    fault=$(after 1 n) next=$(after 2 n) back=$(after 1 p)
    echo "$fault" | grep -Eq '^#[0-9]+ .* U asn=1 FAULT va=' &&
        [ "$(after 1 nt | evno)" -gt "$(echo "$fault" | evno)" ] && after 1 nt | grep -q ' FAULT ' &&
        [ "$(after 1 pt | evno)" = "$(echo "$fault" | evno)" ] &&
        ok "step: a type filter, then next/previous of the same type" || bad "step: filter, nt, pt"
    grep -A4 '^> w$' "$tmp/step" | grep -q '^walk of va 0x' &&
        grep -A4 '^> w$' "$tmp/step" | grep -q '^  L1: PTE at PA' &&
        grep -A5 '^> w$' "$tmp/step" | grep -q '^  L3: PTE at PA' &&
        grep -A6 '^> w$' "$tmp/step" | grep -q "^  -> fault: $(echo "$fault" | evno | sed 's/^/#/') " &&
        ok "step: the walk of a fault, level by level, ending at the fault" || bad "step: walk"
    sed -n '/^> d$/,/^> /p' "$tmp/step" | grep -Eq '^  \(vlmdemo\) [a-z_]+\+0x[0-9a-f]+ \(.*\.[cS]:[0-9]+\)$' &&
        sed -n '/^> d$/,/^> /p' "$tmp/step" | grep -Eq "^  => $(echo "$fault" | sed -E 's/.* pc=(0x[0-9a-f]+) .*/\1/'):  [a-z]" &&
        ok "step: disassembly around the pc, from the program's ELF, named: function+offset (file:line)" || bad "step: disassembly"
    [ "$(echo "$back" | evno)" = "$(( $(echo "$next" | evno) - 1 ))" ] && after 1 "g 5" | grep -q '^#5 ' &&
        ok "step: next, previous and go to an event" || bad "step: n, p, g"
    gi=$(after 1 "gi 150000")
    first=$(alphavlm trace dump "$v" | awk -F'icount=' '/^#/ { split($2, a, " "); if (a[1] >= 150000) { print; exit } }')
    [ -n "$gi" ] && [ -n "$first" ] && [ "$(echo "$gi" | evno)" = "$(echo "$first" | evno)" ] && [ "$(echo "$gi" | icnt)" -ge 150000 ] &&
        ok "step: go to an icount: the first event at or after it" || bad "step: gi"
    after 3 n | grep -q ' asn=2 ' && grep -q '^unknown event type in NOPE' "$tmp/step" &&
        ok "step: an ASN filter; an unknown type is refused and the filter stays" || bad "step: fa, f NOPE"

    block() {  # block N CMD: the lines after the N-th "> CMD" up to the next command
        awk -v want="> $2" -v n="$1" 'hit && /^> / { exit } hit { print } $0 == want && ++k == n { hit = 1 }' "$tmp/step"
    }
    after 4 n | grep -Eq ' pc=0x[0-9a-f]+ <(fault_in|page_in)\+0x[0-9a-f]+ \(guestos/vm\.c:[0-9]+\)> K asn=[0-9]+ PAGEIN va=' &&
        block 2 d | grep -Eq '^  \(the kernel\) (fault_in|page_in)\+0x[0-9a-f]+ \(guestos/vm\.c:[0-9]+\)$' &&
        block 2 d | grep -q '^  => 0xffffffff' &&
        ok "step: a PAGEIN carries the pc of the kernel's fault handler, and d names it" || bad "step: PAGEIN's pc"
    missing=""
    for c in n p nt pt g gi f fa w d s h q; do
        block 1 h | grep -Eq "^($c |$c,|[a-z]+ / $c )" || missing="$missing $c"
    done
    [ -z "$missing" ] && [ "$(block 1 h | wc -l)" -ge 12 ] && ok "step: h lists every command" ||
        { echo "missing:$missing" >>"$tmp/why"; bad "step: help"; }
    printf 'g 0\nd\nq\n' | alphavlm trace step --batch "$v" >"$tmp/why" 2>&1
    grep -Eq '^  => 0x[0-9a-f]+:  ecall +; CALL_PAL swpctx$' "$tmp/why" &&
        ok "step: d names the PAL call an ecall makes (swpctx)" || bad "step: PAL call names"

fi

# The prompt at a terminal (tmux): Left moves the cursor (libedit), Up recalls the last line.
if tcase "the stepper at a terminal"; then
    need_v
    sock="alphavlm-test-$$"
    screen() { tmux -L "$sock" capture-pane -p -t step 2>/dev/null; }
    wait_for() {  # wait_for PATTERN: poll the screen (a bound, not a timing check)
        for _ in $(seq 100); do screen | grep -q -- "$1" && return 0; sleep 0.1; done; return 1
    }
    tmux -L "$sock" new-session -d -s step -x 160 -y 40 "$emu trace step $v"
    typed() {  # typed TEXT: type TEXT at the prompt until libedit echoes it (it may drop
               # what arrives before it takes the terminal)
        for _ in 1 2 3 4 5; do
            tmux -L "$sock" send-keys -t step C-u "$1"; wait_for "^(step) *$1 *\$" && return 0
        done; return 1
    }
    if wait_for '^(step)' && typed 'g 5'; then
        tmux -L "$sock" send-keys -t step Left 1 Enter
        wait_for '^#15 ' && typed 'g 3' && tmux -L "$sock" send-keys -t step Enter && wait_for '^#3 ' &&
            typed '' && tmux -L "$sock" send-keys -t step Up Up Enter
    fi
    twice() { for _ in $(seq 100); do [ "$(screen | grep -c '^#15 ')" = 2 ] && return 0; sleep 0.1; done; return 1; }
    twice && ok "step at a terminal: line editing (Left) and history (Up)" ||
        { screen >"$tmp/why"; bad "step: line editing and history"; }
    tmux -L "$sock" kill-server 2>/dev/null
fi

# ---- names in dump: system calls, results and errors, exceptions, faults ----
if tcase "names in dump"; then
    need_v
    alphavlm run --trace "$tmp/names.trc" --ram 64M --proc-limit 16M usertests files faults >/dev/null 2>&1
    { alphavlm trace dump "$tmp/names.trc"; alphavlm trace dump --type SYSCALL "$v"; } >"$tmp/why" 2>&1
    grep -Eq ' <write\+0x[0-9a-f]+ \(workloads/lib/syscalls\.c:[0-9]+\)> U asn=[0-9]+ SYSCALL nr=64 write\(fd=1, buf=0x[0-9a-f]+\)$' "$tmp/why" &&
        grep -Eq ' SYSCALL nr=29 ioctl\(fd=[0-9]+, cmd=VLM_ALLOC\)$' "$tmp/why" &&
        grep -Eq ' SYSRET nr=56 openat -ENOENT result=-2$' "$tmp/why" && grep -Eq ' SYSRET nr=4242 syscall_4242 -ENOSYS result=-38$' "$tmp/why" &&
        grep -Eq ' EXC entMM va=0x[0-9a-f]+ (TNV|ACV) (load|store)$' "$tmp/why" && grep -Eq ' FAULT va=0x[0-9a-f]+ ACV store$' "$tmp/why" &&
        grep -q ' EXC entIF opcdec (illegal instruction)$' "$tmp/why" && grep -q ' EXC entInt clock$' "$tmp/why" &&
        grep -Eq ' <ent_sys\+0x[0-9a-f]+ \(guestos/entry\.S:[0-9]+\)> K asn=[0-9]+ SYSRET ' "$tmp/why" && ! grep -q ' <\$' "$tmp/why" &&
        ! grep -Eq " (SYSCALL|SYSRET) nr=($(awk '/^#define SYS_/ { printf "%s%s", s, $3; s = "|" }' guestos/abi/vlmos.h)) syscall_" "$tmp/why" &&
        ok "dump: system calls with decoded arguments, results and errors by name, exceptions, causes, user source lines" ||
        bad "dump: names"
fi

# ---- the build id: what the kernel loads, not its debug info ----
if tcase "build id"; then
    need_v
    riscv64-unknown-elf-objcopy --strip-debug build/guestos/kernel.elf "$tmp/kernel-nodebug.elf"
    alphavlm run --ram 64M --kernel "$tmp/kernel-nodebug.elf" --initrd build/initrd.cpio \
        --trace "$tmp/nodebug.trc" true >/dev/null 2>&1
    kid() { alphavlm trace dump --to 0 "$1" | sed -nE 's/.* kernel ([0-9a-f]+),.*/\1/p'; }
    alphavlm trace dump --to 0 "$v" >"$tmp/why" 2>&1
    [ -n "$(kid "$v")" ] && [ "$(kid "$tmp/nodebug.trc")" = "$(kid "$v")" ] &&
        ! cmp -s build/guestos/kernel.elf "$tmp/kernel-nodebug.elf" &&
        ok "kernel build id: the same without debug info (comment edits leave goldens alone)" ||
        bad "kernel build id"
fi

# ---- dump filters ----
if tcase "dump filters"; then
    need_v
    alphavlm trace dump --from 100 --count 5 "$v" | grep '^#[0-9]' >"$tmp/why"
    [ "$(wc -l <"$tmp/why")" = 5 ] && head -1 "$tmp/why" | grep -q '^#100 ' &&
        ok "dump --from --count" || bad "dump --from --count"
    alphavlm trace dump --va 0x10000-0x20000 --type TLB_MISS,FAULT "$v" | grep '^#[0-9]' >"$tmp/why"
    [ -s "$tmp/why" ] && ! grep -Evq ' (TLB_MISS|FAULT) va=0x1[0-9a-f]{4} ' "$tmp/why" &&
        ok "dump --va LO-HI --type: only those types in that range" || bad "dump --va --type"
    alphavlm trace dump --pid 2 "$v" | grep '^#[0-9]' >"$tmp/why"
    [ -s "$tmp/why" ] && grep -q ' U asn=2 ' "$tmp/why" && ! grep -q ' U asn=1 ' "$tmp/why" &&
        ok "dump --pid: only while that process runs" || bad "dump --pid"
fi

# ---- bad trace files: one line on stderr, a non-zero status, no crash ----
if tcase "damaged and bad trace files"; then
    need_t
    size=$(stat -c %s "$t")
    rejected() {  # rejected NAME PATTERN CMD...
        local name=$1 pat=$2; shift 2
        "$@" >"$tmp/out" 2>"$tmp/err"; local st=$?
        if [ "$st" -ne 0 ] && [ "$st" -lt 128 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && grep -q -- "$pat" "$tmp/err"; then
            ok "$name: $(cat "$tmp/err")"
        else
            { echo "status $st"; cat "$tmp/err"; } >"$tmp/why"; bad "$name"
        fi
    }
    patch() {  # patch FILE OFFSET HEXBYTES
        printf "$(echo "$3" | sed 's/../\\x&/g')" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
    }
    head -c $((size - 100)) "$t" >"$tmp/trunc.trc"
    rejected "truncated trace" "truncated" alphavlm trace dump "$tmp/trunc.trc"
    head -c 300 "$t" >"$tmp/short.trc"
    rejected "trace shorter than its header" "truncated" alphavlm trace stats "$tmp/short.trc"
    cp "$t" "$tmp/magic.trc"; patch "$tmp/magic.trc" 0 58585858
    rejected "corrupted magic" "not an alphavlm trace" alphavlm trace dump "$tmp/magic.trc"
    cp "$t" "$tmp/ver.trc"; patch "$tmp/ver.trc" 8 07000000
    rejected "wrong version" "version 7" alphavlm trace step --batch "$tmp/ver.trc"
    cp "$t" "$tmp/v1.trc"; patch "$tmp/v1.trc" 8 01000000
    rejected "a version 1 trace (48-bit icounts)" "version 1 (an older alphavlm);.*record the trace again" alphavlm trace dump "$tmp/v1.trc"
    cp "$t" "$tmp/inc.trc"; patch "$tmp/inc.trc" 20 00000000
    rejected "incomplete recording" "incomplete" alphavlm trace dump "$tmp/inc.trc"
    cp "$t" "$tmp/cnt.trc"; patch "$tmp/cnt.trc" 24 ffffff00
    rejected "corrupted event count" "corrupted" alphavlm trace dump "$tmp/cnt.trc"
    cp "$t" "$tmp/idx.trc"; patch "$tmp/idx.trc" $((size - 8)) 0000000000000000
    if [ "$(( (size - 512) / 40 ))" -gt 4096 ]; then
        rejected "corrupted index" "index goes backwards" alphavlm trace dump "$tmp/idx.trc"
    fi
    cp "$t" "$tmp/type.trc"; patch "$tmp/type.trc" $((512 + 36)) ee
    rejected "an event of unknown type" "unknown type" alphavlm trace dump "$tmp/type.trc"
    for tool in "stats" "export --csv $tmp/x.csv" "step --batch"; do     # every tool: status 1
        # shellcheck disable=SC2086
        echo q | alphavlm trace $tool "$tmp/type.trc" >"$tmp/out" 2>"$tmp/why"; st=$?
        [ "$st" = 1 ] && grep -q "unknown type" "$tmp/why" && ok "damaged trace: ${tool%% *} exits 1" ||
            { echo "status $st" >>"$tmp/why"; bad "damaged trace: ${tool%% *}"; }
    done
    : >"$tmp/empty.trc"
    rejected "empty file" "truncated" alphavlm trace dump "$tmp/empty.trc"
    rejected "a directory" "not a regular file" alphavlm trace dump "$tmp"
    rejected "missing file" "No such file" alphavlm trace stats "$tmp/none.trc"
    rejected "not a trace" "not an alphavlm trace" alphavlm trace dump build/guestos/kernel.elf
    rejected "unknown trace command: every command listed" "unknown command: .*export or render" alphavlm trace frobnicate "$t"
    rejected "unknown event type" "unknown event type" alphavlm trace dump --type NOPE "$t"
    rejected "diff needs two files" "two trace files" alphavlm trace diff "$t"
    rejected "export needs an output" "export needs" alphavlm trace export "$t"
    rejected "recording to a bad path" "No such file" alphavlm run --ram 64M --trace "$tmp/no/such/dir.trc" true
    rejected "--trace with --tlb fast" "needs --tlb exact" alphavlm run --ram 64M --tlb fast --trace "$tmp/x.trc" true

fi

# ---- output that cannot be written is a failure: non-zero, one line ----
if tcase "output errors"; then
    need_t
    for tool in dump stats "step --batch" "export --json /dev/full" "export --csv /dev/full"; do
        # shellcheck disable=SC2086
        echo q | "$emu" trace $tool "$t" >/dev/full 2>"$tmp/why"; st=$?
        [ "$st" = 1 ] && [ "$(wc -l <"$tmp/why")" = 1 ] && grep -q "cannot write" "$tmp/why" &&
            ok "output to a full device: trace $tool exits 1, one line" ||
            { echo "status $st" >>"$tmp/why"; bad "output to a full device: trace $tool"; }
    done
fi

# ---- export and stats produce what they promise ----
if tcase "export and stats"; then
    need_t
    alphavlm trace export --json "$tmp/t.json" --csv "$tmp/t.csv" "$t" 2>"$tmp/why" &&
        python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if len(d['traceEvents']) > 100 else 1)" "$tmp/t.json" &&
        [ "$(wc -l <"$tmp/t.csv")" -gt 100 ] && head -1 "$tmp/t.csv" | grep -q "^event,icount,pc" &&
        ok "export: Chrome trace-event JSON that parses, and CSV" || bad "export"
    alphavlm trace stats "$t" >"$tmp/why" 2>&1 && grep -q "pid 1 (usertests)" "$tmp/why" &&
        grep -q "user stack" "$tmp/why" && grep -q "^No hit rate" "$tmp/why" && ! grep -q "% hits" "$tmp/why" &&
        grep -Eq '^  pid [0-9]+ \([a-z]+\) +[1-9][0-9]*  [a-z_]+\+0x[0-9a-f]+ \(.+:[0-9]+\)$' "$tmp/why" &&
        grep -Eq "user valloc +[0-9]+ +[1-9][0-9]* +[0-9.]+ +[0-9.]+ +[1-9]" "$tmp/why" &&
        awk '$1 == "all" { ok = $3 > 0 && sprintf("%.3f", 1000 * $3 / $8) == $5 } END { exit !ok }' "$tmp/why" &&
        awk '$1 == "pid" && $2 == 1 && !seen++ { ok = $5 > 0 && sprintf("%.3f", 1000 * $5 / $10) == $7 } END { exit !ok }' "$tmp/why" &&
        ok "stats: exact misses and MPKI per process and region (sparse's valloc misses and faults), faulting code named, no hit rate" || bad "stats"
fi

# ---- honest TLB figures: a trace counts exactly what --stats counts; a smaller DTB misses more ----
if tcase "TLB figures"; then
    alphavlm run --stats --trace "$tmp/s.trc" --ram 64M --proc-limit 2M vlmdemo 4M 2M >"$tmp/s.out" 2>&1
    alphavlm trace stats "$tmp/s.trc" >"$tmp/why" 2>&1
    run_dtb=$(sed -nE 's/^  DTB \(64 entries\): misses ([0-9]+) .*/\1/p' "$tmp/s.out")
    trace_dtb=$(awk '$1 == "all" { print $3 }' "$tmp/why")
    [ -n "$run_dtb" ] && [ "$run_dtb" = "$trace_dtb" ] && grep -q "per 1000 instructions, exact" "$tmp/s.out" &&
        ! grep -q "hits" "$tmp/s.out" && ok "--stats and trace stats agree: $run_dtb DTB misses, exact, no hit rate" ||
        { cat "$tmp/s.out" >>"$tmp/why"; bad "--stats against trace stats"; }
    dtb_misses() {  # dtb_misses N: DTB misses of usertests matmul (a large working set) with an N-entry DTB
        alphavlm run --stats --dtb "$1" --ram 16M usertests matmul 2>&1 | sed -nE 's/^  DTB \([0-9]+ entries\): misses ([0-9]+) .*/\1/p'
    }
    small=$(dtb_misses 8) big=$(dtb_misses 64)
    echo "DTB 8: $small misses, DTB 64: $big" >"$tmp/why"
    [ -n "$small" ] && [ -n "$big" ] && [ "$big" -gt 0 ] && [ "$small" -ge "$big" ] &&
        ok "a smaller DTB misses at least as often on matmul ($small with 8 entries, $big with 64)" || bad "DTB size"
fi

# ---- walk records carry the PC of the instruction that made the access ----
if tcase "walk record PCs"; then
    alphavlm run --trace "$tmp/pc.trc" $R usertests sparse >/dev/null 2>&1
    alphavlm trace dump --type TLB_MISS,FAULT "$tmp/pc.trc" >"$tmp/why" 2>&1
    # Every data fault is preceded by its own TLB miss, at the same pc.
    awk '/ TLB_MISS / { pc = $3 } / FAULT .* (load|store)$/ { n++; if ($3 != pc) bad++ }
         END { print n " data faults, " bad + 0 " with another pc"; exit !(n > 0 && bad == 0) }' \
        "$tmp/why" >"$tmp/why.sum" 2>&1 &&
        ok "TLB_MISS records carry the faulting instruction's pc ($(cat "$tmp/why.sum"))" ||
        { cat "$tmp/why.sum" >>"$tmp/why"; bad "walk record PCs"; }
fi

# ---- export: valid JSON whatever the names, balanced slices ----
if tcase "export of odd names"; then
    odd='q"x\y'
    cp build/workloads/hello.elf "$tmp/$odd"
    alphavlm run --trace "$tmp/odd.trc" --ram 64M "$tmp/$odd" >/dev/null 2>&1
    alphavlm trace export --json "$tmp/odd.json" "$tmp/odd.trc" 2>"$tmp/why" &&
        json_balanced "$tmp/odd.json" "$odd" >>"$tmp/why" 2>&1 &&
        ok 'export: a program named q"x\y loads in json, slices balanced, names as strings' || bad "export: odd names"
    alphavlm trace dump --type SYSCALL "$tmp/odd.trc" >"$tmp/why" 2>&1 &&
        grep -Eq ' <write\+0x[0-9a-f]+ \(workloads/lib/syscalls\.c:[0-9]+\)> U asn=[0-9]+ SYSCALL nr=64 write\(' "$tmp/why" &&
        ok "a host program run with run PATH is named from its own file" || bad "names of a host program"
fi

summary
