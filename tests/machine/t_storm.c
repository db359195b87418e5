/*
 * t_storm — asynchronous stops are exact.  A non-idempotent loop (xorshift
 * loads and stores over a page-mapped buffer) runs long enough to be stopped
 * thousands of times by the host-clock timer thread (run with --clock host
 * --quantum 100: a tick every microsecond, each one a uc_emu_stop() that lands
 * anywhere inside a block).  It prints its checksum; tests/machine/run.sh
 * compares it with the same image run under the instruction clock, whose
 * stops happen only at block starts, and checks --stats for the stop count.
 * On Unicorn 2.1.1 a mid-block stop re-ran the block from its start and the
 * checksums differed.
 */
#include "baremetal/mlib.h"

#define PAGES 16
#define VA    0x70000000UL

int main(void)
{
    uint64_t l1 = new_space(9, 0), words = PAGES * PAGE_SIZE / 8;
    uint64_t base = frame_alloc();
    for (int i = 1; i < PAGES; i++)
        frame_alloc();
    for (uint64_t off = 0; off < PAGES * PAGE_SIZE; off += PAGE_SIZE)
        pt_map(l1, VA + off, base + off, PTE_KRE | PTE_KWE);
    uint64_t sum = churn((uint64_t *)VA, words, 100000000);
    mprintf("t_storm: checksum %lx\n", sum);
    CHECK(sum != 0);
    test_end("t_storm");
}
