# Lab cow: fork with copy-on-write (guestos/vm.c: fork_pte, cow_break;
# guestos/frames.h: frame_share, frame_unshare).  The stub copies every page
# at fork: correct, only eager, so forklimit (which it passes) counts only
# with the sharing cow checks (COW).
COW = ['usertests cow']
test('usertests_cow', 20, 'usertests cow')
test('usertests_forklimit', 5, 'usertests forklimit', also=COW)
test('cow_big', 20, 'labtests cow_big')
test('cow_chain', 20, 'labtests cow_chain')


def copy_events(t, out):
    """In cow_big's range: the parent's copy of page 7, then the child's of
    page 5, then page 5 kept by the parent (its last reference); no other."""
    m = re.search(r'cow range (0x[0-9a-f]+) (0x[0-9a-f]+)', out)
    if not m:
        return "the test printed no range"
    lo, hi = int(m.group(1), 16), int(m.group(2), 16)
    got = []
    for l in t.events('PAGEIN'):
        va = int(re.search(r' va=(0x[0-9a-f]+)', l).group(1), 16)
        if lo <= va < hi and 'copy-on-write' in l:
            got.append(((va - lo) >> 13, 'kept' if 'last reference kept' in l else 'copy'))
    want = [(7, 'copy'), (5, 'copy'), (5, 'kept')]
    if got != want:
        return f"copy-on-write PAGEIN events in the range (page, kind): {got}, expected {want}"
    return None


traced('cow_events', 35, 'labtests cow_big', copy_events)
