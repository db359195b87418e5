/*
 * t_demo — the machine-level demo (`make demo`): a tiny kernel that tours
 * the AXP64 machine and says what it does at each step.
 */
#include "baremetal/mlib.h"

#define SYS_WRITE 64
#define SYS_EXIT  93
#define ARRAY_VA  0x20000000UL
#define ARRAY_PAGES 32

static uint64_t l1;
static volatile uint64_t demand_faults;

static inline uint64_t usys(uint64_t n, uint64_t a, uint64_t b, uint64_t c)
{
    register uint64_t a0 __asm__("a0") = a, a1 __asm__("a1") = b, a2 __asm__("a2") = c;
    register uint64_t a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a7) : "memory");
    return a0;
}

USER_TEXT void user_program(void)
{
    static const char hello[] = "  [user] hello from user mode (PS<CM> = 1)\n";
    usys(SYS_WRITE, 1, (uint64_t)hello, sizeof(hello) - 1);
    volatile uint64_t *a = (volatile uint64_t *)ARRAY_VA;
    uint64_t sum = 0;
    for (uint64_t i = 0; i < ARRAY_PAGES * PAGE_SIZE / 8; i += 64)
        a[i] = i;                                   /* first touch: demand-zero faults */
    for (uint64_t r = 0; r < 200; r++)              /* some work, so the clock ticks */
        for (uint64_t i = 0; i < ARRAY_PAGES * PAGE_SIZE / 8; i += 64)
            sum += a[i];
    /* i = 0, 64, ..., 64 * 511: each round sums 64 * (0 + ... + 511) */
    usys(SYS_EXIT, sum == 200UL * 64 * (511 * 512 / 2) ? 0 : 1, 0, 0);
}

static void on_mm(uint64_t va, uint64_t mmcsr, uint64_t cause, struct trapframe *f)
{
    if (mmcsr != MM_TNV || va - ARRAY_VA >= ARRAY_PAGES * PAGE_SIZE) {
        mprintf("  [kernel] unexpected fault va=%lx mmcsr=%lu cause=%ld pc=%lx\n", va, mmcsr,
                (int64_t)cause, f->pc);
        halt(1);
    }
    if (demand_faults++ < 2)
        mprintf("  [kernel] entMM: TNV at %lx (%s), mapping a zeroed frame and retrying\n",
                va, cause == (uint64_t)MM_CAUSE_STORE ? "store" : "load");
    pt_map(l1, va & ~PAGE_MASK, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
}

static void on_sys(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2;
    if (f->x[17] == SYS_WRITE) {
        const char *s = (const char *)f->x[11];       /* same address space: read it */
        for (uint64_t i = 0; i < f->x[12]; i++)
            mprintf("%c", s[i]);
        f->x[10] = f->x[12];
        __asm__ volatile("mv sp, %0\nli a7, %1\necall" : : "r"(f), "i"(PAL_RETSYS) : "memory");
    }
    user_return(f->x[10]);
}

static void show_walk(uint64_t va)
{
    uint64_t *t1 = pa_ptr(l1), *t2, *t3;
    mprintf("  walk of VA %lx: L1[%lu] = %lx", va, L1_INDEX(va), t1[L1_INDEX(va)]);
    t2 = pa_ptr(PTE_PFN(t1[L1_INDEX(va)]) << PAGE_SHIFT);
    mprintf(", L2[%lu] = %lx", L2_INDEX(va), t2[L2_INDEX(va)]);
    t3 = pa_ptr(PTE_PFN(t2[L2_INDEX(va)]) << PAGE_SHIFT);
    mprintf(", L3[%lu] = %lx -> PFN %lx\n", L3_INDEX(va), t3[L3_INDEX(va)],
            PTE_PFN(t3[L3_INDEX(va)]));
}

int main(void)
{
    mprintf("AXP64 demo: an Alpha-style MMU and PAL layer on a RISC-V core\n");
    mprintf("1. Boot: HWRPB at %p: RAM %lu MiB, %lu-byte pages, clock %s, quantum %lu, "
            "ITB %lu / DTB %lu entries\n", hwrpb, hwrpb_get(HWRPB_RAMSIZE) >> 20,
            hwrpb_get(HWRPB_PAGESIZE), hwrpb_get(HWRPB_CLOCK_MODE) ? "host" : "icount",
            hwrpb_get(HWRPB_QUANTUM), hwrpb_get(HWRPB_ITB_SIZE), hwrpb_get(HWRPB_DTB_SIZE));
    mprintf("2. The kernel runs in KSEG32 (pc %p) at IPL %lu; KSEG43 shows all of RAM\n",
            (void *)main, rdps() & PS_IPL_MASK);
    uint64_t pcb;
    l1 = new_space(1, &pcb);
    map_user_text(l1);
    pt_map(l1, 0x7FFFE000, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    mprintf("3. swpctx to PCB at PA %lx: PTBR = PFN %lx, ASN 1; user code mapped at %lx\n",
            pcb, l1 >> PAGE_SHIFT, USER_TEXT_VA);
    show_walk(USER_FN(user_program));
    set_handler(ENT_MM, on_mm);
    set_handler(ENT_SYS, on_sys);
    mprintf("4. rti into user mode; its %u-page array is not mapped yet\n", ARRAY_PAGES);
    uint64_t status = run_user(USER_FN(user_program), 0x80000000);
    mprintf("5. User exit status %lu after %lu demand-zero faults and %lu clock ticks\n",
            status, demand_faults, ticks);
    CHECK(status == 0 && demand_faults == ARRAY_PAGES && ticks > 0);
    mprintf("   (run with --stats to see the ITB/DTB counters)\n");
    test_end("t_demo");
}
