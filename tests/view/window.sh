#!/usr/bin/env bash
# tests/view/window.sh EMU DIR PNG_PY SPIN — run by tests/view/run.sh under
# xvfb-run: open the live view on a guest that never ends, drive it with
# xdotool, capture it with xwd, check the pictures by pixels, quit with q.
# Every wait is bounded (tests/lib.sh): keys go only to a window that is
# mapped, after the view's own "view ready" line; a window that went away is
# looked up again; a picture that never comes, or a guest that never ends,
# fails the test by name and the emulator is killed.
set -u
suite_secs=240
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
emu=$(realpath "$1") dir=$2 py=$(realpath "$3") spin=$(realpath "$4")
mkdir -p "$dir" && cd "$dir" || exit 1
export ALPHAVLM_VIEW_GEOMETRY=1
why=$dir/why why_show="tail -20"
png() { python3 "$py" "$@" >>"$why" 2>&1; }

"$emu" run --ram 64M --display sdl "$spin" >out 2>err &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT

# give_up MSG: fail with the emulator's stderr, stop it (bounded), end here.
give_up() {
    { cat err; echo "(X errors:)"; cat xerr 2>/dev/null; } >"$why"; bad "$1"
    kill "$pid" 2>/dev/null; wait_bounded "window: the emulator after kill" 10 "$pid"
    summary "window"; exit 1
}

# find_window: $win becomes the window the view named in its ready line, or,
# if that one is gone, a visible one with the view's title; both must be
# mapped (viewable).  Up to 60 s (scaled): false if none, or the view ended.
viewable() { timeout 5 xwininfo -id "$1" 2>>xerr | grep -q 'Map State: IsViewable'; }
find_window() {
    local id i
    for ((i = 0; i < 120 * bound_scale; i++)); do
        kill -0 "$pid" 2>/dev/null || return 1
        id=$(sed -n 's/^alphavlm: view ready (X window \(0x[0-9a-f]*\))$/\1/p' err | tail -1)
        [ -n "$id" ] && viewable "$id" && { win=$id; return 0; }
        if grep -q '^alphavlm: view ready' err; then       # gone, or no X id: search
            for id in $(timeout 5 xdotool search --onlyvisible --name '^alphavlm: live view$' 2>>xerr); do
                viewable "$id" && { win=$id; return 0; }
            done
        fi
        sleep 0.5
    done
    return 1
}

# xdo ARGS...: xdotool on $win (the word WIN in ARGS); if it fails (the
# window went away: BadWindow), find the window again and try once more.
xdo() {
    timeout 10 xdotool "${@/#WIN/$win}" 2>>xerr && return 0
    find_window && timeout 10 xdotool "${@/#WIN/$win}" 2>>xerr
}

find_window || give_up "window: no mapped window with a ready line in $((60 * bound_scale)) s"
ok "window: opened on $DISPLAY ($win, after the view's ready line)"
k=0
save() {   # press s; wait (30 s, scaled) for alphavlm-view-K.png, or give up
    local i
    k=$((k + 1))
    xdo key --window WIN s || give_up "window: s could not be sent"
    for ((i = 0; i < 300 * bound_scale; i++)); do
        grep -q "screenshot alphavlm-view-$k.png " err && return 0; sleep 0.1
    done
    give_up "window: s saved no picture alphavlm-view-$k.png"
}

save; geom=$(grep '^view-geometry:' err | tail -1)
: >"$why"
timeout 30 xwd -silent -id "$win" -out cap.xwd 2>>"$why"
png same cap.xwd "alphavlm-view-1.png" 10 580 830 70 && ok "window: xwd capture shows the legend the PNG has" ||
    bad "window: capture and PNG differ in the legend"
: >"$why"
png cell cap.xwd "$geom" 0 e06c75 && ok "window: in the capture frame 0 has the kernel-image colour" ||
    bad "window: frame 0 in the capture"

# Pause: once the view says PAUSED (the CPU has stopped: a picture's line
# says so), two pictures have the same counters.
xdo key --window WIN p || give_up "window: p could not be sent"
for _ in $(seq 50); do save; grep -q "screenshot alphavlm-view-$k.png .*PAUSED" err && break; done
p1=$k; sleep 0.3; save; p2=$k
icount() { sed -n "s/.*screenshot alphavlm-view-$1.png (instruction \([0-9]*\),.*/\1/p" err; }
grep "screenshot alphavlm-view-" err >"$why"
[ -n "$(icount $p1)" ] && [ "$(icount $p1)" = "$(icount $p2)" ] &&
    ok "window: p pauses (the instruction count stands still)" || bad "window: instructions ran while paused"
# Resume: the count moves again (retry a few pictures: the CPU needs a moment).
xdo key --window WIN p || give_up "window: p (resume) could not be sent"
moved=0
for _ in 1 2 3 4 5 6 7 8 9 10; do
    save
    [ "$(icount $k)" != "$(icount $p2)" ] && { moved=1; break; }
    sleep 0.2
done
grep "screenshot alphavlm-view-" err >"$why"
[ $moved = 1 ] && ok "window: p again resumes (instructions run)" || bad "window: nothing ran after resume"

# Click frame 0's cell: it gets a white outline and the selection box text.
read -r gx gy cs <<<"$(echo "$geom" | awk '{ print $3, $4, $5 }')"
xdo mousemove --window WIN $((gx + 1)) $((gy + 1)) click 1 || give_up "window: the click could not be sent"
sleep 0.3; save; : >"$why"
png colour "alphavlm-view-$k.png" $((gx - 1)) $((gy + cs / 2)) ffffff &&
    ok "window: a click outlines the frame's cell" || bad "window: no outline after the click"
: >"$why"
! png same "alphavlm-view-1.png" "alphavlm-view-$k.png" 10 648 830 108 &&
    ok "window: the click fills the selected-frame box" || bad "window: the selection box did not change"

# q quits at once, so the window can be gone before xdotool sends the key's
# release (BadWindow, status 1): then the view's own line says q arrived.
timeout 10 xdotool key --window "$win" q 2>>xerr ||
    { sleep 1; grep -q "the view window was closed" err; } || give_up "window: q could not be sent"
wait_bounded "window: q quits" 30 "$pid"; st=$?
{ echo "status $st"; cat err; } >"$why"
[ $st = 130 ] && grep -q "the view window was closed" err && ok "window: q quits (status 130)" ||
    bad "window: q did not end the run"
summary "window"
