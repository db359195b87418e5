#!/usr/bin/env bash
# scripts/deps.sh [--check] [BUILD] — the include-and-call graph between the
# top-level folders (the machine's parts), and the rules it must keep.
#
# An arrow A -> B counts the #include lines of A's files that name a file of B,
# and the symbols A's objects use that B's objects define (host objects in
# BUILD/obj, kernel objects in BUILD/k; calls are left out if they are not
# built).  The parts, highest first, in their worlds:
#   host   cmd > view > emu > trace > image > mmu > axp64
#   kernel vlmdrv > guestos > axp64   (the VLM driver is a device of the kernel)
#   user   workloads;  kernel-mode test images  baremetal > axp64
#   above all: tests (may use anything), bench (anything but tests), labs
# Allowed: an arrow down within a world; any arrow to axp64/; any arrow to an
# ABI header (guestos/abi/*, vlmdrv/vlm_abi.h), which both sides of a boundary
# share by design.  Everything else is a violation: an arrow up (which is also
# how a circle spanning two folders shows), or across worlds (emu/ including
# guestos/ outside guestos/abi/, trace/ including emu/, bench/ including tests/).
# With --check the status is 1 if any arrow breaks a rule; 0 otherwise.
set -u
cd "$(dirname "$0")/.."
check=false
[ "${1:-}" = --check ] && { check=true; shift; }
B=${1:-build}
exec python3 - "$check" "$B" <<'EOF'
import os, re, subprocess, sys
check, B = sys.argv[1] == 'true', sys.argv[2]
WORLD = {'cmd': ('host', 7), 'view': ('host', 6), 'emu': ('host', 5), 'trace': ('host', 4),
         'image': ('host', 3), 'mmu': ('host', 2), 'vlmdrv': ('kernel', 3), 'guestos': ('kernel', 2),
         'workloads': ('user', 2), 'baremetal': ('bare', 2), 'axp64': ('any', 1),
         'bench': ('top', 8), 'tests': ('top', 9), 'labs': ('top', 9), 'scripts': ('top', 9)}
ABI = re.compile(r'^(guestos/abi/|vlmdrv/vlm_abi\.h$)')

def part(path):
    return path.split('/')[0]

def allowed(a, b, target):
    if a == b or b == 'axp64' or ABI.match(target) or a in ('tests', 'labs', 'scripts'):
        return True
    if a == 'bench':
        return b != 'tests'
    (wa, ra), (wb, rb) = WORLD.get(a, ('?', 0)), WORLD.get(b, ('?', 0))
    return wa == wb and ra > rb

files = subprocess.check_output(['git', 'ls-files', '*.c', '*.h', '*.S', '*.inc']).decode().split()
edges = {}      # (a, b) -> [count of includes, count of calls, an example]
bad = []
badedges = set()
def add(a, b, kind, example, target):
    if a == b:
        return
    e = edges.setdefault((a, b), [0, 0, example])
    e[kind] += 1
    if not allowed(a, b, target):
        bad.append(f'{example}  ({a} -> {b})')
        badedges.add((a, b))

inc = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for f in files:
    for t in inc.findall(open(f, errors='replace').read()):
        if not os.path.exists(t):
            bad.append(f'{f}: #include "{t}" is not root-relative (one include style)')
            continue
        add(part(f), part(t), 0, f'{f} includes {t}', t)

def symbols(root):
    """{object path (as source path): (defined set, undefined set)} for objects under root."""
    out = {}
    for d, _, fs in os.walk(root):
        for o in fs:
            if not o.endswith('.o'):
                continue
            p = os.path.join(d, o)
            src = os.path.relpath(p, root)[:-2]
            r = subprocess.run(['nm', p], capture_output=True, text=True)
            de, un = set(), set()
            for line in r.stdout.splitlines():
                w = line.split()
                if len(w) == 2 and w[0] == 'U':
                    un.add(w[1])
                elif len(w) == 3 and w[1] in 'TDBRGSVWC':
                    de.add(w[2])
            out[src] = (de, un)
    return out

for root in (os.path.join(B, 'obj'), os.path.join(B, 'k')):
    if not os.path.isdir(root):
        continue
    objs = symbols(root)
    owner = {}
    for src, (de, _) in objs.items():
        for s in de:
            owner.setdefault(s, src)
    for src, (_, un) in objs.items():
        for s in sorted(un):
            if s in owner:
                add(part(src), part(owner[s]), 1, f'{src}.c calls {s} ({owner[s]}.c)', owner[s] + '.c')

print('arrows between top-level folders (includes, calls):')
for (a, b), (ni, nc, ex) in sorted(edges.items()):
    mark = '   <- VIOLATION' if (a, b) in badedges else '' if allowed(a, b, '') else '   (ABI headers only)'
    print(f'  {a:10} -> {b:10} {ni:4} {nc:4}{mark}')
if bad:
    print(f'{len(bad)} arrow(s) break the layering:')
    for x in sorted(set(bad)):
        print('  ' + x)
print(f'deps: {len(edges)} arrows, {len(set(bad))} violations')
if check:
    print(f'{1 if not bad else 0} passed, {1 if bad else 0} failed')
sys.exit(1 if check and bad else 0)
EOF
