#!/usr/bin/env bash
# scripts/gdb.sh BUILD [PROGRAM [ARGS...]] — `make gdb`: boot VLM/OS under the
# gdb stub, stopped before the first instruction, and attach gdb-multiarch
# with the kernel's symbols, the project's gdb settings (tests/gdb/alphavlm.gdb)
# and the program's symbols when it has them.  GDB_PORT picks the port
# (default: a free one); RUNARGS adds `alphavlm run` options.  The guest's
# console shares the terminal.
set -u
build=$1; shift
[ $# -gt 0 ] || set -- "$build/gdb/gdbdemo.elf"
port=${GDB_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
prog=$1
case "$prog" in
    */*) syms=$prog ;;
    *)   syms=$build/workloads/$prog.elf ;;
esac
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# shellcheck disable=SC2086
"$build/alphavlm" run --gdb "$port" --gdb-wait ${RUNARGS:-} "$@" </dev/null 2> >(tee "$log" >&2) &
emu=$!
# Wait for the stub to listen (connecting to find out would attach).
until grep -qs "gdb stub on" "$log"; do
    kill -0 "$emu" 2>/dev/null || exit 1
    sleep 0.1
done
args=(-q -x tests/gdb/alphavlm.gdb)
[ -f "$syms" ] && args+=(-ex "add-symbol-file $syms")
gdb-multiarch "${args[@]}" -ex "target remote 127.0.0.1:$port" "$build/guestos/kernel.elf"
kill "$emu" 2>/dev/null
wait "$emu" 2>/dev/null
exit 0
