/*
 * t_swpctx — two address spaces with different ASNs map the same VA to
 * different frames.  swpctx between them shows each its own data (the
 * ASN-tagged TLB keeps both translations), returns the old PCB's PA, saves
 * USP into the old PCB and loads the new one's.
 */
#include "baremetal/mlib.h"

#define VA 0x50000000UL

int main(void)
{
    uint64_t pcb_a, pcb_b, pc, fa = frame_alloc(), fb = frame_alloc();
    uint64_t la = new_space(5, &pcb_a);
    uint64_t lb = new_space(6, &pcb_b);

    *(uint64_t *)pa_ptr(fa) = 0xAAAA;
    *(uint64_t *)pa_ptr(fb) = 0xBBBB;
    pt_map(la, VA, fa, PTE_KRE | PTE_KWE);
    pt_map(lb, VA, fb, PTE_KRE | PTE_KWE);
    pal(PAL_WRUSP, 0x5678, 0);                         /* B is current */

    CHECK(ctx_switch(pcb_a) == pcb_b);                 /* old PCB's PA comes back */
    CHECK(((uint64_t *)pa_ptr(pcb_b))[PCB_USP / 8] == 0x5678);   /* B's USP saved */
    CHECK(load_at(VA, &pc) == 0xAAAA);
    pal(PAL_WRUSP, 0x1234, 0);
    CHECK(ctx_switch(pcb_b) == pcb_a);
    CHECK(((uint64_t *)pa_ptr(pcb_a))[PCB_USP / 8] == 0x1234);   /* USP saved */
    CHECK(pal(PAL_RDUSP, 0, 0) == 0x5678);                        /* and loaded */
    CHECK(load_at(VA, &pc) == 0xBBBB);
    for (int i = 0; i < 4; i++) {
        CHECK(ctx_switch(i & 1 ? pcb_b : pcb_a) == (i & 1 ? pcb_a : pcb_b));
        CHECK(load_at(VA, &pc) == (i & 1 ? 0xBBBBUL : 0xAAAAUL));
    }
    store_at(VA + 8, 1, &pc);                          /* a write lands in B only */
    CHECK(*(uint64_t *)pa_ptr(fb + 8) == 1 && *(uint64_t *)pa_ptr(fa + 8) == 0);
    mprintf("t_swpctx: ASN 5 sees %lx, ASN 6 sees %lx at %lx\n", *(uint64_t *)pa_ptr(fa),
            *(uint64_t *)pa_ptr(fb), VA);
    test_end("t_swpctx");
}
