/*
 * t_tbis — a changed PTE becomes visible only after the right tbi (exact TLB
 * policy, the default with --clock icount): the DTB keeps the old
 * translation through tbisi, drops it on tbisd/tbis; tbiap spares ASM
 * entries, tbia drops everything.
 */
#include "baremetal/mlib.h"

#define VA  0x60000000UL
#define GVA 0x60100000UL         /* an ASM (global) mapping */

static uint64_t rd(uint64_t va)
{
    uint64_t pc;
    return load_at(va, &pc);
}

int main(void)
{
    uint64_t l1 = new_space(7, 0), f1 = frame_alloc(), f2 = frame_alloc();
    *(uint64_t *)pa_ptr(f1) = 111;
    *(uint64_t *)pa_ptr(f2) = 222;

    uint64_t *pte = pt_map(l1, VA, f1, PTE_KRE);
    CHECK(rd(VA) == 111);
    *pte = PFN_TO_PTE(f2 >> PAGE_SHIFT) | PTE_V | PTE_KRE;
    CHECK(rd(VA) == 111);                    /* stale: the DTB still maps f1 */
    tbi(TBI_SI, VA);
    CHECK(rd(VA) == 111);                    /* tbisi leaves the DTB alone */
    tbi(TBI_SD, VA);
    CHECK(rd(VA) == 222);                    /* tbisd: the new PTE is seen */
    *pte = PFN_TO_PTE(f1 >> PAGE_SHIFT) | PTE_V | PTE_KRE;
    tbi(TBI_S, VA);
    CHECK(rd(VA) == 111);                    /* tbis: both buffers */
    *pte = PFN_TO_PTE(f2 >> PAGE_SHIFT) | PTE_V | PTE_KRE;
    tbi(TBI_IAP, 0);
    CHECK(rd(VA) == 222);                    /* tbiap drops process entries */

    uint64_t *gpte = pt_map(l1, GVA, f1, PTE_KRE | PTE_ASM);
    CHECK(rd(GVA) == 111);
    *gpte = PFN_TO_PTE(f2 >> PAGE_SHIFT) | PTE_V | PTE_KRE | PTE_ASM;
    tbi(TBI_IAP, 0);
    CHECK(rd(GVA) == 111);                   /* ASM entries survive tbiap */
    tbi(TBI_IA, 0);
    CHECK(rd(GVA) == 222);                   /* tbia drops everything */
    mprintf("t_tbis: stale until tbisd/tbis/tbiap/tbia, ASM kept by tbiap\n");
    test_end("t_tbis");
}
