/*
 * t_broken — a broken kernel gets a machine check (status 125, one line
 * naming the cause), never a loop of nested exceptions or a read of
 * uninitialised state.  The first boot argument picks the bug:
 *   stack   the kernel stack does not map when a load faults (entMM cannot
 *           push its frame; on the old walk convention a TNV read as success
 *           and 81,275 nested entMM deliveries followed)
 *   frame   rti with SP at a trap frame that does not map
 *   pcb     swpctx to a PCB outside RAM
 *   l2      an L1 PTE naming an L2 table outside RAM
 *   entmm   the entMM handler's own page does not map
 *   pc0     a jump to 0 (a null function pointer) with the kernel stack
 *           unmapped: the report is at pc 0, in kernel mode
 * Each scenario reaching its end prints FAIL and halts with 1.
 */
#include "baremetal/mlib.h"

#define UNMAPPED 0x30000000UL            /* a mapped-region VA with no PTE */

static bool arg_is(const char *want)
{
    const char *a = (const char *)hwrpb + HWRPB_ARGV;
    while (*a && *a == *want)
        a++, want++;
    return *a == 0 && *want == 0;
}

static void on_mm(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2; (void)f;
    mputs("t_broken: FAIL (entMM ran)\n");
    halt(1);
}

int main(void)
{
    uint64_t l1 = new_space(3, 0), pc;

    set_handler(ENT_MM, on_mm);
    if (arg_is("stack")) {
        __asm__ volatile("mv sp, %0\nld t0, 0(%1)" : : "r"(UNMAPPED + 0x1000), "r"(UNMAPPED + 0x4000)
                         : "t0", "memory");
    } else if (arg_is("frame")) {
        __asm__ volatile("mv sp, %0\nli a7, %1\necall" : : "r"(UNMAPPED), "i"(PAL_RTI) : "a7", "memory");
    } else if (arg_is("pcb")) {
        swpctx(hwrpb_get(HWRPB_RAMSIZE) + 8 * PAGE_SIZE);
    } else if (arg_is("l2")) {
        uint64_t *l1p = pa_ptr(l1);
        l1p[L1_INDEX(0x400000000UL)] = PTE_V | PTE_KRE | PTE_KWE |
                                       PFN_TO_PTE((hwrpb_get(HWRPB_RAMSIZE) >> PAGE_SHIFT) + 5);
        tbi(TBI_IA, 0);
        load_at(0x400000000UL, &pc);
    } else if (arg_is("entmm")) {
        wrent(UNMAPPED, ENT_MM);
        load_at(UNMAPPED + 0x2000, &pc);
    } else if (arg_is("pc0")) {
        __asm__ volatile("mv sp, %0\njr zero" : : "r"(UNMAPPED + 0x1000) : "memory");
    } else {
        mputs("t_broken: unknown scenario\n");
        halt(2);
    }
    mputs("t_broken: FAIL (still running)\n");
    halt(1);
    return 1;
}
