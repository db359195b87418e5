#!/usr/bin/env bash
# scripts/pictures.sh BUILD_DIR — `make pictures`: the pictures in
# docs/pictures/, made by alphavlm's own commands (docs/display.md).  Every
# run uses the icount clock, so a picture changes only when the machine's
# behaviour (or the view's drawing) does.
#   layout.png         the live view of a process with text, data, heap,
#                      valloc, stack and a VLM window (tests/view/layout.c),
#                      taken at FIG. 6 step 606 (its window is mapped)
#   donor-flow.png     vlmdemo's flow at a small scale (256 MiB at a 64 MiB
#                      limit: three donors and a direct part), at step 606
#   vlm-steps.png      `trace render` of vlmdemo: each process's patent steps
#   faults-heatmap.png `trace render` of the guest test suite (usertests):
#                      misses and faults by VA region over time
set -euo pipefail
b=$(realpath "${1:-build}")
out=$(realpath docs/pictures)
emu=$b/alphavlm
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

shot() {   # NAME ARGS...: the live view at step 606 of the run, as NAME.png
    local name=$1; shift
    "$emu" run --screenshot "$tmp/$name.png" --screenshot-at vlm:606 "$@" >/dev/null
    mv "$tmp/$name-vlm606.png" "$out/$name.png"
    echo "docs/pictures/$name.png"
}
render() { # NAME ARGS...: a trace of the run, rendered as NAME.png
    local name=$1; shift
    "$emu" run --trace "$name.trc" "$@" >/dev/null
    "$emu" trace render "$name.trc" -o "$out/$name.png"
    echo "docs/pictures/$name.png"
}

shot layout --ram 512M --proc-limit 256M "$b/view/layout.elf"
shot donor-flow --ram 1G --proc-limit 64M vlmdemo 256M 64M
render vlm-steps --ram 256M --proc-limit 16M vlmdemo 64M 16M
render faults-heatmap --ram 64M --proc-limit 16M usertests
