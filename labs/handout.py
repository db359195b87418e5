#!/usr/bin/env python3
"""handout.py LAB DEST [--solved=A,B] [--root=DIR] -- write the starting tree of LAB.
handout.py --wrong=FILE DEST [--root=DIR] -- the reference tree with one wrong solution.
handout.py --check DEST LAB... [--root=DIR] -- is any solution line of the LABs in DEST?

A starting tree is a git repository with one commit.  In it LAB and every
lab after it in the course order (ORDER) are stubbed; a lab before it is
stubbed too unless --solved names it (the teacher's choice: a course that
hands out labs in sequence gives the earlier ones solved).  A solution
region is

    /* LAB(name): BEGIN SOLUTION */
    /* LAB(name): STUB: code */          zero or more, right after BEGIN
    ... the reference code ...
    /* LAB(name): END SOLUTION */

and in the handout it becomes one "LAB(name): your code here" comment line
followed by each STUB's code, uncommented, at the BEGIN line's indentation.
The tree is the files git knows (tracked, or new and not ignored) minus
DROP: the wrong solutions (they quote the reference).  Unchanged files keep
their modification times, so a build directory copied next to the tree
rebuilds only what changed.

A wrong solution (labs/LAB/wrong/NAME.txt) is "#" comment lines, among them
"# catches: TEST..." (the grader tests its bug must fail) and optionally
"# shows: TEXT" (a diagnosis the grader must print, e.g. "fault loop") with
"# within: SECONDS" (the whole grading's bound), then blocks
"@@ PATH [K]" whose lines replace the K-th (default 1st) region of LAB in
PATH; regions it does not name keep the reference code.

--check prints one line per solution line of a LAB found in DEST (files,
and every object of its git history) and exits 1 if there is any.  A
solution line is a line of a region that is distinctive: 12 characters or
more once stripped, found nowhere in the reference tree outside that lab's
regions, and not one of its stubs.
Exit status: 0, 1 (--check found lines), or 2 after one line naming the
problem (unknown lab, unbalanced markers, DEST not empty, git failed).
"""
import os
import re
import shutil
import subprocess
import sys

ORDER = ['syscall', 'pgtbl', 'tlb', 'proc', 'cow', 'alarm', 'vlm', 'vlmwin']   # the course order
MARK = re.compile(r'^(\s*)/\* LAB\((\w+)\): (BEGIN SOLUTION|END SOLUTION|STUB: (.*)) \*/\s*$')
SOURCES = ('.c', '.h', '.S')
DROP = re.compile(r'^labs/[^/]+/wrong/')
STARTING_MARK = 'STARTING_TREE'     # labs/STARTING_TREE: written into every starting tree


def fail(msg):
    print(f"handout: {msg}", file=sys.stderr)
    sys.exit(2)


def tree_files(root):
    """Every file git tracks or would track, relative to root, minus DROP."""
    out = subprocess.run(['git', '-C', root, 'ls-files', '-z', '--cached', '--others',
                          '--exclude-standard'], capture_output=True, check=True).stdout
    names = sorted({n for n in out.decode().split('\0') if n and not DROP.match(n)})
    return [n for n in names if os.path.isfile(os.path.join(root, n))]


def regions(text, path):
    """[(lab, first line index, last line index, indent, [stub lines])] of text."""
    found, cur = [], None
    for i, line in enumerate(text.split('\n')):
        m = MARK.match(line)
        if not m:
            if cur:
                cur[5] = False                          # stubs only at a region's head
            continue
        lab, what = m.group(2), m.group(3)
        if what == 'BEGIN SOLUTION':
            if cur:
                fail(f"{path}:{i + 1}: LAB({lab}) BEGIN inside a LAB({cur[0]}) region")
            cur = [lab, i, None, m.group(1), [], True]
        elif what == 'END SOLUTION':
            if not cur or cur[0] != lab:
                fail(f"{path}:{i + 1}: LAB({lab}) END without BEGIN")
            found.append((lab, cur[1], i, cur[3], cur[4]))
            cur = None
        elif not cur or cur[0] != lab or not cur[5]:
            fail(f"{path}:{i + 1}: LAB({lab}) STUB outside the head of a region")
        else:
            cur[4].append(cur[3] + m.group(4))
    if cur:
        fail(f"{path}: LAB({cur[0]}) region never ends")
    return found


