#!/usr/bin/env bash
# tests/shards.sh — the drivers' shards (tests/lib.sh: --shard K/N, --junit,
# --list) together run exactly the whole suite: for each driver and several
# N, the shards' test lists add up to the unsharded list, each test once; the
# machine suite really runs as 3 shards, and their JUnit files (parsed by
# Python's xml module) hold exactly the tests and checks of one unsharded run.
set -u
suite_secs=${suite_secs:-1800}                                # the whole suite (tests/lib.sh; tests/all.sh sets it); each driver has its own
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/lib.sh"

for d in machine guest golden; do
    drv=tests/$d/run.sh
    args=(); [ "$d" = machine ] && args=(build/machine all)
    [ "$d" = guest ] && args=(all)
    bash "$drv" --list "${args[@]}" | sort >"$tmp/$d.all"
    bad_n=""
    for n in 1 2 3 7 50; do
        for k in $(seq "$n"); do bash "$drv" --list --shard "$k/$n" "${args[@]}"; done | sort >"$tmp/$d.$n"
        cmp -s "$tmp/$d.all" "$tmp/$d.$n" || bad_n="$bad_n $n"
    done
    diff "$tmp/$d.all" "$tmp/$d.3" >"$tmp/why"
    [ -z "$bad_n" ] && [ "$(wc -l <"$tmp/$d.all")" -gt 10 ] && [ -z "$(uniq -d "$tmp/$d.all")" ] &&
        ok "$d: the shards of N = 1, 2, 3, 7, 50 list each of its $(wc -l <"$tmp/$d.all") tests once" ||
        bad "$d: shards against the whole suite (N:$bad_n)"
done

for k in 1 2 3; do
    bash tests/machine/run.sh --shard "$k/3" --junit "$tmp/m$k.xml" build/machine all >"$tmp/m$k.out" 2>&1
done
bash tests/machine/run.sh --junit "$tmp/all.xml" build/machine all >"$tmp/all.out" 2>&1
python3 - "$tmp"/m1.xml "$tmp"/m2.xml "$tmp"/m3.xml "$tmp/all.xml" >"$tmp/why" 2>&1 <<'PY' &&
import sys, xml.etree.ElementTree as ET
def cases(f):
    root = ET.parse(f).getroot()
    assert root.tag == "testsuite" and int(root.get("tests")) == len(root), f
    # by test (classname): a check's text may hold a scratch path or a count
    return sorted(c.get("classname") for c in root.iter("testcase"))
shards = [cases(f) for f in sys.argv[1:4]]
whole = cases(sys.argv[4])
assert all(shards), "an empty shard"
assert sorted(sum(shards, [])) == whole, "the shards do not add up to the whole run"
print(len(whole), "testcases in", [len(s) for s in shards])
PY
    ok "machine suite in 3 shards: their JUnit files hold exactly one whole run's testcases ($(cat "$tmp/why"))" ||
    bad "machine shards against one run"

refused=""
for s in 0/3 4/3 x 3; do
    bash tests/machine/run.sh --shard "$s" --list build/machine >/dev/null 2>&1 && st=0 || st=$?
    [ "$st" = 2 ] || refused="$refused $s (status $st)"
done
echo "accepted:$refused" >"$tmp/why"
[ -z "$refused" ] && ok "--shard 0/3, 4/3, x, 3: refused with status 2" || bad "bad --shard values"

# JUnit text is escaped: names and failure output with markup and control bytes.
bash -c '. tests/lib.sh --junit "$1"; tcase "t<1> & \"q\""; ok "x\"y<z>&'"'"'"
         printf "out <b>\033[1m&\001\n" >"$why"; bad "f&<" >/dev/null; summary' _ "$tmp/esc.xml" >/dev/null 2>&1
python3 - "$tmp/esc.xml" >"$tmp/why" 2>&1 <<'PY' && ok "JUnit XML escapes names and output (Python's xml parses it)" || bad "JUnit escaping"
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
c = list(r.iter("testcase"))
assert r.get("tests") == "2" and r.get("failures") == "1", r.attrib
assert c[0].get("classname") == 'shards.t<1> & "q"' or c[0].get("classname").endswith('.t<1> & "q"'), c[0].attrib
assert c[0].get("name") == "x\"y<z>&'", c[0].get("name")
assert c[1].find("failure").text.startswith("out <b>"), c[1].find("failure").text
PY

summary shards
