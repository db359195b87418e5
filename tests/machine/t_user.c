/*
 * t_user — user mode through rti, and what user mode may not do:
 *   - rti with PS<CM> enters user mode; callsys arrives at entSys with its
 *     arguments, and retsys returns the value the kernel put in the frame;
 *   - user floating-point registers survive the trap (the kernel is
 *     integer-only, so PAL must not touch them);
 *   - ACV when user code reads KSEG32, KSEG43, a kernel-only page, or writes a
 *     read-only page; the frame's PS says user mode;
 *   - a CSR instruction in user mode is an illegal instruction (entIF OPCDEC).
 */
#include "baremetal/mlib.h"

#define SYS_ADD   1000
#define SYS_DONE  1001
#define DATA_VA   0x20000000UL
#define RO_VA     0x20002000UL
#define KONLY_VA  0x20004000UL

static volatile uint64_t mm_a0, mm_a1, mm_ps;
static volatile int mm_hits, if_hits;

static inline uint64_t usys(uint64_t n, uint64_t a, uint64_t b)
{
    register uint64_t a0 __asm__("a0") = a, a1 __asm__("a1") = b, a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return a0;
}

USER_TEXT void user_main(void)
{
    uint64_t ok = 1;
    uint64_t one_and_half = 0x3FF8000000000000UL, back;     /* 1.5 as a double */
    __asm__ volatile(".option push\n.option arch, +d\nfmv.d.x fs0, %0\n.option pop"
                     : : "r"(one_and_half));
    ok &= usys(SYS_ADD, 40, 2) == 42;
    __asm__ volatile(".option push\n.option arch, +d\nfmv.x.d %0, fs0\n.option pop" : "=r"(back));
    ok &= back == one_and_half;                             /* FP survived the trap */
    ok &= usys(SYS_ADD, 1, 2) == 3;
    *(volatile uint64_t *)DATA_VA = 7;                      /* own page: fine */
    ok &= *(volatile uint64_t *)DATA_VA == 7;
    (void)*(volatile uint64_t *)0xFFFFFFFF80100000UL;       /* KSEG32 -> ACV */
    (void)*(volatile uint64_t *)0xFFFFFC0000100000UL;       /* KSEG43 -> ACV */
    (void)*(volatile uint64_t *)KONLY_VA;                   /* no URE -> ACV */
    *(volatile uint64_t *)RO_VA = 1;                        /* no UWE -> ACV */
    uint64_t c;
    __asm__ volatile(".option push\n.option norvc\ncsrr %0, mstatus\n.option pop" : "=r"(c));
    usys(SYS_DONE, ok, 0);
    for (;;)
        ;
}

static void on_sys(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2;
    CHECK(f->ps & PS_CM);
    CHECK((rdps() & PS_CM) == 0);
    if (f->x[17] == SYS_ADD) {
        f->x[10] = f->x[10] + f->x[11];         /* result goes back through retsys */
        __asm__ volatile("mv sp, %0\nli a7, %1\necall" : : "r"(f), "i"(PAL_RETSYS) : "memory");
    }
    user_return(f->x[10]);
}

static void on_mm(uint64_t va, uint64_t mmcsr, uint64_t cause, struct trapframe *f)
{
    (void)cause;
    mm_a0 = va; mm_a1 = mmcsr; mm_ps = f->ps;
    mm_hits++;
    CHECK(mmcsr == MM_ACV && (f->ps & PS_CM));
    mprintf("  user ACV at %lx\n", va);
    f->pc += insn_len_at(f->pc);                 /* skip the access */
}

static void on_if(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a1; (void)a2;
    if_hits++;
    CHECK(a0 == IF_OPCDEC && (f->ps & PS_CM));
    mprintf("  user CSR access -> entIF OPCDEC at %lx\n", f->pc);
    f->pc += insn_len_at(f->pc);
}

int main(void)
{
    uint64_t l1 = new_space(4, 0);

    map_user_text(l1);
    pt_map(l1, 0x7FFFE000, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    pt_map(l1, DATA_VA, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    pt_map(l1, RO_VA, frame_alloc(), PTE_URE | PTE_KRE);
    pt_map(l1, KONLY_VA, frame_alloc(), PTE_KRE | PTE_KWE);
    set_handler(ENT_SYS, on_sys);
    set_handler(ENT_MM, on_mm);
    set_handler(ENT_IF, on_if);
    uint64_t ok = run_user(USER_FN(user_main), 0x80000000);
    CHECK(ok == 1);
    CHECK(mm_hits == 4 && if_hits == 1);
    mprintf("t_user: syscalls %s, %d ACVs, %d illegal\n", ok == 1 ? "ok" : "WRONG", mm_hits,
            if_hits);
    test_end("t_user");
}
