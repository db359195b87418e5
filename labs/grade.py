#!/usr/bin/env python3
"""grade.py LAB [--root=DIR] [--quiet] -- grade one lab, as xv6's grade scripts do.

Runs the tests listed in labs/LAB/grade.py (next to this script: a tree
graded by the teacher's copy cannot change its tests) against ROOT's build
(default: the tree this script lives in) and prints each test's result and points,
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
  Both take also=["PROGRAM ARG..."]: more runs that must exit 0 for the
  test to pass (a test gives points only for behaviour the lab's stub does
  not have, so a check the stub already passes rides with one it fails),
  and limit=SECONDS, the host time limit of each run (default LIMIT: a few
  times the reference's slowest test; LAB_TIME_SCALE=K multiplies it).

A failed test gets one diagnosis line, within seconds (diagnose()): a
panic (with the first backtrace frame past panic), a leak (the guest test
harness's frame counts), a fault loop (a short traced run in which one VA
faults again and again, named with its pc), or a hang (the kernel's
deadlock report: every process blocked; or no instruction progress: the
short run neither ends nor reaches its instruction bound).
--quiet prints only "FAIL NAME: why" lines and "LAB: N/M".
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

# A test's bounds are a few times the reference's own run: at most 27M
# instructions (usertests pipebig; most take under 3M) and 1.1 s here (vlm's
# tests: 114M; its grader passes its own --max-insns, the last one counts).
# A run past the instruction bound (a fault loop) ends with status 124 in
# about a second.
INSNS = 60000000
OPTS = ['--ram', '64M', '--proc-limit', '16M', '--max-insns', str(INSNS)]
LIMIT = 5.0 * float(os.environ.get('LAB_TIME_SCALE', '1'))
TIMEOUT = 60                  # the trace tools
PROBE_INSNS = 4000000         # the diagnosis run: a fault loop faults ~20000 times in it
LOOP_FAULTS = 500             # faults at one VA in that run that make a fault loop


_live = set()          # process groups run_bounded has running now


def _end_live(signum, frame):
    """SIGTERM/SIGINT (a suite's bound, Ctrl-C): the sessions this process
    started go too, then it ends with 128 + signum."""
    for pg in list(_live):
        try:
            os.killpg(pg, signal.SIGKILL)
        except ProcessLookupError:
            pass
    os._exit(128 + signum)


signal.signal(signal.SIGTERM, _end_live)
signal.signal(signal.SIGINT, _end_live)


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
    _live.add(p.pid)
    try:
        out, err = p.communicate(input, timeout=secs)
        _live.discard(p.pid)
        return p.returncode, out, err
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _live.discard(p.pid)
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

    def boot(self, args, opts, extra=(), stdin='', limit=None, base=OPTS):
        cmd = [self.alphavlm, 'run', *base, *opts, *extra, *args.split()]
        st, out, err = run_bounded(f"alphavlm run {args}", limit or LIMIT, cmd, input=stdin)
        return st, (out or '') + (err or '')

    @staticmethod
    def judge(status, want, out, expect, absent, limit=None):
        if status is None:
            return f"timed out after {limit or LIMIT:g} s"
        if status == 124 and want != 124:
            return "ran past its instruction bound (a few times the reference's instructions)"
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
        elif self.quiet:
            print(f"FAIL {name}: {why}")
        dt = time.time() - t0
        verdict = 'OK' if why is None else 'FAIL'
        if self.quiet:
            return
        print(f"{name + ':':32} {verdict:4} ({dt:4.1f}s) {points if why is None else 0:3}/{points}")
        if why is not None:
            print(f"    {why}")
            for l in out.splitlines()[-6:]:
                print(f"    | {l}")

    def test(self, name, points, args, expect=(), absent=(), status=0, opts=(), check=None,
             stdin='', also=(), limit=None):
        t0 = time.time()
        st, out = self.boot(args, list(opts), stdin=stdin, limit=limit)
        why = self.judge(st, status, out, expect, absent, limit)
        if why is None and check:
            why = check(out)
        why, out, args = self.also(why, out, args, also, opts, limit, check)
        self.report(name, points, t0, self.diagnose(why, out, args, opts), out)

    def traced(self, name, points, args, check, opts=(), status=0, also=(), limit=None):
        t0 = time.time()
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 't.trc')
            st, out = self.boot(args, list(opts), ['--trace', path], limit=limit)
            why = self.judge(st, status, out, (), (), limit)
            if why is None:
                try:
                    why = check(Trace(self.alphavlm, path), out)
                except (subprocess.SubprocessError, ValueError, IndexError) as e:
                    why = f"reading the trace: {e}"
        why, out, args = self.also(why, out, args, also, opts, limit)
        self.report(name, points, t0, self.diagnose(why, out, args, opts), out)

    def also(self, why, out, args, runs, opts, limit, check=None):
        """The first of runs that fails, as (why, its output, its args), if why is None.
        A run is its args (with the test's opts), or (args, opts): the same
        program on another machine, judged by the test's check too."""
        for a in runs if why is None else ():
            a, o_opts, a_check = (a[0], a[1], check) if isinstance(a, tuple) else (a, opts, None)
            st, o = self.boot(a, list(o_opts), limit=limit)
            w = self.judge(st, 0, o, (), (), limit) or (a_check(o) if a_check else None)
            if w:
                return f"{a} ({' '.join(o_opts)}): {w}", o, a
        return why, out, args

    def diagnose(self, why, out, args, opts):
        """why, with the failure's shape after it ("; fault loop: ..."), if one is seen."""
        if why is None:
            return None
        shape = failure_shape(out)
        if not shape and ('timed out' in why or 'instruction bound' in why):
            shape = self.probe(args, opts)
        return f"{why}\n    => {shape}" if shape else why

    def probe(self, args, opts):
        """A short traced run of args: a fault loop, a hang, or None."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, 't.trc')
            st, _ = self.boot(args, list(opts), ['--trace', path, '--max-insns', str(PROBE_INSNS)],
                              limit=3)
            if st is None:
                return f"hang: no instruction progress ({PROBE_INSNS // 1000000}M instructions not reached in 3 s)"
            if not os.path.exists(path):
                return None
            faults = Trace(self.alphavlm, path).events('FAULT')
            count = {}
            for l in faults:
                va = re.search(r' va=(0x[0-9a-f]+)', l)
                if va:
                    count.setdefault(va.group(1), []).append(l)
            if not count:
                return None
            va, ls = max(count.items(), key=lambda kv: len(kv[1]))
            if len(ls) < LOOP_FAULTS:
                return None
            pc = re.search(r' pc=(\S+)(?: <([^>]*)>)?', ls[-1])
            where = f" at pc {pc.group(1)}" + (f" <{pc.group(2)}>" if pc.group(2) else "") if pc else ""
            return (f"fault loop: va {va} faulted {len(ls)} times in {PROBE_INSNS // 1000000}M "
                    f"instructions{where}: the handler returns without mapping it")


def failure_shape(out):
    """A panic (its line and first backtrace frame past panic), a hang the kernel saw (its
    deadlock report) or a leak, from a run's output."""
    lines = out.splitlines()
    for i, l in enumerate(lines):
        if 'panic:' in l:
            frames = [f.strip() for f in lines[i + 1:] if re.match(r'^\s*#\d+ ', f)
                      and 'panic' not in f and 'bugchk' not in f]
            return f"panic: {l.strip()}" + (f" (from {frames[0]})" if frames else "")
    for i, l in enumerate(lines):
        if 'vlmos: deadlock:' in l:
            blocked = [b.split('vlmos:', 1)[1].strip() for b in lines[i + 1:] if re.search(r'vlmos:\s+pid \d+', b)]
            return (f"hang: every process is blocked and nothing can wake one ({len(blocked)}: "
                    f"{'; '.join(blocked[:3])}): a missing wakeup?")
    for l in lines:
        m = re.search(r'frames free (\d+) -> (\d+)', l)
        if m and int(m.group(2)) < int(m.group(1)):
            return (f"leak: {int(m.group(1)) - int(m.group(2))} frame(s) not returned "
                    f"({l.split(':')[0].strip()})")
    return None


def main(argv):
    here = root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    quiet = '--quiet' in argv
    args = [a for a in argv if a != '--quiet']
    for a in [a for a in args if a.startswith('--root=')]:
        root = os.path.abspath(a.split('=', 1)[1])
    args = [a for a in args if not a.startswith('--root=')]
    if len(args) != 1:
        print("usage: grade.py LAB [--root=DIR] [--quiet]", file=sys.stderr)
        return 2
    lab = args[0]
    spec = os.path.join(here, 'labs', lab, 'grade.py')   # this grader's tests, not ROOT's
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
