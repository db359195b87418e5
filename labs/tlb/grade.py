# Lab tlb: ASN allocation and rollover (guestos/sched.c: asn_assign).
test('asn_distinct', 20, 'labtests asn_distinct')
test('asn_rollover', 25, 'labtests asn_rollover')
# The stub (ASN 1 for all, tbiap at each switch) is correct but slow: the
# ping-pong and isolation runs count only with distinct ASNs (DISTINCT).
DISTINCT = ['labtests asn_distinct']
test('asn_pingpong', 10, 'labtests asn_pingpong', also=DISTINCT)
test('usertests_isolation', 10, 'usertests isolation', also=DISTINCT)


def no_flush_on_switch(t, out):
    """Between the test's two getppid() marks, 400 switches and not one tbiap."""
    marks = [int(l.split()[0][1:]) for l in t.events('SYSCALL') if ' nr=173 ' in l]
    if len(marks) < 2:
        return "the getppid() marks are missing from the trace"
    lo, hi = marks[0], marks[-1]
    def window(types):
        return [l for l in t.events(types) if lo < int(l.split()[0][1:]) < hi]
    switches = len(window('SWPCTX'))
    tbiap = len([l for l in window('TBI') if ' tbiap ' in l])
    if switches < 400:
        return f"only {switches} context switches in the window"
    if tbiap > 2:
        return f"{tbiap} tbiap in {switches} context switches: switching flushes the TLB"
    return None


traced('switch_keeps_tlb', 35, 'labtests asn_pingpong', no_flush_on_switch)
