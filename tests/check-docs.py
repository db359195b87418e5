#!/usr/bin/env python3
"""tests/check-docs.py — the docs name only things that exist (make test: docs).

Reads README.md, labs/README.md, docs/*.md and docs/labs/*.md (the handouts'
text) and checks
that what they name is in the tree:
  - a file path (`guestos/vm.c`, docs/trace.md, pictures/x.png) exists, from
    the root or from the document's folder; a backquoted folder (`vlmdrv/`)
    and a backquoted bare file name (`walk.c`) exist somewhere in the tree;
  - a function named in backquotes with parentheses (`vm_pte()`,
    `L1_INDEX(va)`) or after a gdb `b`/`break` occurs in the sources as a call,
    definition or macro; so does a `+0x` backtrace frame's name;
  - a file:line (guestos/vm.c:463) is a line of that file, and when the text
    names a function there ("fault_in (...) at guestos/vm.c:463",
    "trap_mm+0x78 (guestos/trap.c:37)") the line lies within that function
    (from its first line to a few lines past its closing brace);
  - a register (`$a5`, `p $ptbr`) is one the gdb stub serves;
  - every Markdown table renders: a header, a separator, the same number of
    cells on every row, no `\\|` (renderers differ on it), no blank line inside;
  - every option the command line accepts (emu/cli.c, trace/tracecmd.c,
    view/trender.c) is in `alphavlm --help` ($ALPHAVLM, default
    build/alphavlm), and every `run` option is in README.md's option table.
Prints one line per problem ("FILE:LINE: what") and a total; status 1 if any.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)
SRC_EXT = ('.c', '.h', '.S', '.py', '.sh', '.ld', '.gdb', '.inc')
SKIP_DIRS = {'.git', 'build'}
FEW = 3                      # lines of slack around a function's extent
# Named on purpose though not in the tree: QEMU's source the walk follows, an
# example program's name in a sample report, a folder in sample `ls` output.
ELSEWHERE = {'target/alpha/helper.c', 'workloads/prog.c', 'd/'}

problems = []


def problem(where, what):
    problems.append(f"{where}: {what}")


def tree_files():
    out = []
    for d, dirs, files in os.walk('.'):
        dirs[:] = [x for x in dirs if x not in SKIP_DIRS]
        out += [os.path.normpath(os.path.join(d, f)) for f in files]
    return out


FILES = tree_files()
BASENAMES = {os.path.basename(f) for f in FILES}
DIRS = {os.path.dirname(f) for f in FILES}
DIRS |= {p for d in list(DIRS) for p in [os.path.dirname(d)] if p}
SOURCES = {f: open(f, errors='replace').read() for f in FILES if f.endswith(SRC_EXT)}
ALL_SRC = '\n'.join(SOURCES.values())
_ident_cache = {}


def in_sources(name):
    """name is called, defined or #defined somewhere in the sources."""
    if name not in _ident_cache:
        pat = re.compile(r'\b%s\s*\(|#define\s+%s\b|^%s:|\bdef\s+%s\b|#define\s+SYS_%s\b'
                         % ((re.escape(name),) * 5), re.M)
        _ident_cache[name] = bool(pat.search(ALL_SRC))
    return _ident_cache[name]


def function_extent(path, name):
    """(first, last) line of name's definition in path, or None."""
    lines = SOURCES.get(path, '').split('\n')
    if path.endswith('.S'):
        for i, l in enumerate(lines):
            if re.match(r'%s:' % re.escape(name), l):
                end = next((j for j in range(i + 1, len(lines)) if re.match(r'[A-Za-z_]\w*:', lines[j])),
                           len(lines))
                return i + 1, end
        return None
    for i, l in enumerate(lines):
        if re.match(r'[A-Za-z_].*\b%s\s*\(' % re.escape(name), l) and not l.rstrip().endswith(';'):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith('}')), len(lines) - 1)
            return i + 1, end + 1
    return None


PATH_RE = re.compile(r'(?<![\w/.$-])((?:\./)?(?:[A-Za-z0-9_.-]+/)+[A-Za-z0-9_.-]*\.(?:c|h|S|py|sh|md|ld|gdb|png|txt|supp|inc))'
                     r'(?::(\d+))?(?![\w/])')
