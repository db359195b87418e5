/*
 * budget.c — the frame budgets (see budget.h).  The kernel is not
 * preemptive, so a charge and the allocation it pays for cannot be split by
 * another process.
 */
#include "guestos/budget.h"
#include "guestos/frames.h"

static uint64_t g_limit, g_total, g_charge[VB_NKINDS];

_Static_assert(VB_NKINDS <= VAUDIT_BUDGETS, "every budget has a memaudit slot");

void budget_init(uint64_t frames)
{
    g_limit = frames;
}

static void check_kind(int kind, const char *fn)
{
    if (kind < 0 || kind >= VB_NKINDS)
        panic("%s: no budget %d", fn, kind);
}

int budget_charge(int kind, uint64_t n)
{
    check_kind(kind, "budget_charge");
    if (n > g_limit - g_total)
        return -VE_NOMEM;
    g_total += n;
    g_charge[kind] += n;
    return 0;
}

void budget_uncharge(int kind, uint64_t n)
{
    check_kind(kind, "budget_uncharge");
    if (n > g_charge[kind])
        panic("budget_uncharge: %lu frames of budget %d, only %lu charged",
              (unsigned long)n, kind, (unsigned long)g_charge[kind]);
    g_charge[kind] -= n;
    g_total -= n;
}

uint64_t budget_frame_alloc(int kind, int state, uint32_t owner)
{
    uint64_t pfn;

    if (budget_charge(kind, 1))
        return 0;
    if (!(pfn = frame_alloc(state, owner)))
        budget_uncharge(kind, 1);
    return pfn;
}

void budget_frame_free(int kind, uint64_t pfn)
{
    frame_free(pfn);
    budget_uncharge(kind, 1);
}

uint64_t budget_limit(void)       { return g_limit; }
uint64_t budget_total(void)       { return g_total; }
uint64_t budget_charged(int kind)
{
    check_kind(kind, "budget_charged");
    return g_charge[kind];
}
