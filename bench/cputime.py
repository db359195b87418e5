#!/usr/bin/env python3
"""cputime.py CMD...: run CMD once, its output to /dev/null (stdout kept in
$CPUTIME_OUT if set), and print "CPU WALL" in seconds: the user + system
time of the process and its children (getrusage, microseconds), then the
wall time.  A failing CMD prints its status on stderr and exits 1."""
import os, resource, subprocess, sys, time

out = os.environ.get("CPUTIME_OUT")
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.perf_counter()
with open(out or os.devnull, "wb") as f:
    st = subprocess.run(sys.argv[1:], stdout=f, stderr=subprocess.STDOUT).returncode
wall = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
if st != 0:
    sys.exit(f"cputime: {' '.join(sys.argv[1:])}: exit status {st}")
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{cpu:.6f} {wall:.6f}")
