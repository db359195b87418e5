#!/usr/bin/env bash
# tests/view/run.sh — the live view and its pictures (docs/display.md):
# screenshots checked by pixels against what a trace of the same run says
# (a page-table frame has that state's colour, the last TLB fill's row holds
# text), bad picture paths, --display without a display, and a real window
# under Xvfb driven by xdotool and captured with xwd (window.sh).
# Ends with "N passed, N failed".  ALPHAVLM names the emulator binary.
set -u
suite_secs=${suite_secs:-600}                                 # the whole suite (tests/lib.sh; tests/all.sh sets it)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(dirname "$0")
png() { python3 "$here/png.py" "$@" >>"$why" 2>&1; }
export ALPHAVLM_VIEW_GEOMETRY=1
COL_PT=f2d36b COL_IMAGE=e06c75

# 1. A picture at instruction N of `true`, against the trace of the same run.
#    N is its exit system call: the process and its page tables still exist.
args=(run --ram 64M --trace "$tmp/a.trc" true)
run_bounded "screenshot-at: the traced run" 120 "$emu" "${args[@]}" >/dev/null 2>&1
run_bounded "screenshot-at: trace dump" 120 "$emu" trace dump "$tmp/a.trc" >"$tmp/a.txt"
n=$(awk '/ SYSCALL nr=93 / { sub("icount=", "", $2); print $2; exit }' "$tmp/a.txt")
# Fields by name: dump puts the pc's function (with spaces) after the pc.
pt=$(awk -v n="$n" '/ U asn=1 PTE L3 / { split($2, a, "="); if (a[2] + 0 <= n + 0 && match($0, / pte_pa=[^ ]+/)) p = substr($0, RSTART + 8, RLENGTH - 8) }
                    END { print p }' "$tmp/a.txt")
fill=$(awk -v n="$n" '/ FILL / { split($2, a, "="); if (a[2] + 0 <= n + 0 && match($0, / FILL va=[^ ]+ [ID]TB slot=[0-9]+/)) { split(substr($0, RSTART, RLENGTH), w, " "); f = w[3] " " w[4] } }
                      END { print f }' "$tmp/a.txt")
tb=$(echo "$fill" | awk '{ print tolower($1) }'); slot=${fill#*slot=}
run_bounded "screenshot-at: the run with pictures" 120 "$emu" run --ram 64M --trace "$tmp/b.trc" --screenshot "$tmp/s.png" --screenshot-at "$n" true \
    >/dev/null 2>"$tmp/b.err"
geom=$(grep -m1 '^view-geometry:' "$tmp/b.err")
: >"$why"
if [ -z "$n" ] || [ -z "$pt" ] || [ -z "$geom" ] || [ ! -s "$tmp/s-$n.png" ]; then
    { echo "n=$n pt=$pt"; cat "$tmp/b.err"; } >"$why"; bad "screenshot-at: no picture"
else
    pfn=$(( pt >> 13 ))
    png size "$tmp/s-$n.png" 1480 960 && ok "screenshot-at $n: a 1480x960 PNG" || bad "screenshot-at: size"
    : >"$why"
    png cell "$tmp/s-$n.png" "$geom" "$pfn" $COL_PT &&
        ok "frame $pfn, an L3 table of the trace's walk, has the page-table colour" ||
        bad "the page-table frame's colour"
    : >"$why"
    png cell "$tmp/s-$n.png" "$geom" 0 $COL_IMAGE && ok "frame 0 (the HWRPB) has the kernel-image colour" ||
        bad "frame 0's colour"
    : >"$why"
    png row "$tmp/s-$n.png" "$geom" "$tb" "$slot" && ok "the trace's last fill ($tb slot $slot) has a row of text" ||
        bad "the last fill's TLB row"
    : >"$why"
    ! png row "$tmp/s-$n.png" "$geom" dtb 63 && ok "an empty slot's row (DTB 63) is blank" ||
        bad "DTB slot 63 should be empty"
    : >"$why"
    # --screenshot: the last moment a program ran, its exit system call (which
    # is instruction N): the page table is still one, not yet freed.
    geom_end=$(grep '^view-geometry:' "$tmp/b.err" | tail -1)
    png cell "$tmp/s.png" "$geom_end" "$pfn" $COL_PT &&
        ok "--screenshot shows the program's last moment: frame $pfn is still its page table" ||
        bad "--screenshot: the exiting program's page table"
    : >"$why"
    png same "$tmp/s.png" "$tmp/s-$n.png" 0 72 830 500 &&
        ok "--screenshot's memory map is that of instruction $n, the exit system call" ||
        bad "--screenshot: not the moment of the exit system call"
fi

# 1b. Every text colour of the view on every background it sits on: WCAG AA.
: >"$why"
python3 "$here/contrast.py" >"$why" 2>&1 && ok "text contrast: WCAG AA ($(tail -1 "$why"))" ||
    bad "text contrast below WCAG AA"


# 2. Bad input: exit 2 with one line, before the guest runs.
expect_bad() {   # NAME ARGS...
    local name=$1; shift
    run_bounded "$name" 60 "$emu" run --ram 64M "$@" >"$tmp/out" 2>"$tmp/err"; local st=$?
    { echo "status $st"; cat "$tmp/out" "$tmp/err"; } >"$why"
    [ $st = 2 ] && [ "$(wc -l <"$tmp/err")" = 1 ] && [ ! -s "$tmp/out" ] && ok "$name: exit 2, one line" ||
        bad "$name"
}
expect_bad "--screenshot in a missing directory" --screenshot /nonexistent/dir/x.png true
expect_bad "--screenshot not .png" --screenshot "$tmp/x.jpg" true
expect_bad "--screenshot-at without --screenshot" --screenshot-at 1000 true
expect_bad "--screenshot-at with the host clock" --clock host --screenshot "$tmp/x.png" --screenshot-at 10 true
expect_bad "--display with a bad value" --display x11 true
( unset DISPLAY WAYLAND_DISPLAY; expect_bad "--display sdl with no display" --display sdl true
  echo "$pass $fail" >"$tmp/sub" )
read -r pass fail <"$tmp/sub"

# The view is a plugin (docs/design.md, "Start-up"): a run without pictures
# does not load SDL, and a binary whose plugin is missing says so in one line.
ldd "$emu" >"$why" 2>&1
! grep -qi 'sdl' "$why" && grep -q 'alphavlm-view.so' <(ls "$(dirname "$emu")") &&
    ok "$(basename "$emu") does not link SDL; alphavlm-view.so is beside it" || bad "SDL linked into $emu"
mkdir -p "$tmp/noplug" && cp "$emu" "$tmp/noplug/alphavlm"
( export ALPHAVLM_BUILD=$(cd "${BUILD:-build}" && pwd); emu=$tmp/noplug/alphavlm
  expect_bad "--screenshot with the view plugin missing" --screenshot "$tmp/x.png" true
  grep -q 'cannot load the view' "$tmp/err" || bad "the missing plugin is not named"
  run_bounded "a run, plugin missing" 60 "$emu" run --ram 64M true >"$why" 2>&1 &&
      ok "a run without pictures needs no plugin" || bad "a run without pictures needs the plugin"
  echo "$pass $fail" >"$tmp/sub" )
read -r pass fail <"$tmp/sub"

# 3. trace render: the VLM flow's marks in their figures' colours (the legend
#    swatch of each is 10x10 = 100 pixels; vlmdemo records no FIG. 9 step).
run_bounded "render: the vlmdemo run" 120 "$emu" run --ram 64M --proc-limit 2M --trace "$tmp/v.trc" vlmdemo 4M 2M >/dev/null 2>&1
run_bounded "render: vlmdemo's picture" 120 "$emu" trace render "$tmp/v.trc" -o "$tmp/v.png" 2>"$why"
FIG6=61afef FIG7=a673e0 FIG8=98c379 FIG9=d19a66 FIG10=e06c75
for f in 6 7 8 10; do
    col=FIG$f
    png count "$tmp/v.png" "${!col}" 120 && ok "render: FIG. $f steps are drawn" || bad "render: FIG. $f"
    : >"$why"
done
png count "$tmp/v.png" $FIG9 100 100 && ok "render: FIG. 9 has its legend swatch only (no such steps)" ||
    bad "render: FIG. 9"
: >"$why"
run_bounded "render: no VLM panel" 120 "$emu" trace render "$tmp/a.trc" -o "$tmp/a.png" 2>"$why" && png count "$tmp/a.png" $FIG6 0 0 &&
    ok "render: a trace without VLM steps has no VLM panel" || bad "render: VLM panel without steps"
expect_render_bad() {   # NAME STATUS ARGS...
    local name=$1 want=$2; shift 2
    run_bounded "render: $name" 60 "$emu" trace render "$@" >"$tmp/out" 2>"$tmp/err"; local st=$?
    { echo "status $st"; cat "$tmp/out" "$tmp/err"; } >"$why"
    [ $st = "$want" ] && [ "$(wc -l <"$tmp/err")" = 1 ] && ok "render: $name: exit $want, one line" || bad "render: $name"
}
expect_render_bad "-o in a missing directory" 2 "$tmp/v.trc" -o /nonexistent/x.png
expect_render_bad "-o not .png" 2 "$tmp/v.trc" -o "$tmp/x.gif"
expect_render_bad "no -o" 2 "$tmp/v.trc"
head -c 3000 "$tmp/v.trc" >"$tmp/cut.trc"
expect_render_bad "a truncated trace" 1 "$tmp/cut.trc" -o "$tmp/cut.png"
[ ! -e "$tmp/cut.png" ] && ok "render: no picture of a truncated trace" || bad "render: wrote a picture of a bad trace"
# Events at or past the header's final icount (the span of the x axis) go in the last
# column; they once indexed past the heat map's rows (caught by the ASan+UBSan run).
python3 - "$tmp/v.trc" "$tmp/late.trc" <<'PY'
import struct, sys
b = bytearray(open(sys.argv[1], 'rb').read())
struct.pack_into('<Q', b, 96, 1)        # final_icount (trace.h struct trace_header): every event is late
open(sys.argv[2], 'wb').write(b)
PY
"$emu" trace render "$tmp/late.trc" -o "$tmp/late.png" >"$tmp/out" 2>"$why"; st=$?
[ $st = 0 ] && [ -s "$tmp/late.png" ] && ok "render: events past the trace's span land in the last column" ||
    { echo "status $st" >>"$why"; bad "render: events past the span"; }

# 4. A real window under Xvfb (xvfb-run picks a free display).  window.sh
#    bounds its own waits (240 s in all); this bound is for Xvfb itself.
run_bounded "the window test under Xvfb" 300 xvfb-run -a -n "$((100 + RANDOM % 800))" -s "-screen 0 1600x1000x24 -nolisten tcp" \
    bash "$here/window.sh" "$emu" "$tmp/win" "$here/png.py" ${SPIN:-build/guest/spin.elf} >"$tmp/win.log" 2>&1
cat "$tmp/win.log"
pass=$((pass + $(grep -c '^PASS' "$tmp/win.log"))); fail=$((fail + $(grep -c '^FAIL' "$tmp/win.log")))
grep -q '^PASS' "$tmp/win.log" || { : >"$why"; bad "the window test did not run"; }
summary "view"
