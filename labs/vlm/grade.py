# Lab vlm: FIG. 8's ownership transfer, FIG. 10's teardown, the abnormal paths.
# The guest tests are vlmtests' (workloads/vlmtests.c); each checks that every
# frame and every committed page comes back.
V = ['--proc-limit', '4M', '--max-insns', '600000000']   # 114M for the longest test

test('donor_counts', 10, 'vlmtests donor_counts', opts=V)
test('pattern', 10, 'vlmtests pattern', opts=V)
test('zeroed', 5, 'vlmtests zeroed', opts=V)
test('donor_cannot_touch', 10, 'vlmtests donor_cannot_touch', opts=V)
test('consumer_exits', 10, 'vlmtests consumer_exits', opts=V)
test('consumer_killed_allocating', 5, 'vlmtests consumer_killed_allocating', opts=V)
test('consumer_killed_mapped', 10, 'vlmtests consumer_killed_mapped', opts=V)
test('donor_killed_holding', 5, 'vlmtests donor_killed_holding', opts=V)
test('shutdown', 10, 'vlmtests shutdown', opts=V)
test('two_consumers', 5, 'vlmtests two_consumers', opts=V)


def fig_order(t, out):
    """The driver's steps for one VLM_ALLOC + VLM_FREE come in the patent's order."""
    steps = [int(re.search(r'step (\d+)', l).group(1)) for l in t.events('VLM')]
    donors = steps.count(714)
    if donors < 2:
        return f"{donors} donor(s) commanded (714); expected several"
    for s in (804, 812, 814, 1002, 1006, 1008):
        if steps.count(s) != donors:
            return f"step {s} seen {steps.count(s)} times for {donors} donors"
    def first(s):
        return steps.index(s)
    def last(s):
        return len(steps) - 1 - steps[::-1].index(s)
    order = [(700, 'first', 812, 'first'), (812, 'last', 710, 'first'),
             (710, 'first', 1000, 'first'), (1000, 'first', 1002, 'first'),
             (1002, 'last', 1012, 'first'), (1008, 'last', 1012, 'first')]
    pick = {'first': first, 'last': last}
    for a, wa, b, wb in order:
        if 1012 not in steps or 710 not in steps:
            return "the allocation (710) or the free (1012) never completed"
        if pick[wa](a) > pick[wb](b):
            return f"step {a} comes after step {b}"
    return None


traced('trace_fig8_fig10_order', 20, 'vlmtests pattern', fig_order, opts=V)
