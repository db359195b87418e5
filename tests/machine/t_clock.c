/*
 * t_clock — clock interrupts at instruction counts.  With --quantum 5000
 * each tick arrives between 5000 and 5000 + one block of instructions after
 * the previous one; the instruction clock (PAL rpcc) is printed at every
 * tick, so two runs must print identical lines (the runner compares them).
 * wtint skips virtual time to the next tick.  Run it with --quantum 5000.
 */
#include "baremetal/mlib.h"

#define NTICKS 20
static volatile uint64_t at[NTICKS];
static volatile int n;

static void on_tick(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a1; (void)a2; (void)f;
    CHECK(a0 == INT_CLOCK);
    if (n < NTICKS)
        at[n++] = rpcc();
}

int main(void)
{
    uint64_t q = hwrpb_get(HWRPB_QUANTUM);
    volatile uint64_t work = 0;

    set_handler(ENT_INT, on_tick);
    swpipl(0);
    while (n < NTICKS / 2)
        work += n * 3 + 1;                   /* compute between ticks */
    while (n < NTICKS)
        pal(PAL_WTINT, 0, 0);                /* idle: time jumps to the tick */
    swpipl(IPL_MAX);
    for (int i = 0; i < NTICKS; i++)
        mprintf("tick %d at instruction %lu\n", i, at[i]);
    for (int i = 1; i < NTICKS; i++) {
        uint64_t d = at[i] - at[i - 1];
        CHECK(d >= q - 64 && d <= q + 600);  /* late by at most a block + handler */
    }
    CHECK(q == 5000);
    test_end("t_clock");
}