def rewrite(text, path, stub, wrong=None):
    """text with the regions of the labs in stub replaced by their stubs, and
    the regions wrong maps ((lab, path, k) -> lines) by those lines."""
    lines, out, at, seen = text.split('\n'), [], 0, {}
    for lab, b, e, indent, stubs in regions(text, path):
        seen[lab] = k = seen.get(lab, 0) + 1
        if wrong and (lab, path, k) in wrong:
            out += lines[at:b] + [lines[b]] + wrong[(lab, path, k)] + [lines[e]]
        elif lab in stub:
            out += lines[at:b] + [f"{indent}/* LAB({lab}): your code here (docs/labs/{lab}.md) */"] + stubs
        else:
            continue
        at = e + 1
    return '\n'.join(out + lines[at:])


def read_wrong(path, meta=None):
    """(lab, {(lab, file, k): lines}, [tests it must fail], title) of a wrong solution;
    meta, if given, gets its other "# key: value" lines."""
    lab = os.path.basename(os.path.dirname(os.path.dirname(os.path.abspath(path))))
    blocks, catches, title, cur = {}, [], None, None
    meta = {} if meta is None else meta
    with open(path, encoding='utf-8') as f:
        for line in f.read().rstrip('\n').split('\n'):
            if cur is None and line.startswith('#'):
                body = line[1:].strip()
                key = re.match(r'^(catches|shows|within): *(.*)$', body)
                if key and key.group(1) == 'catches':
                    catches += key.group(2).split()
                elif key:
                    meta[key.group(1)] = key.group(2)
                elif title is None and body:
                    title = body
                continue
            m = re.match(r'^@@ (\S+)(?: (\d+))?$', line)
            if m:
                cur = (lab, m.group(1), int(m.group(2) or 1))
                blocks[cur] = []
            elif cur is None:
                fail(f"{path}: a line before the first '@@ PATH'")
            else:
                blocks[cur].append(line)
    if not blocks or not catches:
        fail(f"{path}: needs '# catches: TEST' and at least one '@@ PATH' block")
    return lab, blocks, catches, title or os.path.basename(path)


