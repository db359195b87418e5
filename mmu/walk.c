/*
 * walk.c — the AXP64 page-table walk, written in the order of QEMU's
 * target/alpha/helper.c get_physical_address(): canonical address, then
 * superpage, then one block per level, then the leaf permission check.
 * Nothing here touches a TLB or a counter: this is also the probe path.
 */
#include <string.h>
#include "mmu/mmu.h"

mm_result mmu_check_pte(pte_t pte, int mode, int access, unsigned *prot)
{
    unsigned grant = 0, p;
    static const unsigned need[] = { [MM_READ] = PROT_R, [MM_WRITE] = PROT_W,
                                     [MM_EXEC] = PROT_X };

    *prot = 0;
    if (!(pte & PTE_V))
        return MMR_TNV;
    if (pte & (mode == MODE_USER ? PTE_URE : PTE_KRE))
        grant |= PROT_R | PROT_X;
    if (pte & (mode == MODE_USER ? PTE_UWE : PTE_KWE))
        grant |= PROT_W;
    /* Fault-on-operation bits take away what the protection bits gave. */
    p = grant;
    if (pte & PTE_FOR) p &= ~PROT_R;
    if (pte & PTE_FOW) p &= ~PROT_W;
    if (pte & PTE_FOE) p &= ~PROT_X;
    *prot = p;
    if (!(grant & need[access]))
        return MMR_ACV;
    if (!(p & need[access]))
        return access == MM_EXEC ? MMR_FOE : access == MM_WRITE ? MMR_FOW : MMR_FOR;
    return MMR_OK;
}

/* Kernel-only superpages (ARM "Superpages"): KSEG32 and KSEG43. */
static bool superpage(const struct mmu_space *s, uint64_t va, struct mmu_walk *w)
{
    if (va >= KSEG32_BASE && va < KSEG32_END) {
        w->superpage = SP_KSEG32;
        w->pa = va & KSEG32_PA_MASK;
    } else if (va >= KSEG43_BASE && va < KSEG43_END) {
        w->superpage = SP_KSEG43;
        w->pa = va & KSEG43_PA_MASK;
    } else {
        return false;
    }
    (void)s;
    return true;
}

/* Read the PTE at index idx of the table in frame pfn, recording it as level lvl. */
static mm_result read_pte(const struct mmu_space *s, uint64_t pfn, uint64_t idx,
                    int lvl, struct mmu_walk *w)
{
    uint64_t pa = (pfn << PAGE_SHIFT) + idx * sizeof(pte_t);

    if (pfn >= (s->ram_size >> PAGE_SHIFT))
        return MMR_MCHK_PT;
    memcpy(&w->pte[lvl], s->ram + pa, sizeof(pte_t));
    w->pte_pa[lvl] = pa;
    w->levels = lvl + 1;
    return MMR_OK;
}

/* L1 and L2 entries must be valid and kernel-readable, as in QEMU's walk. */
static mm_result check_table_pte(pte_t pte)
{
    if (!(pte & PTE_V))
        return MMR_TNV;
    if (!(pte & PTE_KRE))
        return MMR_ACV;
    return MMR_OK;
}

static mm_result walk_tables(const struct mmu_space *s, uint64_t va, int mode,
                       int access, struct mmu_walk *w)
{
    mm_result r;
    uint64_t pfn, gh_mask;

    if (!s->ptbr_valid)
        return MMR_TNV;                       /* no PCB yet: only superpages map */
    /* Level 1: VA[42:33] indexes the table at PTBR. */
    if ((r = read_pte(s, s->ptbr, L1_INDEX(va), 0, w)) != MMR_OK ||
        (r = check_table_pte(w->pte[0])) != MMR_OK)
        return r;
    /* Level 2: VA[32:23] indexes the table the L1 PTE names. */
    if ((r = read_pte(s, PTE_PFN(w->pte[0]), L2_INDEX(va), 1, w)) != MMR_OK ||
        (r = check_table_pte(w->pte[1])) != MMR_OK)
        return r;
    /* Level 3: VA[22:13] gives the leaf PTE. */
    if ((r = read_pte(s, PTE_PFN(w->pte[1]), L3_INDEX(va), 2, w)) != MMR_OK)
        return r;
    if ((w->pte[2] & PTE_V) && (w->pte[2] & PTE_RSV))
        return MMR_MCHK_RSV;
    if ((r = mmu_check_pte(w->pte[2], mode, access, &w->prot)) != MMR_OK)
        return r;
    /* GH block: the PFN is aligned down, the page's index within the block added. */
    gh_mask = GH_PAGES(PTE_GH(w->pte[2])) - 1;
    pfn = (PTE_PFN(w->pte[2]) & ~gh_mask) | (VA_VPN(va) & gh_mask);
    w->pa = (pfn << PAGE_SHIFT) | (va & PAGE_MASK);
    return w->pa < s->ram_size ? MMR_OK : MMR_MCHK_NXM;
}

mm_result mmu_walk(const struct mmu_space *s, uint64_t va, int mode, int access,
             struct mmu_walk *w)
{
    memset(w, 0, sizeof(*w));
    w->va = va;
    if (!VA_CANONICAL(va)) {
        w->fault = MMR_ACV;                   /* not sign-extended from bit 42 */
    } else if (superpage(s, va, w)) {
        if (mode != MODE_KERNEL)
            w->fault = MMR_ACV;
        else if (w->pa >= s->ram_size)
            w->fault = MMR_MCHK_NXM;
        else {
            w->prot = PROT_R | PROT_W | PROT_X;
            w->fault = MMR_OK;
        }
    } else {
        w->fault = walk_tables(s, va, mode, access, w);
    }
    if (w->fault != MMR_OK)
        w->prot = 0;
    return w->fault;
}

const char *mm_result_name(mm_result r)
{
    static const char *const name[] = {
        [MMR_OK] = "ok", [MMR_TNV] = "TNV", [MMR_ACV] = "ACV", [MMR_FOR] = "FOR",
        [MMR_FOE] = "FOE", [MMR_FOW] = "FOW", [MMR_MCHK_PT] = "mchk-pt",
        [MMR_MCHK_NXM] = "mchk-nxm", [MMR_MCHK_RSV] = "mchk-rsv" };
    return (unsigned)r < sizeof(name) / sizeof(name[0]) ? name[r] : "?";
}
