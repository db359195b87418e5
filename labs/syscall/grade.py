# Lab syscall: add trace(nr) (SYS_trace, 1020) and see the calls in traces.
TRACED = r'^\[pid (\d+)\] syscall 172\(0x0\) -> \1$'

test('trace_ret', 25, 'labtests trace_ret')
test('trace_getpid', 25, 'labtests trace_getpid', expect=[(TRACED, 3)],
     absent=[r'^\[pid \d+\] syscall (?!172\()'])     # only the call asked for


def two_pids(out):
    pids = set(re.findall(r'^\[pid (\d+)\] syscall 172\(0x0\) -> \1$', out, re.M))
    if len(pids) != 2:
        return f"getpid lines from {len(pids)} process(es), expected the parent and its child"
    return None


test('trace_children', 25, 'labtests trace_children', check=two_pids)


def sysret(t, out):
    """Each printed line's result is the one the machine trace saw the call return."""
    rets = [l.split('result=')[1].split()[0] for l in t.events('SYSRET') if ' nr=172 ' in l]
    printed = re.findall(r'^\[pid \d+\] syscall 172\(0x[0-9a-f]+\) -> (-?\d+)$', out, re.M)
    if len(printed) != 3 or printed != rets[:3]:
        return f"printed results {printed}, the trace's SYSRET nr=172 results {rets[:4]}"
    return None


traced('trace_sysret_in_trace_file', 25, 'labtests trace_getpid', sysret)
