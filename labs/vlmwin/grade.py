# Lab vlmwin: the VLM window's placement and remap policy (vlmdrv/vlm.c:
# window_va, unmap_range).  Correctness: the property fuzzer's model of the
# window (VLM_MAP_REPLACE evicts exactly the caller's mappings it overlaps;
# the others stay, with their contents); performance: granularity-hint blocks
# and a budget of DTB misses in the window, from `alphavlm trace stats`.
V = ['--proc-limit', '4M', '--max-insns', '600000000']
FUZZ = 'vlmfuzz --seed 1 --calls 3000'                 # 18M instructions
# The stub (first fit from the window's start, every mapping evicted) passes
# the reuse and bounds runs: they count only with the model's eviction (also=).
test('fuzz_window_model', 35, FUZZ, opts=V, expect=[(r'every check passed', None)])
test('window_reuse', 5, 'vlmtests window_reuse', opts=V, also=[FUZZ], limit=15)   # 4 s
test('window_bounds', 5, 'vlmtests window_bounds', opts=V, also=[FUZZ])

# 48 MiB through an 8 MiB window (16 MiB limit: a third donated, the rest
# from the driver's direct part, which is contiguous), on two machines.  The
# stub maps at the window's start, so it gets GH blocks only when the direct
# part's first frame happens to sit on a GH boundary, which depends on the
# kernel's and initrd's sizes and on the frame database's (the RAM).  The
# database of a 129 MiB machine is one page longer than a 128 MiB one's, so
# the direct part starts 8 KiB apart on the two: at most one of them can be
# on a boundary, and a placement that does not align cannot pass both,
# whatever the kernel's size.
DEMO = ['--ram', '128M', '--proc-limit', '16M', '--max-insns', '600000000']
DEMO_B = ['--ram', '129M', '--proc-limit', '16M', '--max-insns', '600000000']
REF_GH = 7112            # the reference: 7 mappings of the direct part, 1016 GH PTEs each


def gh_blocks(out):
    """The mappings of contiguous frames use granularity-hint blocks."""
    gh = [int(n) for n in re.findall(r'mapped \d+ MiB of buffer \d+ at 0x[0-9a-f]+: \d+ PTEs, (\d+) in GH blocks', out)]
    if not gh:
        return "no 'mapped ... in GH blocks' lines (vlmdemo's driver steps)"
    if sum(gh) < REF_GH * 9 // 10:
        return f"{sum(gh)} PTEs in GH blocks over {len(gh)} mappings, the reference has {REF_GH}"
    return None


test('gh_blocks', 20, 'vlmdemo 48M 8M', opts=DEMO, check=gh_blocks,
     also=[('vlmdemo 48M 8M', DEMO_B)])

# 32 MiB, all direct, through an 8 MiB window: the reference misses 184 times
# in the window (0.001 MPKI); with no GH block every page misses (8192).
BUDGET = 400
FAST = ['--ram', '128M', '--proc-limit', '32M', '--max-insns', '600000000']


def miss_budget(t, out):
    """The VLM window's DTB misses (trace stats) within the budget."""
    m = re.search(r'^\s*VLM window\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)', t.stats(), re.M)
    if not m:
        return "trace stats shows no VLM window row"
    misses, mpki = int(m.group(2)), float(m.group(4))
    if misses > BUDGET:
        return f"{misses} DTB misses in the VLM window ({mpki:.3f} MPKI), budget {BUDGET} (reference 184)"
    return None


traced('miss_budget', 35, 'vlmdemo 32M 8M', miss_budget, opts=FAST)
