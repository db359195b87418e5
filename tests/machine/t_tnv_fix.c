/*
 * t_tnv_fix — demand paging at machine level: a load and a store to an
 * invalid page fault with TNV; the handler maps a frame and returns without
 * touching the PC; the retried access succeeds.  Each page faults exactly once.
 */
#include "baremetal/mlib.h"

static uint64_t l1;
static volatile int faults;
static volatile uint64_t last_va;

static void demand_zero(uint64_t va, uint64_t mmcsr, uint64_t cause, struct trapframe *f)
{
    (void)f;
    faults++;
    last_va = va;
    if (mmcsr != MM_TNV || cause == (uint64_t)MM_CAUSE_FETCH) {
        mprintf("FAIL: unexpected fault %lx at %lx\n", mmcsr, va);
        halt(1);
    }
    pt_map(l1, va & ~PAGE_MASK, frame_alloc(), PTE_KRE | PTE_KWE);   /* then rti retries */
}

int main(void)
{
    uint64_t base = 0x40000000, pc;

    l1 = new_space(3, 0);
    set_handler(ENT_MM, demand_zero);
    store_at(base + 0x1238, 0xC0FFEE, &pc);
    CHECK(faults == 1 && last_va == base + 0x1238);
    CHECK(load_at(base + 0x1238, &pc) == 0xC0FFEE && faults == 1);     /* no new fault */
    CHECK(load_at(base + 5 * PAGE_SIZE + 64, &pc) == 0 && faults == 2); /* zero-filled */
    for (uint64_t i = 0; i < 32; i++)
        store_at(base + 0x100000 + i * PAGE_SIZE, i, &pc);
    CHECK(faults == 34);
    uint64_t sum = 0;
    for (uint64_t i = 0; i < 32; i++)
        sum += load_at(base + 0x100000 + i * PAGE_SIZE, &pc);
    CHECK(sum == 31 * 32 / 2 && faults == 34);
    mprintf("t_tnv_fix: %d faults serviced, data intact\n", faults);
    test_end("t_tnv_fix");
}
