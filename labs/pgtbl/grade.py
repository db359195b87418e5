# Lab pgtbl: the kernel's walk (guestos/vmprint.c) and demand-zero paging
# (guestos/vm.c: vm_commit, page_in).  The stub (commit takes every frame at
# once) passes the populate, syscall, sparse and guard runs: they count only
# with a lazy commit (LAZY), so the stub scores 0.
LAZY = ['labtests lazy_commit']
test('lazy_commit', 20, 'labtests lazy_commit')
test('lazy_populate', 5, 'labtests lazy_populate', also=LAZY)
test('lazy_syscall', 10, 'labtests lazy_syscall', also=LAZY)
test('usertests_sparse', 5, 'usertests sparse', also=LAZY)
test('usertests_demand', 10, 'usertests demand')
test('usertests_zerofill_guard', 5, 'usertests zerofill guard', also=LAZY)


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


def vmprint_output(out):
    """vmprint's listing agrees with the page tables' owner: meminfo and the test's range."""
    if not re.search(r'^vmprint: pid \d+, L1 at pa 0x[0-9a-f]+$', out, re.M):
        return "no 'vmprint: pid P, L1 at pa ...' header"
    m = re.search(r'resident (\d+) range (0x[0-9a-f]+) (0x[0-9a-f]+)', out)
    if not m:
        return "the test printed no resident count"
    resident, lo, hi = int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16)
    leaves = re.findall(r'^   L3\[(\d+)\] va (0x[0-9a-f]+) pte (0x[0-9a-f]+) (pa (0x[0-9a-f]+)|demand-zero)$',
                        out, re.M)
    vas = [int(v, 16) for _, v, _, _, _ in leaves]
    if vas != sorted(set(vas)) or not vas:
        return "the L3 lines are missing or not in VA order"
    valid = [(int(v, 16), int(p, 16), int(a, 16)) for _, v, p, _, a in leaves if a]
    if len(valid) != resident:
        return f"{len(valid)} valid leaves printed, meminfo says {resident} resident pages"
    if any(pte >> 32 != pa >> 13 for _, pte, pa in valid):
        return "a leaf's pa is not its PTE's PFN"
    text = [pte for va, pte, _ in valid if va == 0x10000]
    if not text or not text[0] & (1 << 9) or text[0] & (1 << 13):
        return "the text page at 0x10000 is missing, or not user-readable and read-only"
    inrange = [a for (_, v, _, _, a) in leaves if lo <= int(v, 16) < hi]
    if len(inrange) != 4 or sum(1 for a in inrange if a) != 1:
        return f"the 4-page range shows {len(inrange)} leaves, expected 1 valid and 3 demand-zero"
    return None


test('vmprint', 25, 'labtests vmprint', check=vmprint_output)
