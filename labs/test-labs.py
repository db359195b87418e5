#!/usr/bin/env python3
"""test-labs.py [LAB...] -- CI for the labs (make test-labs, in make test).

For every lab (default: all, in the course order of labs/handout.py):
  - the reference tree scores full marks;
  - its starting tree as a course hands it out (make handout LAB=x with
    every earlier lab SOLVED) is a git repository with one commit, holds no
    solution line of a stubbed lab (handout.py --check: files and git
    objects), builds, scores 0 on its own lab and full on each earlier one;
  - every wrong solution (labs/LAB/wrong/*.txt, at least four) scores below
    full and fails each test its "# catches:" line names.
Trees are built from a copy of the reference build (per-file objects and
dependency files: only what differs recompiles), two jobs at a time (2
cores).  Exit status 0 if all of that holds, 1 otherwise (each broken rule
is one line), 2 if the reference build is missing.
"""
import concurrent.futures
import glob
import os
import re
import shutil
import sys
import tempfile
import time
import xml.dom.minidom
import xml.parsers.expat

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'labs'))
import handout  # noqa: E402
from grade import run_bounded  # noqa: E402  (one bounded runner for both scripts)


class Ran:
    """What bounded() ran: returncode (None past its bound), stdout, stderr."""
    def __init__(self, st, out, err):
        self.returncode, self.stdout, self.stderr = st, out or '', err or ''


def bounded(name, secs, cmd):
    """Run cmd for at most secs seconds (then its process group is killed and
    the step fails by name, with its last lines on the terminal)."""
    return Ran(*run_bounded(name, secs, cmd))


# Bounds: a grade run is a lab's tests at a few seconds each; a build compiles
# what a starting tree changed; the farm grades two trees.
GRADE_SECS, MAKE_SECS, HANDOUT_SECS, FARM_SECS = 600, 600, 120, 600

LABS = [l for l in handout.ORDER if os.path.isfile(os.path.join(ROOT, 'labs', l, 'grade.py'))]
TARGETS = ['build/alphavlm', 'build/guestos/kernel.elf', 'build/initrd.cpio']
MIN_WRONG = 4


def grade(root, lab, out=None):
    """(score, total, [failed test names]) of lab graded on root's build, or (None, why, []);
    out, if given, gets the grader's output and time."""
    t0 = time.time()
    r = bounded(f"grade {lab} on {root}", GRADE_SECS,
                [sys.executable, os.path.join(ROOT, 'labs', 'grade.py'), lab, f'--root={root}', '--quiet'])
    if out is not None:
        out.update(text=r.stdout, seconds=time.time() - t0)
    m = re.search(rf'^{lab}: (\d+)/(\d+)$', r.stdout, re.M)
    if not m:
        return None, ' '.join((r.stdout + r.stderr).strip().splitlines()[-1:]) or 'no output', []
    return int(m.group(1)), int(m.group(2)), re.findall(r'^FAIL (\S+):', r.stdout, re.M)


def build(dest):
    """Copy the reference build into dest and make; None or why not."""
    shutil.copytree(os.path.join(ROOT, 'build'), os.path.join(dest, 'build'), symlinks=True,
                    ignore=lambda d, names: [n for n in names if d == os.path.join(ROOT, 'build')
                                             and n in ('asan', 'test-logs')])
    r = bounded(f"make in {dest}", MAKE_SECS, ['make', '-s', '-C', dest, *TARGETS])
    return f"does not build: {r.stderr.strip()[-300:] or 'timed out'}" if r.returncode != 0 else None


def run(cmd):
    return bounded(f"handout.py {' '.join(cmd)}", HANDOUT_SECS,
                   [sys.executable, os.path.join(ROOT, 'labs', 'handout.py'), *cmd])


def starting_tree(lab, tmp):
    """Problems (lines) of lab's starting tree, earlier labs solved; and its row."""
    dest, early = os.path.join(tmp, 'start-' + lab), LABS[:LABS.index(lab)]
    r = run([lab, dest] + ([f"--solved={','.join(early)}"] if early else []))
    if r.returncode != 0:
        return [f"handout {lab}: {r.stderr.strip()}"], ''
    bad = []
    commits = bounded(f"git rev-list in {dest}", 60, ['git', '-C', dest, 'rev-list', '--all']).stdout.split()
    if len(commits) != 1:
        bad.append(f"handout {lab}: {len(commits)} commits, expected one")
    stubbed = handout.ORDER[handout.ORDER.index(lab):]
    r = run(['--check', dest, *stubbed])
    bad += [f"handout {lab}: {l}" for l in r.stdout.splitlines()]
    why = build(dest)
    if why:
        return bad + [f"handout {lab}: {why}"], ''
    row = []
    for other in early + [lab]:
        s, t, _ = grade(dest, other)
        row.append(f"{other} {s}/{t}" if s is not None else f"{other} ERROR")
        if s is None:
            bad.append(f"handout {lab}: grading {other} failed: {t}")
        elif other == lab and s != 0:
            bad.append(f"handout {lab}: scores {s}/{t} on its own lab, expected 0")
        elif other != lab and s != t:
            bad.append(f"handout {lab}: solved lab {other} scores {s}/{t}")
    return bad, ', '.join(row)


