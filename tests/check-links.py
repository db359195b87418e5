#!/usr/bin/env python3
"""check-links.py [ROOT] -- every relative link in README.md and docs/**/*.md
must name a file or directory inside the clone (anchors are not checked;
http(s), mailto and pure #anchor links are skipped).  Prints one line per
broken link, FILE:LINE: TARGET, and exits 1 if there is any; 0 otherwise.
Both [text](target) links and the code-span paths `../x` the docs used to
point outside the tree with are checked.  Also: docs/vlmos.md's "Programs"
table names every workloads/*.c program.
"""
import glob
import os
import re
import sys

LINK = re.compile(r'\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')
OUTSIDE = re.compile(r'`(\.\./[^`\s]+)`')


def targets(line):
    for m in LINK.finditer(line):
        t = m.group(1)
        if re.match(r'^[a-z][a-z0-9+.-]*:', t) or t.startswith('#'):
            continue
        yield t.split('#', 1)[0]
    for m in OUTSIDE.finditer(line):
        yield m.group(1)


def check(root, path):
    bad = []
    here = os.path.dirname(path)
    with open(path, encoding='utf-8') as f:
        fence = False
        for no, line in enumerate(f, 1):
            if line.lstrip().startswith('```'):
                fence = not fence
                continue
            if fence:
                continue
            for t in targets(line):
                full = os.path.normpath(os.path.join(here, t))
                inside = os.path.commonpath([full, root]) == root
                if not inside or not os.path.exists(full):
                    bad.append(f"{os.path.relpath(path, root)}:{no}: {t}" +
                               ("" if inside else " (outside the clone)"))
    return bad


def unlisted_programs(root):
    """Programs of workloads/ missing from docs/vlmos.md's Programs table."""
    path = os.path.join(root, 'docs', 'vlmos.md')
    if not os.path.exists(path):
        return []
    text = open(path, encoding='utf-8').read()
    table = text.split('## Programs', 1)[1].split('\n## ', 1)[0] if '## Programs' in text else ''
    names = sorted(os.path.basename(p)[:-2] for p in glob.glob(os.path.join(root, 'workloads', '*.c')))
    return [n for n in names if not re.search(r'^\| `' + re.escape(n) + r'[ `]', table, re.M)]


def main(argv):
    root = os.path.abspath(argv[0] if argv else os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    files = [os.path.join(root, 'README.md')] + sorted(
        glob.glob(os.path.join(root, 'docs', '**', '*.md'), recursive=True))
    bad = [b for f in files if os.path.exists(f) for b in check(root, f)]
    for b in bad:
        print(f"broken link: {b}")
    for n in unlisted_programs(root):
        print(f"docs/vlmos.md: program {n} (workloads/{n}.c) is not in the Programs table")
        bad.append(n)
    print(f"links: {len(files)} files, {len(bad)} broken")
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
