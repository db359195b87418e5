#!/usr/bin/env bash
# tests/view/window.sh EMU DIR PNG_PY SPIN — run by tests/view/run.sh under
# xvfb-run: open the live view on a guest that never ends, drive it with
# xdotool, capture it with xwd, check the pictures by pixels, quit with q.
set -u
emu=$(realpath "$1") dir=$2 py=$(realpath "$3") spin=$(realpath "$4")
mkdir -p "$dir" && cd "$dir" || exit 1
export ALPHAVLM_VIEW_GEOMETRY=1
why=$dir/why
ok()  { echo "PASS: $1"; }
bad() { echo "FAIL: $1"; [ -s "$why" ] && sed 's/^/    /' "$why" | head -20; }
png() { python3 "$py" "$@" >>"$why" 2>&1; }

"$emu" run --ram 64M --display sdl "$spin" >out 2>err &
pid=$!
win=$(timeout 30 xdotool search --sync --name '^alphavlm: live view$' | head -1)
if [ -z "$win" ]; then
    cat err >"$why"; bad "window: no window appeared"; kill "$pid"; exit 1
fi
ok "window: opened on $DISPLAY"
k=0
save() {   # press s; wait for alphavlm-view-K.png
    k=$((k + 1)); xdotool key --window "$win" s
    for _ in $(seq 100); do grep -q "screenshot alphavlm-view-$k.png " err && return 0; sleep 0.1; done
    return 1
}

save; geom=$(grep '^view-geometry:' err | tail -1)
: >"$why"
xwd -silent -id "$win" -out cap.xwd
png same cap.xwd "alphavlm-view-1.png" 10 580 830 70 && ok "window: xwd capture shows the legend the PNG has" ||
    bad "window: capture and PNG differ in the legend"
: >"$why"
png cell cap.xwd "$geom" 0 e06c75 && ok "window: in the capture frame 0 has the kernel-image colour" ||
    bad "window: frame 0 in the capture"

# Pause: once the view says PAUSED (the CPU has stopped: a picture's line
# says so), two pictures have the same counters.
xdotool key --window "$win" p
for _ in $(seq 50); do save; grep -q "screenshot alphavlm-view-$k.png .*PAUSED" err && break; done
p1=$k; sleep 0.3; save; p2=$k
icount() { sed -n "s/.*screenshot alphavlm-view-$1.png (instruction \([0-9]*\),.*/\1/p" err; }
grep "screenshot alphavlm-view-" err >"$why"
[ -n "$(icount $p1)" ] && [ "$(icount $p1)" = "$(icount $p2)" ] &&
    ok "window: p pauses (the instruction count stands still)" || bad "window: instructions ran while paused"
# Resume: the count moves again (retry a few pictures: the CPU needs a moment).
xdotool key --window "$win" p
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
xdotool mousemove --window "$win" $((gx + 1)) $((gy + 1)) click 1
sleep 0.3; save; : >"$why"
png colour "alphavlm-view-$k.png" $((gx - 1)) $((gy + cs / 2)) ffffff &&
    ok "window: a click outlines the frame's cell" || bad "window: no outline after the click"
: >"$why"
! png same "alphavlm-view-1.png" "alphavlm-view-$k.png" 10 648 830 108 &&
    ok "window: the click fills the selected-frame box" || bad "window: the selection box did not change"

xdotool key --window "$win" q
wait "$pid"; st=$?
{ echo "status $st"; cat err; } >"$why"
[ $st = 130 ] && grep -q "the view window was closed" err && ok "window: q quits (status 130)" ||
    bad "window: q did not end the run"