FRAME_RE = re.compile(r'([A-Za-z_]\w*)(?:\+0x[0-9a-f]+)?\s*(?:\([^()]*\))?\s*(?:at\s+|\()$')
PLACEHOLDER = re.compile(r'[A-Z]{2,}|\bF\.|\*|^/|^build/|^\$|/tmp/|^~|^\.\.')


def check_path(doc, n, path, line):
    if PLACEHOLDER.search(path) or path in ELSEWHERE:
        return
    clean = os.path.normpath(path)
    here = os.path.normpath(os.path.join(os.path.dirname(doc), path))
    within = [f for f in FILES if f.endswith('/' + clean)]   # `abi/vlmos.h` in guestos/'s row
    if clean in FILES:
        real = clean
    elif here in FILES:
        real = here
    elif len(within) == 1:
        real = within[0]
    else:
        problem(f"{doc}:{n}", f"names {path}, which does not exist")
        return
    if line is None:
        return
    if real not in SOURCES:
        return
    nlines = SOURCES[real].count('\n') + 1
    if line > nlines:
        problem(f"{doc}:{n}", f"{path}:{line}: the file has {nlines} lines")
    return real


def check_file_lines(doc, n, text):
    for m in PATH_RE.finditer(text):
        path, line = m.group(1), m.group(2)
        real = check_path(doc, n, path, int(line) if line else None)
        if not real or not line:
            continue
        f = FRAME_RE.search(text[:m.start()])
        if not f:
            continue
        name, line = f.group(1), int(line)
        ext = function_extent(real, name)
        if ext is None:
            continue                  # inlined into another file's function (a PAL wrapper)
        if not (ext[0] <= line <= ext[1] + FEW):
            problem(f"{doc}:{n}", f"{path}:{line} is not in {name} (lines {ext[0]}-{ext[1]})")


GDB_REGS = None


def gdb_registers():
    abi = ('zero ra sp gp tp t0 t1 t2 s0 fp s1 a0 a1 a2 a3 a4 a5 a6 a7 s2 s3 s4 s5 s6 s7 s8 s9 s10 '
           's11 t3 t4 t5 t6 pc fcsr fflags frm').split()
    regs = set(abi) | {f'x{i}' for i in range(32)} | {f'f{i}' for i in range(32)}
    regs |= {f'f{k}{i}' for k in ('t', 's', 'a') for i in range(12)}
    m = re.search(r'axp_regs\[\]\s*=\s*\{([^}]*)\}', SOURCES.get('emu/gdbstub_cmd.c', ''))
    if not m:
        problem('emu/gdbstub_cmd.c', 'no axp_regs[] list: the register check has nothing to read')
    else:
        regs |= set(re.findall(r'"(\w+)"', m.group(1)))
    return regs


def check_names(doc, n, code):
    """code: the text of one code span, or one line of a code block."""
    for m in re.finditer(r'(?:^|[\s=(,])([A-Za-z_]\w*)\((?![^)]*\)\s*=)', code):
        name = m.group(1)
        if m.start(1) == 0 or code[:m.start(1)].strip() in ('', 'p', 'call', '*'):
            if not in_sources(name):
                problem(f"{doc}:{n}", f"names {name}(), which is nowhere in the sources")
    for m in re.finditer(r'(?:^|\(gdb\)\s+)(?:b|break|hbreak|tbreak)\s+([A-Za-z_]\w*)\b', code):
        if not in_sources(m.group(1)):
            problem(f"{doc}:{n}", f"a breakpoint on {m.group(1)}, which is nowhere in the sources")
    for m in re.finditer(r'#\d+\s+(?:0x)?[0-9a-f]+\s+([A-Za-z_]\w*)\+0x', code):
        if not in_sources(m.group(1)):
            problem(f"{doc}:{n}", f"a backtrace names {m.group(1)}, which is nowhere in the sources")
    for m in re.finditer(r'(?<![\w$])\$([a-z_][a-z0-9_]*)\b', code):
        if m.group(1) not in GDB_REGS:
            problem(f"{doc}:{n}", f"${m.group(1)}: not a register the gdb stub serves")


def check_backquoted(doc, n, span):
    if span in ELSEWHERE:
        return
    if re.fullmatch(r'[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*/', span):
        d = os.path.normpath(span)
        if d not in DIRS and not span.startswith('build/') and not any(x.endswith('/' + d) for x in DIRS):
            problem(f"{doc}:{n}", f"names folder {span}, which does not exist")
    elif re.fullmatch(r'[A-Za-z0-9_-]+\.(?:c|h|S|py|sh|ld)', span):
        if span not in BASENAMES and not os.path.exists('/usr/include/' + span):   # libc's
            problem(f"{doc}:{n}", f"names {span}, which is no file in the tree")


