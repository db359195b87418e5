/*
 * t_storm — asynchronous stops are exact.  A non-idempotent loop (xorshift
 * loads and stores over a page-mapped buffer) runs long enough to be stopped
 * thousands of times by the host-clock timer thread (run with --clock host
 * --quantum 100: a tick every microsecond, each one a stop).  It prints its checksum; tests/machine/run.sh
 * compares it with the same image run under the instruction clock, whose
 * stops happen only at block starts, and checks --stats for the stop count.
 * On Unicorn 2.1.1 a mid-block stop re-ran the block from its start and the
 * checksums differed.  Then atomic increments (amoadd.d, and an lr.d/sc.d
 * loop) must count exactly: on 2.1.4 a stop landing after an amo's or sc's
 * store re-ran that instruction (20,000,000 amoadds counted ~20,000,300),
 * so the host clock now stops only at block starts (emu/clock.c).
 */
#include "baremetal/mlib.h"

#define PAGES 16
#define VA    0x70000000UL

#define ATOMICS 4000000UL

/* n amoadd.d then n lr.d/sc.d increments of *w; returns *w (2n if exact). */
static uint64_t atomic_counts(uint64_t *w, uint64_t n)
{
    *w = 0;
    for (uint64_t i = 0; i < n; i++)
        __asm__ volatile("amoadd.d zero, %1, (%0)" : : "r"(w), "r"(1UL) : "memory");
    for (uint64_t i = 0; i < n; i++) {
        uint64_t old, fail;
        __asm__ volatile("1: lr.d %0, (%2)\n"
                         "   addi %0, %0, 1\n"
                         "   sc.d %1, %0, (%2)\n"
                         "   bnez %1, 1b"
                         : "=&r"(old), "=&r"(fail) : "r"(w) : "memory");
    }
    return *w;
}

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
    uint64_t count = atomic_counts((uint64_t *)VA, ATOMICS);
    mprintf("t_storm: %lu atomic increments of %lu\n", count, 2 * ATOMICS);
    CHECK(count == 2 * ATOMICS);
    test_end("t_storm");
}
