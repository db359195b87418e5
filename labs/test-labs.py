#!/usr/bin/env python3
"""test-labs.py -- CI for the labs: for every lab, the reference tree must
score full marks, and the lab's handout (labs/handout.py, built in a temp
directory) must build, boot, score below full on its own lab and full on
every other lab.  Two handouts build and grade at a time (2 cores).
Exit status 0 if all of that holds, 1 otherwise (each broken rule is one
line), 2 if the reference build is missing.
"""
import concurrent.futures
import os
import re
import shutil
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'labs'))
from grade import run_bounded  # noqa: E402  (one bounded runner for both scripts)

# Bounds: a grade run is a lab's tests at 60 s each at most; a handout build
# compiles the kernel and programs.  Past one, the step fails by name.
GRADE_SECS, HANDOUT_SECS, MAKE_SECS = 900, 120, 900
LABS = sorted(d for d in os.listdir(os.path.join(ROOT, 'labs'))
              if os.path.isfile(os.path.join(ROOT, 'labs', d, 'grade.py')))
TARGETS = ['build/alphavlm', 'build/guestos/kernel.elf', 'build/initrd.cpio']


def grade(root, lab):
    """(score, total) of lab graded on root's build, or (None, message)."""
    # grade.py's stderr (its TIMEOUT lines) goes to the terminal as it comes.
    st, out, _ = run_bounded(f"grade {lab} on {root}", GRADE_SECS,
                             [sys.executable, os.path.join(ROOT, 'labs', 'grade.py'), lab,
                              f'--root={root}', '--quiet'], stderr=None)
    m = re.search(rf'^{lab}: (\d+)/(\d+)$', out, re.M)
    if not m:
        why = 'timed out' if st is None else 'no score'
        return None, [why] + (out.strip().splitlines()[-1:] or ['no output'])
    return int(m.group(1)), int(m.group(2))


def handout(lab, tmp):
    """Build lab's handout in tmp and grade every lab there: {lab: (s, t)}, or a message."""
    dest = os.path.join(tmp, lab)
    st, _, err = run_bounded(f"handout {lab}", HANDOUT_SECS,
                             [sys.executable, os.path.join(ROOT, 'labs', 'handout.py'), lab, dest])
    if st != 0:
        return f"handout {lab}: {'timed out' if st is None else err.strip()}"
    # The host objects and guest builds come along (the tree rebuilds only what
    # the handout changed); the sanitizer build and the test logs do not.
    shutil.copytree(os.path.join(ROOT, 'build'), os.path.join(dest, 'build'), symlinks=True,
                    ignore=lambda d, names: [n for n in names if d == os.path.join(ROOT, 'build')
                                             and n in ('asan', 'test-logs')])
    st, _, err = run_bounded(f"make in handout {lab}", MAKE_SECS, ['make', '-s', '-C', dest, *TARGETS])
    if st != 0:
        return f"handout {lab}: the tree does not build: {'timed out' if st is None else err.strip()[-300:]}"
    return {other: grade(dest, other) for other in LABS}


def main():
    if not os.access(os.path.join(ROOT, 'build', 'alphavlm'), os.X_OK):
        print("test-labs: build/alphavlm is missing: run make first", file=sys.stderr)
        return 2
    bad = []
    with tempfile.TemporaryDirectory(prefix='labs-') as tmp, \
            concurrent.futures.ThreadPoolExecutor(2) as pool:
        ref = {lab: pool.submit(grade, ROOT, lab) for lab in LABS}
        hand = {lab: pool.submit(handout, lab, tmp) for lab in LABS}
        for lab in LABS:
            s, t = ref[lab].result()
            print(f"reference        {lab:8} {s}/{t}" if s is not None else
                  f"reference        {lab:8} {t}")
            if s is None or s != t:
                bad.append(f"reference scores {s}/{t} on lab {lab}")
        for lab in LABS:
            res = hand[lab].result()
            if isinstance(res, str):
                print(res)
                bad.append(res)
                continue
            row = []
            for other, (s, t) in res.items():
                row.append(f"{other} {s}/{t}" if s is not None else f"{other} ERROR")
                if s is None:
                    bad.append(f"handout {lab}: grading {other} failed: {t}")
                elif other == lab and s >= t:
                    bad.append(f"handout {lab}: full marks on its own lab (the stubs solve it)")
                elif other != lab and s != t:
                    bad.append(f"handout {lab}: lab {other} scores {s}/{t} (the stubs break it)")
            print(f"handout {lab:8} " + ', '.join(row))
    for b in bad:
        print(f"test-labs: FAIL: {b}")
    print(f"test-labs: {len(LABS)} labs, " + ("all good" if not bad else f"{len(bad)} problem(s)"))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
