# Lab syscall: add trace(nr) (SYS_trace, 1020) and see the calls in traces.
TRACED = r'^\[pid (\d+)\] syscall 172\(0x0\) -> \1$'

test('trace_ret', 25, 'labtests trace_ret')
test('trace_getpid', 25, 'labtests trace_getpid', expect=[(TRACED, 3)])


def two_pids(out):
    pids = set(re.findall(r'^\[pid (\d+)\] syscall 172\(0x0\) -> \1$', out, re.M))
    if len(pids) != 2:
        return f"getpid lines from {len(pids)} process(es), expected the parent and its child"
    return None


test('trace_children', 25, 'labtests trace_children', check=two_pids)


def sysret(t, out):
    """The machine trace sees every trace() call come back with the kernel's result."""
    rets = [l.split('result=')[1] for l in t.events('SYSRET') if ' nr=1020 ' in l]
    if rets.count('0') != 4 or rets.count('-22') != 3:
        return f"SYSRET nr=1020 results {rets}, expected four 0 and three -22"
    return None


traced('trace_sysret_in_trace_file', 25, 'labtests trace_ret', sysret)
