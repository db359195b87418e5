# shellcheck shell=bash disable=SC2034
# tests/lib.sh — the scaffolding shared by the shell test drivers
# (tests/machine/run.sh, tests/guest/run.sh, tests/golden/run.sh); sourced,
# not run.  It sets:
#   emu        the emulator binary: $ALPHAVLM, default build/alphavlm
#   tmp        a scratch directory, removed when the driver exits
#   why        the file whose lines `bad` shows under a failure (default
#              $tmp/why; a driver may point it elsewhere)
#   why_show   how much of $why to show (default "head -25")
# and defines:
#   ok NAME    count a pass and print "PASS: NAME"
#   bad NAME   count a failure, print "FAIL: NAME" and the detail in $why
#   summary [LABEL]  print "[LABEL: ]N passed, N failed"; status 0 iff none failed
emu=${ALPHAVLM:-build/alphavlm}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
why=$tmp/why
why_show="head -25"

ok()  { pass=$((pass + 1)); echo "PASS: $1"; }
bad() {
    fail=$((fail + 1)); echo "FAIL: $1"
    # shellcheck disable=SC2086
    [ -s "$why" ] && sed 's/^/    /' "$why" | $why_show
    return 0
}
summary() { echo "${1:+$1: }$pass passed, $fail failed"; [ "$fail" = 0 ]; }
