# shellcheck shell=bash disable=SC2034
# tests/lib.sh — the scaffolding shared by the shell test drivers
# (tests/machine/run.sh, tests/guest/run.sh, tests/golden/run.sh); sourced,
# not run, before the driver reads its own arguments.  It sets:
#   emu        the emulator binary: $ALPHAVLM, default build/alphavlm
#   tmp        a scratch directory, removed when the driver exits
#   why        the file whose lines `bad` shows under a failure (default
#              $tmp/why; a driver may point it elsewhere)
#   why_show   how much of $why to show (default "head -25")
# and defines:
#   tcase NAME start the test NAME; true if this shard runs it (below)
#   ok NAME    count a pass and print "PASS: NAME"
#   bad NAME   count a failure, print "FAIL: NAME" and the detail in $why
#   summary [LABEL]  print "[LABEL: ]N passed, N failed"; status 0 iff none failed
#
# Shards and JUnit, for CI matrices and batch arrays (Slurm and the like).
# Every driver takes, before its own arguments:
#   --shard K/N   run only the tests whose ordinal i (0-based, in the order
#                 the driver declares them) has i % N == K - 1; the N shards
#                 together run each test exactly once
#   --junit FILE  also write the results as JUnit XML (one testcase per
#                 check, classname SUITE.TEST)
#   --list        print the names of the tests the shard would run; run none
# A test is what follows `tcase NAME` (or an expect-style helper that calls
# it) up to the next one; its checks count only in the shard that runs it.
emu=${ALPHAVLM:-build/alphavlm}
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
why=$tmp/why
why_show="head -25"
suite=$(basename "$(dirname "$0")")

shard_k=1 shard_n=1 junit="" list_only=false t_index=0 t_on=true t_name=""
lib_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --shard)  [[ ${2:-} =~ ^([0-9]+)/([0-9]+)$ ]] && [ "${BASH_REMATCH[1]}" -ge 1 ] &&
                      [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] ||
                      { echo "$0: --shard K/N with 1 <= K <= N" >&2; exit 2; }
                  shard_k=${BASH_REMATCH[1]} shard_n=${BASH_REMATCH[2]}; shift 2 ;;
        --junit)  [ -n "${2:-}" ] || { echo "$0: --junit FILE" >&2; exit 2; }
                  junit=$2; : >"$junit" || exit 2; shift 2 ;;
        --list)   list_only=true; shift ;;
        *)        lib_args+=("$1"); shift ;;
    esac
done
set -- "${lib_args[@]}"                # the driver's own arguments
: >"$tmp/.junit"

tcase() {
    t_name=$1 t_on=false
    local mine=$(( t_index % shard_n == shard_k - 1 ))
    t_index=$((t_index + 1))
    [ "$mine" = 1 ] || return 1
    if $list_only; then echo "$suite: $t_name"; return 1; fi
    t_on=true
}

xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'; }
junit_case() {  # junit_case NAME [FAILURE-DETAIL-FILE]
    [ -n "$junit" ] || return 0
    local cls name
    cls=$(printf '%s.%s' "$suite" "$t_name" | xml) name=$(printf '%s' "$1" | xml)
    if [ $# = 1 ]; then
        printf '  <testcase classname="%s" name="%s"/>\n' "$cls" "$name"
    else
        printf '  <testcase classname="%s" name="%s"><failure message="%s">' "$cls" "$name" "$name"
        { [ -s "$2" ] && head -50 "$2"; } | xml
        printf '</failure></testcase>\n'
    fi >>"$tmp/.junit"
}

ok()  { $t_on || return 0; pass=$((pass + 1)); echo "PASS: $1"; junit_case "$1"; }
bad() {
    $t_on || return 0
    fail=$((fail + 1)); echo "FAIL: $1"; junit_case "$1" "$why"
    # shellcheck disable=SC2086
    [ -s "$why" ] && sed 's/^/    /' "$why" | $why_show
    return 0
}
summary() {
    $list_only && exit 0
    if [ -n "$junit" ]; then
        { printf '<?xml version="1.0" encoding="UTF-8"?>\n'
          printf '<testsuite name="%s" tests="%d" failures="%d">\n' "$suite" $((pass + fail)) "$fail"
          cat "$tmp/.junit"; printf '</testsuite>\n'; } >"$junit"
    fi
    echo "${1:+$1: }$pass passed, $fail failed"; [ "$fail" = 0 ]
}
