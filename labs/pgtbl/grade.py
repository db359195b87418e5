# Lab pgtbl: demand-zero paging (guestos/vm.c: vm_commit, fault_in).
test('lazy_commit', 25, 'labtests lazy_commit')
test('lazy_populate', 10, 'labtests lazy_populate')
test('lazy_syscall', 15, 'labtests lazy_syscall')
test('usertests_sparse', 10, 'usertests sparse')
test('usertests_demand', 10, 'usertests demand')
test('usertests_zerofill_guard', 10, 'usertests zerofill guard')


def first_touch(t, out):
    """One demand-zero PAGEIN per page of the range, in page order, at first touch."""
    m = re.search(r'range (0x[0-9a-f]+) (0x[0-9a-f]+)', out)
    if not m:
        return "the test printed no range"
    lo, hi = int(m.group(1), 16), int(m.group(2), 16)
    vas = [int(re.search(r' va=(0x[0-9a-f]+)', l).group(1), 16) for l in t.events('PAGEIN')]
    pages = [va >> 13 for va in vas if lo <= va < hi]
    want = list(range(lo >> 13, hi >> 13))
    if pages != want:
        return f"{len(pages)} PAGEIN events in [{lo:#x}, {hi:#x}), expected {len(want)} in page order"
    return None


traced('pagein_at_first_touch', 20, 'labtests lazy_commit', first_touch)
