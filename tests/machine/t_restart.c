/*
 * t_restart — stopping and restarting the CPU never re-executes work.
 * The same non-idempotent loop (xorshift random loads and stores) runs over a
 * KSEG43 buffer (superpage: no TLB fills, so the CPU never stops) and over a
 * page-mapped copy (run with --dtb 2: every access evicts, and each eviction
 * stops the CPU to flush QEMU's TLB cache).  Both checksums must agree.
 * Guards against Unicorn 2.1.1's mid-block exit check resuming at the start
 * of a block (see machine_request_stop()).
 */
#include "baremetal/mlib.h"

#define PAGES 64
#define VA    0x70000000UL

int main(void)
{
    uint64_t l1 = new_space(9, 0), words = PAGES * PAGE_SIZE / 8;
    uint64_t base = frame_alloc();                        /* 2 x PAGES contiguous frames */
    for (int i = 1; i < 2 * PAGES; i++)
        frame_alloc();
    uint64_t direct = base + PAGES * PAGE_SIZE;
    for (uint64_t off = 0; off < PAGES * PAGE_SIZE; off += PAGE_SIZE)
        pt_map(l1, VA + off, base + off, PTE_KRE | PTE_KWE);
    uint64_t a = churn(pa_ptr(direct), words, 20000);    /* superpage, no stops */
    uint64_t b = churn((uint64_t *)VA, words, 20000);    /* mapped, many stops */
    mprintf("t_restart: superpage %lx, mapped %lx\n", a, b);
    CHECK(a == b && a != 0);
    test_end("t_restart");
}
