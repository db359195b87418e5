#!/usr/bin/env python3
"""tests/view/contrast.py — the view's text is readable: WCAG 2 AA.

Reads the palette from view/draw.h (#define COL_* 0xRRGGBB) and every text
colour the view's sources use (the colour argument of text() and textf() in
view/*.c: COL_* names, literals, or a static colour array indexed there),
and checks each against every background text is drawn on: contrast ratio
>= 4.5:1 (WCAG 2.x, 1.4.3, normal text).  One line per pair that fails; the
last line is "contrast: N passed, N failed".  Status 1 if any failed.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AA = 4.5
# The backgrounds text sits on: the window, panels, the header band; in the
# TLB panel also the rows marked as filled or evicted (their marks only darken
# as they fade, which keeps light text's contrast).  trace render draws on the
# window's background only.
BACKGROUNDS = ['COL_BG', 'COL_PANEL', 'COL_HEADER', 'COL_FILL_BG', 'COL_EVICT_BG']
ON = {'view/tlbpanel.c': BACKGROUNDS, 'view/trender.c': ['COL_BG', 'COL_HEADER']}
DEFAULT_ON = ['COL_BG', 'COL_PANEL', 'COL_HEADER']
PRIMITIVES = 'view/draw.c'          # text() itself, not a use of it


def luminance(rgb):
    def lin(c):
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def ratio(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette():
    text = open(os.path.join(ROOT, 'view/draw.h')).read()
    return {n: int(v, 16) for n, v in re.findall(r'#define\s+(COL_\w+)\s+0x([0-9a-fA-F]{6})u?', text)}


def colour_args(src):
    """The colour argument (the 5th) of each text()/textf() call in src."""
    for m in re.finditer(r'\btextf?\(', src):
        depth, arg, args, i = 0, '', [], m.end()
        while i < len(src):
            ch = src[i]
            if ch in '([{':
                depth += 1
            elif ch in ')]}':
                if depth == 0:
                    break
                depth -= 1
            if ch == ',' and depth == 0:
                args.append(arg.strip())
                arg = ''
            else:
                arg += ch
            i += 1
        args.append(arg.strip())
        if len(args) >= 5 and not src[m.start() - 1:m.start()].isalnum():
            yield args[4]


def text_colours(pal):
    """{where: [(name, rgb)]}: every colour some text is drawn in."""
    found = {}
    for path in sorted(glob.glob(os.path.join(ROOT, 'view/*.c'))):
        src = open(path).read()
        rel = os.path.relpath(path, ROOT)
        if rel == PRIMITIVES:
            continue
        for arg in colour_args(src):
            cols = [(n, pal[n]) for n in re.findall(r'\bCOL_\w+', arg) if n in pal]
            cols += [(h, int(h, 16)) for h in re.findall(r'0x([0-9a-fA-F]{6})', arg)]
            for arr in re.findall(r'\b([a-z_]\w*)\[', arg):
                m = re.search(r'%s\[\w*\]\s*=\s*\{([^}]*)\}' % arr, src)
                if m:
                    cols += [(f"{arr}[] 0x{h}", int(h, 16)) for h in re.findall(r'0x([0-9a-fA-F]{6})', m.group(1))]
            if not cols:
                print(f"FAIL {rel}: text in colour '{arg}', which is no COL_* of view/draw.h")
                found.setdefault(rel, []).append((arg, None))
            for c in cols:
                found.setdefault(rel, []).append(c)
    return found


def main():
    pal = palette()
    passed = failed = 0
    missing = [b for b in BACKGROUNDS if b not in pal]
    for b in missing:
        print(f"FAIL view/draw.h: no {b}")
        failed += 1
    seen = set()
    for rel, cols in text_colours(pal).items():
        for name, rgb in cols:
            if rgb is None:
                failed += 1
                continue
            for b in ON.get(rel, DEFAULT_ON):
                if b in missing or (rel, name, b) in seen:
                    continue
                seen.add((rel, name, b))
                r = ratio(rgb, pal[b])
                if r >= AA:
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL {rel}: text {name} (#{rgb:06x}) on {b} (#{pal[b]:06x}): {r:.2f}:1, "
                          f"below {AA}:1")
    print(f"contrast: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
