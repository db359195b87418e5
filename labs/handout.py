#!/usr/bin/env python3
"""handout.py LAB DEST [--root DIR] -- write the starting tree of one lab.

Copies the source tree (the files git knows, tracked or new and not
ignored) from ROOT to DEST and replaces every solution region of LAB with
its stub.  A region is

    /* LAB(name): BEGIN SOLUTION */
    /* LAB(name): STUB: code */          zero or more, right after BEGIN
    ... the reference code ...
    /* LAB(name): END SOLUTION */

In the handout the region becomes one "LAB(name): your code here" comment
line followed by each STUB's code, uncommented, at the BEGIN line's
indentation.  Regions of other labs stay as they are (those labs keep
working).  Unchanged files keep their modification times, so a build
directory copied next to the tree rebuilds only what the lab changed.
Exit status: 0, or 2 after one line naming the problem (unknown lab,
unbalanced markers, DEST not empty).
"""
import os
import re
import shutil
import subprocess
import sys

MARK = re.compile(r'^(\s*)/\* LAB\((\w+)\): (BEGIN SOLUTION|END SOLUTION|STUB: (.*)) \*/\s*$')


def fail(msg):
    print(f"handout: {msg}", file=sys.stderr)
    sys.exit(2)


def tree_files(root):
    """Every file git tracks or would track, relative to root."""
    out = subprocess.run(['git', '-C', root, 'ls-files', '-z', '--cached', '--others',
                          '--exclude-standard'], capture_output=True, check=True).stdout
    names = sorted({n for n in out.decode().split('\0') if n})
    return [n for n in names if os.path.isfile(os.path.join(root, n))]


def strip(text, lab, path):
    """text with lab's regions replaced by their stubs; (new text, regions)."""
    out, inside, regions, stubs_open = [], None, 0, False
    for no, line in enumerate(text.split('\n'), 1):
        m = MARK.match(line)
        if m and m.group(2) == lab:
            indent, what, stub = m.group(1), m.group(3), m.group(4)
            if what == 'BEGIN SOLUTION':
                if inside is not None:
                    fail(f"{path}:{no}: LAB({lab}) BEGIN inside a region")
                inside, stubs_open = indent, True
                out.append(f"{indent}/* LAB({lab}): your code here (docs/labs/{lab}.md) */")
                regions += 1
            elif what == 'END SOLUTION':
                if inside is None:
                    fail(f"{path}:{no}: LAB({lab}) END without BEGIN")
                inside = None
            elif inside is None or not stubs_open:
                fail(f"{path}:{no}: LAB({lab}) STUB outside the head of a region")
            else:
                out.append(inside + stub)
            continue
        if inside is not None:
            stubs_open = False
            continue
        out.append(line)
    if inside is not None:
        fail(f"{path}: LAB({lab}) region never ends")
    return '\n'.join(out), regions


def labs_known(root):
    return sorted(d for d in os.listdir(os.path.join(root, 'labs'))
                  if os.path.isfile(os.path.join(root, 'labs', d, 'grade.py')))


def main(argv):
    args = [a for a in argv if not a.startswith('--root=')]
    roots = [a.split('=', 1)[1] for a in argv if a.startswith('--root=')]
    root = os.path.abspath(roots[-1] if roots else os.path.dirname(os.path.dirname(__file__)))
    if len(args) != 2:
        fail("usage: handout.py LAB DEST [--root=DIR]")
    lab, dest = args
    if lab not in labs_known(root):
        fail(f"no lab '{lab}' (labs: {', '.join(labs_known(root))})")
    if os.path.exists(dest) and os.listdir(dest):
        fail(f"{dest} exists and is not empty")
    total = 0
    for name in tree_files(root):
        src, dst = os.path.join(root, name), os.path.join(dest, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        text = None
        if name.endswith(('.c', '.h', '.S')):
            with open(src, encoding='utf-8') as f:
                text = f.read()
            new, n = strip(text, lab, name)
            if n:
                total += n
                with open(dst, 'w', encoding='utf-8') as f:
                    f.write(new)
                shutil.copymode(src, dst)
                continue
        shutil.copy2(src, dst)
    if total == 0:
        fail(f"lab '{lab}' has no solution regions in the tree")
    print(f"handout: lab {lab}: {total} region(s) stubbed, tree in {dest}")


if __name__ == '__main__':
    main(sys.argv[1:])
