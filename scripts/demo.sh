#!/usr/bin/env bash
# scripts/demo.sh BUILD_DIR — the main job (`make demo`): vlmdemo's 10 GiB flow
# at a 2 GiB per-process limit on the default 16G machine, with the host clock
# so that its per-phase times are wall-clock times.
#
# With a display ($DISPLAY or $WAYLAND_DISPLAY set) the live view shows the
# flow as it happens: frames turning from free to donor-owned, VLM-owned and
# mapped in the consumer's window (docs/display.md).  Either way it writes
# two pictures: DEMO_PNG (default BUILD_DIR/demo.png) at the end, and
# DEMO_PNG with -vlm606 at FIG. 6 step 606, when the first buffer of the
# window is mapped and every donated frame is in place.
#
# Guest RAM is sparse host memory and the flow writes all 10 GiB (peak resident
# set 10.1 GiB, measured), so on a host with less than DEMO_NEED_GIB (default
# 11) GiB available it runs the same flow at a quarter of the scale (2.5 GiB
# at a 512 MiB limit: again 4 donors) and says so, rather than meet the host's
# OOM killer halfway through.
set -u
b=${1:-build}
need=${DEMO_NEED_GIB:-11}
png=${DEMO_PNG:-$b/demo.png}
avail=$(awk '/^MemAvailable:/ { print int($2 / 1048576) }' /proc/meminfo 2>/dev/null)
avail=${avail:-0}
view=(--screenshot "$png" --screenshot-at vlm:606)
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    view+=(--display sdl)
    echo "== the live view opens in a window (h: keys; q or closing it ends the run)"
fi

if [ "$avail" -ge "$need" ]; then
    echo "== alphavlm demo: VLM/OS allocates 10 GiB at a 2 GiB per-process limit =="
    "$b/alphavlm" run --clock host "${view[@]}" vlmdemo
else
    echo "== alphavlm demo: this host has $avail GiB of memory available; the 10 GiB flow needs about $need."
    echo "== Running the same flow at a quarter of the scale: 2.5 GiB at a 512 MiB limit (4 donors) =="
    "$b/alphavlm" run --clock host --ram 4G --proc-limit 512M "${view[@]}" vlmdemo 2560M 512M
fi
st=$?
echo "== pictures: ${png%.png}-vlm606.png (the flow in place), $png (the end)"
exit $st