def wrong_solution(path, tmp):
    """Problems of one wrong solution, and its row."""
    meta = {}
    lab, _, catches, title = handout.read_wrong(path, meta)
    name = os.path.basename(path)[:-4]
    dest = os.path.join(tmp, f'wrong-{lab}-{name}')
    r = run([f'--wrong={path}', dest])
    if r.returncode != 0:
        return [f"wrong {lab}/{name}: {r.stderr.strip()}"], ''
    why = build(dest)
    if why:
        return [f"wrong {lab}/{name}: {why}"], ''
    out = {}
    s, t, failed = grade(dest, lab, out)
    if s is None:
        return [f"wrong {lab}/{name}: grading failed: {t}"], ''
    bad = [f"wrong {lab}/{name} ({title}): full marks"] if s >= t else []
    if 'shows' in meta and meta['shows'] not in out['text']:
        bad.append(f"wrong {lab}/{name}: the grader never says \"{meta['shows']}\"")
    # `within` is for a quiet machine: a loaded one (CI beside other builds)
    # stretches it by its load per core, so only a grader that waits for its
    # timeouts instead of seeing the problem fails it.
    within = float(meta.get('within', 0)) * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))
    if 'within' in meta and out['seconds'] > within:
        bad.append(f"wrong {lab}/{name}: graded in {out['seconds']:.0f} s, more than {within:.0f} s")
    bad += [f"wrong {lab}/{name} ({title}): test {c} passes" for c in catches if c not in failed]
    shown = f" in {out['seconds']:.0f} s, says \"{meta['shows']}\"" if 'shows' in meta else ''
    return bad, f"{s}/{t}{shown}, fails {' '.join(failed)}"


def farm(tmp, wrong):
    """labs/farm.sh on two trees built above (vlmwin's starting tree and a wrong
    solution): one CSV row each, with their scores, and a JUnit file that parses."""
    d = os.path.join(tmp, 'farm')
    os.makedirs(os.path.join(d, 'trees'))
    name = 'wrong-vlmwin-' + os.path.basename(wrong)[:-4]
    for t in ('start-vlmwin', name):
        os.symlink(os.path.join(tmp, t), os.path.join(d, 'trees', t))
    r = bounded("farm.sh", FARM_SECS, ['bash', os.path.join(ROOT, 'labs', 'farm.sh'), 'vlmwin',
                                       os.path.join(d, 'trees'), '--out', os.path.join(d, 'out'), '--jobs', '2'])
    try:
        rows = open(os.path.join(d, 'out', 'scores.csv')).read().splitlines()[1:]
        xml.dom.minidom.parse(os.path.join(d, 'out', 'junit.xml'))
    except (OSError, xml.parsers.expat.ExpatError) as e:
        return [f"farm: {e}: {r.stdout.strip()[-200:]} {r.stderr.strip()[-200:]}"]
    got = {c[0]: c for c in (row.split(',') for row in rows)}
    print(f"farm             vlmwin   " + ', '.join(f"{n} {c[2]} {c[3]}/{c[4]}" for n, c in got.items()))
    bad = []
    if got.get('start-vlmwin', [''] * 4)[2:4] != ['ok', '0']:
        bad.append(f"farm: the starting tree's row is {got.get('start-vlmwin')}")
    w = got.get(name, [''] * 5)
    if w[2] != 'ok' or not w[3].isdigit() or int(w[3]) >= int(w[4]):
        bad.append(f"farm: the wrong solution's row is {w}")
    return bad


def main(argv):
    unknown = [l for l in argv if l not in LABS]
    if unknown:
        print(f"test-labs: no lab {' '.join(unknown)} (labs: {' '.join(LABS)})", file=sys.stderr)
        return 2
    labs = argv or LABS
    if not os.access(os.path.join(ROOT, 'build', 'alphavlm'), os.X_OK):
        print("test-labs: build/alphavlm is missing: run make first", file=sys.stderr)
        return 2
    bad = []
    wrongs = {lab: sorted(glob.glob(os.path.join(ROOT, 'labs', lab, 'wrong', '*.txt'))) for lab in labs}
    if not any(wrongs.values()):
        if os.path.exists(os.path.join(ROOT, 'labs', handout.STARTING_MARK)):
            print("test-labs: a starting tree: nothing to check; make grade LAB=x grades it")
            return 0
        print("test-labs: FAIL: no wrong solutions (labs/*/wrong/) in the reference tree")
        return 1
    with tempfile.TemporaryDirectory(prefix='labs-') as tmp, \
            concurrent.futures.ThreadPoolExecutor(2) as pool:
        ref = {lab: pool.submit(grade, ROOT, lab) for lab in labs}
        start = {lab: pool.submit(starting_tree, lab, tmp) for lab in labs}
        wrong = {p: pool.submit(wrong_solution, p, tmp) for lab in labs for p in wrongs[lab]}
        for lab in labs:
            s, t, failed = ref[lab].result()
            print(f"reference        {lab:8} {s}/{t}" + (f" (fails {' '.join(failed)})" if failed else ''))
            if s is None or s != t:
                bad.append(f"reference scores {s}/{t} on lab {lab}")
            if len(wrongs[lab]) < MIN_WRONG:
                bad.append(f"lab {lab}: {len(wrongs[lab])} wrong solutions, at least {MIN_WRONG} wanted")
        for lab in labs:
            b, row = start[lab].result()
            print(f"starting tree    {lab:8} {row}")
            bad += b
        for p, f in wrong.items():
            b, row = f.result()
            print(f"wrong {os.path.relpath(p, os.path.join(ROOT, 'labs')):38} {row}")
            bad += b
        if 'vlmwin' in labs and wrongs['vlmwin']:
            bad += farm(tmp, wrongs['vlmwin'][0])
    for b in bad:
        print(f"test-labs: FAIL: {b}")
    print(f"test-labs: {len(labs)} labs, {sum(map(len, wrongs.values()))} wrong solutions, "
          + ("all good" if not bad else f"{len(bad)} problem(s)"))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
