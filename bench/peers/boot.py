#!/usr/bin/env python3
"""boot.py TIMEOUT CONSOLE QEMU-CMD...: boot the peer (`make bench-peers`,
docs/bench.md) and time each program from the host.

Runs QEMU-CMD, copies its console (carriage returns dropped) into CONSOLE, and
when the guest's /init announces a program ("ptime-start NAME") and when ptime
reports it ("ptime NAME ..."), reads the host CPU time of the qemu process (the
on-CPU nanoseconds of all its threads, /proc/PID/task/*/schedstat): the difference
is appended as "hostcpu NAME SECONDS", the host's count, immune to the guest's
clock running on while the host deschedules qemu.  At the end it appends
"hostcpu-total SECONDS" (getrusage of the whole process) and exits with qemu's
status, or 124 after TIMEOUT seconds (qemu killed)."""
import glob, os, resource, subprocess, sys, threading


def oncpu(pid):
    """Seconds on a CPU of every thread of process pid so far."""
    ns = 0
    for f in glob.glob(f"/proc/{pid}/task/*/schedstat"):
        try:
            ns += int(open(f).read().split()[0])
        except (OSError, ValueError, IndexError):
            pass                # a thread that ended between glob and read
    return ns / 1e9


def main():
    timeout, console, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
    q = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    killed = threading.Event()
    timer = threading.Timer(timeout, lambda: (killed.set(), q.kill()))
    timer.start()
    start = {}
    with open(console, "w") as out:
        for raw in q.stdout:
            line = raw.decode("utf-8", "replace").replace("\r", "").rstrip("\n")
            out.write(line + "\n")
            w = line.split()
            if len(w) >= 2 and w[0] == "ptime-start":
                start[w[1]] = oncpu(q.pid)
            elif len(w) >= 2 and w[0] == "ptime" and w[1] in start:
                out.write(f"hostcpu {w[1]} {oncpu(q.pid) - start.pop(w[1]):.6f}\n")
        st = q.wait()
        timer.cancel()
        ru = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.write(f"hostcpu-total {ru.ru_utime + ru.ru_stime:.6f}\n")
    sys.exit(124 if killed.is_set() else st & 255)


main()