def write_tree(root, dest, stub, wrong=None):
    """Copy root's tree to dest with the regions of stub (and wrong) rewritten; regions done."""
    if os.path.exists(dest) and os.listdir(dest):
        fail(f"{dest} exists and is not empty")
    done = set()
    for name in tree_files(root):
        src, dst = os.path.join(root, name), os.path.join(dest, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if name.endswith(SOURCES):
            with open(src, encoding='utf-8') as f:
                text = f.read()
            new = rewrite(text, name, stub, wrong)
            if new != text:
                done |= {(lab, name) for lab, *_ in regions(text, name)
                         if lab in stub or (wrong and any(w[0] == lab and w[1] == name for w in wrong))}
                with open(dst, 'w', encoding='utf-8') as f:
                    f.write(new)
                shutil.copymode(src, dst)
                continue
        shutil.copy2(src, dst)
    return done


def git_commit(dest, message):
    """dest becomes a git repository with one commit holding every file."""
    env = dict(os.environ, GIT_AUTHOR_NAME='handout', GIT_AUTHOR_EMAIL='handout@localhost',
               GIT_COMMITTER_NAME='handout', GIT_COMMITTER_EMAIL='handout@localhost')
    for cmd in (['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', message]):
        r = subprocess.run(['git', '-C', dest, *cmd], capture_output=True, text=True, env=env)
        if r.returncode:
            fail(f"git {cmd[0]} in {dest}: {r.stderr.strip()}")


def solution_lines(root, labs):
    """{line: (lab, path)}: the distinctive lines of the labs' regions in root's tree."""
    inside, outside = {}, set()
    for name in tree_files(root):
        if not name.endswith(SOURCES):
            try:
                with open(os.path.join(root, name), encoding='utf-8') as f:
                    outside |= {l.strip() for l in f}
            except UnicodeDecodeError:
                pass
            continue
        with open(os.path.join(root, name), encoding='utf-8') as f:
            lines = f.read().split('\n')
        taken = set()
        for lab, b, e, _, stubs in regions('\n'.join(lines), name):
            taken |= set(range(b, e + 1))
            outside |= {s.strip() for s in stubs}
            for l in lines[b + 1:e]:
                if not MARK.match(l):
                    inside.setdefault(l.strip(), set()).add((lab, name))
        outside |= {l.strip() for i, l in enumerate(lines) if i not in taken}
    found = {}
    for line, where in inside.items():
        own = {lab for lab, _ in where}
        if len(line) >= 12 and line not in outside and own <= set(labs) and re.search(r'\w', line):
            found[line] = sorted(where)[0]
    return found


def check(root, dest, labs):
    """Print each solution line of labs found in dest's files or git objects; 0 or 1."""
    want = solution_lines(root, labs)
    hits = []
    for dirpath, dirs, files in os.walk(dest):
        dirs[:] = [d for d in dirs if d != '.git']
        for fn in files:
            path = os.path.join(dirpath, fn)
            with open(path, 'rb') as f:
                data = f.read().decode('utf-8', errors='replace')
            have = {l.strip() for l in data.split('\n')}
            hits += [(l, w, os.path.relpath(path, dest)) for l, w in want.items() if l in have]
    if os.path.isdir(os.path.join(dest, '.git')):
        objs = subprocess.run(['git', '-C', dest, 'cat-file', '--batch-all-objects',
                               '--batch-check=%(objectname) %(objecttype)'],
                              capture_output=True, text=True).stdout.split('\n')
        blobs = [o.split()[0] for o in objs if o.endswith(' blob')]
        data = subprocess.run(['git', '-C', dest, 'cat-file', '--batch'], input='\n'.join(blobs).encode() + b'\n',
                              capture_output=True).stdout.decode('utf-8', errors='replace')
        have = {l.strip() for l in data.split('\n')}
        hits += [(l, w, '.git objects') for l, w in want.items() if l in have]
    for line, (lab, src), where in hits:
        print(f"handout: {where}: lab {lab}'s solution line ({src}): {line}")
    return 1 if hits else 0


def main(argv):
    opts = dict(a[2:].split('=', 1) for a in argv if a.startswith('--') and '=' in a)
    flags = {a for a in argv if a.startswith('--') and '=' not in a}
    args = [a for a in argv if not a.startswith('--')]
    root = os.path.abspath(opts.get('root', os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    if '--check' in flags:
        if len(args) < 2 or set(args[1:]) - set(ORDER):
            fail(f"usage: handout.py --check DEST LAB... (labs: {' '.join(ORDER)})")
        return check(root, args[0], args[1:])
    if 'wrong' in opts:
        if len(args) != 1:
            fail("usage: handout.py --wrong=FILE DEST")
        lab, blocks, _, title = read_wrong(opts['wrong'])
        done = write_tree(root, args[0], set(), blocks)
        if {(l, p) for l, p, _ in blocks} - done:
            fail(f"{opts['wrong']}: names a region the tree does not have")
        print(f"handout: lab {lab}, wrong solution: {title}; tree in {args[0]}")
        return 0
    if len(args) != 2:
        fail("usage: handout.py LAB DEST [--solved=A,B] [--root=DIR]")
    lab, dest = args
    if lab not in ORDER or not os.path.isfile(os.path.join(root, 'labs', lab, 'grade.py')):
        fail(f"no lab '{lab}' (labs, in course order: {' '.join(ORDER)})")
    solved = [s for s in opts.get('solved', '').split(',') if s]
    early = ORDER[:ORDER.index(lab)]
    if set(solved) - set(early):
        fail(f"--solved: only labs before {lab} can be solved ({' '.join(early) or 'none'})")
    stub = set(ORDER) - set(solved)
    done = write_tree(root, dest, stub)
    if lab not in {l for l, _ in done}:
        fail(f"lab '{lab}' has no solution regions in the tree")
    with open(os.path.join(dest, 'labs', STARTING_MARK), 'w', encoding='utf-8') as f:
        f.write(f"A starting tree of lab {lab}: its graders run here (make grade LAB=x); "
                "the course's checks (make test-labs) run in the reference tree.\n")
    git_commit(dest, f"Starting tree of lab {lab} (docs/labs/{lab}.md)")
    print(f"handout: lab {lab}: stubbed {' '.join(l for l in ORDER if l in stub)}; "
          f"solved {' '.join(solved) or 'none'}; git repository in {dest}")
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
