#!/usr/bin/env python3
"""grade.py LAB [--root=DIR] [--quiet] -- grade one lab, as xv6's grade scripts do.

Runs the tests listed in labs/LAB/grade.py against ROOT's build (default:
the tree this script lives in) and prints each test's result and points,
then "Score: N/M".  Each test boots VLM/OS once with a small machine, an
instruction limit and a host timeout, so a broken kernel is a failed test,
never a hang.  Exit status: 0 full marks, 1 anything less, 2 bad usage.

labs/LAB/grade.py calls, with ARGS a string "PROGRAM ARG...":
  test(name, points, ARGS, expect=[], absent=[], status=0, opts=[], check=None, stdin='')
      passes if the run exits with status and every (regex, count) in expect
      matches that many console lines (count None: at least one), no regex
      in absent matches any line, and check(out), if given, returns None
      (else the message it returns is why the test failed).  stdin is the
      console's input (the shell reads it line by line).
  traced(name, points, ARGS, check, opts=[], status=0)
      runs with --trace FILE, then check(trace, out) returns None (pass) or
      a message; trace.events(TYPES) is the list of `alphavlm trace dump
      --type TYPES` lines, trace.stats() the `trace stats` text.
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

OPTS = ['--ram', '64M', '--proc-limit', '16M', '--max-insns', '4000000000']
TIMEOUT = 60


def run_bounded(name, secs, cmd, input=None, stdout=subprocess.PIPE, stderr=subprocess.PIPE):
    """Run cmd (a list) in a session of its own, text in and out, for at most
    secs seconds.  Returns (status, stdout, stderr): the streams are None
    where not captured.  Past secs, the whole process group is killed (a
    grandchild holding a pipe cannot hang the reader), status is None, and
    "TIMEOUT: name: killed after secs s" with the last lines of what it had
    printed goes to stderr -- the terminal, not a file."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                         stdout=stdout, stderr=stderr, text=True, errors='replace',
                         start_new_session=True)
    try:
        out, err = p.communicate(input, timeout=secs)
        return p.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        tail = ((out or '') + (err or '')).splitlines()[-10:]
        print(f"TIMEOUT: {name}: killed after {secs} s", *(f"    | {l}" for l in tail),
              sep='\n', file=sys.stderr, flush=True)
        return None, out, err


class Trace:
    def __init__(self, alphavlm, path):
        self.alphavlm, self.path = alphavlm, path

    def _tool(self, *args):
        st, out, _ = run_bounded(f"alphavlm trace {args[0]}", TIMEOUT,
                                 [self.alphavlm, 'trace', *args, self.path])
        if st is None:
            raise subprocess.TimeoutExpired(f"alphavlm trace {args[0]}", TIMEOUT)
        return out

    def events(self, types):
        return [l for l in self._tool('dump', '--type', types).splitlines()
                if l.startswith('#') and ' icount=' in l]

    def stats(self):
        return self._tool('stats')


class Grader:
    def __init__(self, root, quiet):
        self.alphavlm = os.path.join(root, 'build', 'alphavlm')
        self.quiet = quiet
        self.score = self.total = 0

    def boot(self, args, opts, extra=(), stdin=''):
        cmd = [self.alphavlm, 'run', *OPTS, *opts, *extra, *args.split()]
        st, out, err = run_bounded(f"alphavlm run {args}", TIMEOUT, cmd, input=stdin)
        return st, (out or '') + (err or '')

    @staticmethod
    def judge(status, want, out, expect, absent):
        if status is None:
            return f"timed out after {TIMEOUT} s"
        if status != want:
            return f"exit status {status}, expected {want}"
        lines = out.splitlines()
        for rx, count in expect:
            n = sum(1 for l in lines if re.search(rx, l))
            if (count is None and n == 0) or (count is not None and n != count):
                return f"{n} console line(s) match /{rx}/, expected {count or 'some'}"
        for rx in absent:
            if any(re.search(rx, l) for l in lines):
                return f"a console line matches /{rx}/"
        return None

    def report(self, name, points, t0, why, out):
        self.total += points
        if why is None:
            self.score += points
        if self.quiet:
            return
        dt = time.time() - t0
        verdict = 'OK' if why is None else 'FAIL'
        print(f"{name + ':':32} {verdict:4} ({dt:4.1f}s) {points if why is None else 0:3}/{points}")
        if why is not None:
            print(f"    {why}")
            for l in out.splitlines()[-6:]:
                print(f"    | {l}")

    def test(self, name, points, args, expect=(), absent=(), status=0, opts=(), check=None,
             stdin=''):
        t0 = time.time()
        st, out = self.boot(args, list(opts), stdin=stdin)
        why = self.judge(st, status, out, expect, absent)
        if why is None and check:
            why = check(out)
        self.report(name, points, t0, why, out)

    def traced(self, name, points, args, check, opts=(), status=0):
        t0 = time.time()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 't.trc')
            st, out = self.boot(args, list(opts), ['--trace', path])
            why = self.judge(st, status, out, (), ())
            if why is None:
                try:
                    why = check(Trace(self.alphavlm, path), out)
                except (subprocess.SubprocessError, ValueError, IndexError) as e:
                    why = f"reading the trace: {e}"
        self.report(name, points, t0, why, out)


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    quiet = '--quiet' in argv
    args = [a for a in argv if a != '--quiet']
    for a in [a for a in args if a.startswith('--root=')]:
        root = os.path.abspath(a.split('=', 1)[1])
    args = [a for a in args if not a.startswith('--root=')]
    if len(args) != 1:
        print("usage: grade.py LAB [--root=DIR] [--quiet]", file=sys.stderr)
        return 2
    lab = args[0]
    spec = os.path.join(root, 'labs', lab, 'grade.py')
    if not os.path.isfile(spec):
        print(f"grade: no lab '{lab}' ({spec} is missing)", file=sys.stderr)
        return 2
    if not os.access(os.path.join(root, 'build', 'alphavlm'), os.X_OK):
        print(f"grade: {root}/build/alphavlm is missing: run make first", file=sys.stderr)
        return 2
    g = Grader(root, quiet)
    if not quiet:
        print(f"== lab {lab} ({root}) ==")
    with open(spec, encoding='utf-8') as f:
        code = compile(f.read(), spec, 'exec')
    exec(code, {'test': g.test, 'traced': g.traced, 're': re})
    print(f"{'Score' if not quiet else lab}: {g.score}/{g.total}")
    return 0 if g.score == g.total else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