def cells(row):
    row = row.strip()
    if row.startswith('|'):
        row = row[1:]
    if row.endswith('|') and not row.endswith('\\|'):
        row = row[:-1]
    return re.split(r'(?<!\\)\|', row)


def check_tables(doc, lines):
    i = 0
    while i < len(lines):
        if not lines[i].startswith('|'):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith('|'):
            i += 1
        rows = lines[start:i]
        if start > 0 and lines[start - 1].strip():
            problem(f"{doc}:{start + 1}", "a table needs a blank line before it")
        if len(rows) < 2 or not re.fullmatch(r'\|?(\s*:?-+:?\s*\|)*\s*:?-+:?\s*\|?', rows[1].strip()):
            problem(f"{doc}:{start + 1}", "a table without a header and a |---| separator (it renders as text)")
            continue
        width = len(cells(rows[0]))
        for k, r in enumerate(rows):
            if '\\|' in r:
                problem(f"{doc}:{start + k + 1}", "\\| in a table: renderers differ on it (write <code>a &#124; b</code>)")
            if len(cells(r)) != width:
                problem(f"{doc}:{start + k + 1}", f"{len(cells(r))} cells in a {width}-column table")


def check_doc(doc):
    text = open(doc).read()
    lines = text.split('\n')
    check_tables(doc, lines)
    fence = False
    for n, line in enumerate(lines, 1):
        if line.lstrip().startswith('```'):
            fence = not fence
            continue
        check_file_lines(doc, n, line)
        if fence:
            check_names(doc, n, line)
            continue
        for m in re.finditer(r'`([^`]+)`', line):
            check_names(doc, n, m.group(1))
            check_backquoted(doc, n, m.group(1))
        for m in re.finditer(r'\]\(([^)#\s]+)', line):
            if not re.match(r'[a-z]+:', m.group(1)):
                check_path(doc, n, m.group(1), None)


def options(path, array):
    m = re.search(r'struct option %s\[\]\s*=\s*\{(.*?)\};' % array, SOURCES.get(path, ''), re.S)
    if not m:
        problem(path, f"no option table {array}[]: the --help check has nothing to read")
        return []
    return re.findall(r'\{\s*"([a-z-]+)",\s*\d,\s*0,\s*\'?(\w+)', m.group(1))


def check_help():
    emu = os.environ.get('ALPHAVLM', 'build/alphavlm')
    try:
        help_text = subprocess.run([emu, '--help'], capture_output=True, text=True, timeout=20).stdout
    except OSError as e:
        problem(emu, f"cannot run it for --help ({e.strerror}): build it first")
        return
    readme = open('README.md').read()
    m = re.search(r'^\| option \| meaning \|\n((?:\|.*\n)+)', readme, re.M)
    table = m.group(1) if m else ''
    if not m:
        problem('README.md', "no '| option | meaning |' table")
    run = options('emu/cli.c', 'run_opts')
    tools = options('trace/tracecmd.c', 'options') + options('view/trender.c', 'opts')
    for name, val in run + tools:
        short = f"-{val}" if len(val) == 1 else None
        if not re.search(r'--%s\b' % re.escape(name), help_text) and not (short and re.search(r'(?<![\w-])%s\b' % short, help_text)):
            problem(f"{emu} --help", f"does not list --{name}")
    for name, _ in run:
        if not re.search(r'`--%s\b' % re.escape(name), table):
            problem('README.md', f"the option table does not list --{name}")
    if 'vlm:STEP' not in help_text:
        problem(f"{emu} --help", "does not say --screenshot-at vlm:STEP")


GDB_REGS = gdb_registers()
docs = ['README.md', 'labs/README.md'] + sorted(f for f in FILES if f.startswith('docs/') and f.endswith('.md'))
for d in docs:
    check_doc(d)
check_help()
for p in problems:
    print(p)
print(f"check-docs: {len(docs)} documents; {0 if problems else 1} passed, {1 if problems else 0} failed"
      f" ({len(problems)} problems)")
sys.exit(1 if problems else 0)
