/*
 * t_entries — every exception entry point, with the PAL's a0..a2 and the
 * exact faulting PC (frame) and VA (entMM a0):
 *   entIF   ebreak, c.ebreak (IF_BPT); 4- and 2-byte illegal instructions and
 *           an unknown CALL_PAL (IF_OPCDEC)
 *   entMM   TNV on load/store/fetch, ACV (no KRE, non-canonical VA),
 *           FOR, FOW, FOE, with cause -1/0/1
 *   entUna  misaligned AMO: a0 = VA, a1 = opcode
 *   entInt  clock: a0 = 1, IPL 5 inside the handler
 *   entSys  callsys from user mode with a0..a5 and a7 in the frame
 * entArith is never raised: RISC-V has no arithmetic traps (see docs/pal.md).
 */
#include "baremetal/mlib.h"

static volatile uint64_t ga0, ga1, ga2, gpc, gps, gipl;
static volatile int hits;
static volatile unsigned skip;          /* bytes to skip on return (0: resume at ra) */

static void record(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    ga0 = a0; ga1 = a1; ga2 = a2; gpc = f->pc; gps = f->ps;
    gipl = rdps() & PS_IPL_MASK;
    hits++;
    f->pc = skip ? f->pc + skip : f->x[1];
}

static void expect(const char *what, int n, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t pc)
{
    bool ok = hits == n && ga0 == a0 && ga1 == a1 && ga2 == a2 && gpc == pc;
    mprintf("  %s: a0=%lx a1=%lx a2=%lx pc=%lx %s\n", what, ga0, ga1, ga2, gpc,
            ok ? "ok" : "WRONG");
    CHECK(ok);
    hits = 0;
}

static void test_if(void)
{
    uint64_t pc;
    set_handler(ENT_IF, record);
    skip = 4;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\nebreak\n.option pop" : "=r"(pc));
    expect("ebreak", 1, IF_BPT, 0, 0, pc + 4);
    skip = 2;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\n.option rvc\nc.ebreak\n.option pop" : "=r"(pc));
    expect("c.ebreak", 1, IF_BPT, 0, 0, pc + 4);
    skip = 4;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\n.4byte 0x0000000b\n.option pop" : "=r"(pc));
    expect("illegal (4-byte)", 1, IF_OPCDEC, 0, 0, pc + 4);
    skip = 2;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\n.2byte 0\n.option pop" : "=r"(pc));
    expect("illegal (2-byte)", 1, IF_OPCDEC, 0, 0, pc + 4);
    skip = 4;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\nli a7, 0x2F\necall\n.option pop"
                     : "=r"(pc) : : "a7", "a0");
    expect("unknown CALL_PAL", 1, IF_OPCDEC, 0, 0, pc + 8);
}

static void test_mm(void)
{
    uint64_t l1 = new_space(1, 0), pc;
    uint64_t va = 0x20000000;
    uint64_t *fetch_pte;

    set_handler(ENT_MM, record);
    pt_map(l1, va, frame_alloc(), PTE_KRE | PTE_KWE);
    pt_map(l1, va + 1 * PAGE_SIZE, frame_alloc(), PTE_URE | PTE_UWE);   /* no KRE */
    pt_map(l1, va + 2 * PAGE_SIZE, frame_alloc(), PTE_KRE | PTE_KWE | PTE_FOR);
    pt_map(l1, va + 3 * PAGE_SIZE, frame_alloc(), PTE_KRE | PTE_KWE | PTE_FOW);
    fetch_pte = pt_map(l1, va + 4 * PAGE_SIZE, frame_alloc(), PTE_KRE | PTE_KWE | PTE_FOE);
    *(uint32_t *)pa_ptr(PTE_PFN(*fetch_pte) << PAGE_SHIFT) = 0x00008067;     /* ret */

    skip = 4;
    store_at(va + 0x18, 7, &pc);
    CHECK(hits == 0 && load_at(va + 0x18, &pc) == 7 && hits == 0);
    load_at(0x30000123, &pc);
    expect("TNV load", 1, 0x30000123, MM_TNV, MM_CAUSE_LOAD, pc);
    store_at(0x30002468, 1, &pc);
    expect("TNV store", 1, 0x30002468, MM_TNV, MM_CAUSE_STORE, pc);
    load_at(va + PAGE_SIZE + 0x40, &pc);
    expect("ACV load (no KRE)", 1, va + PAGE_SIZE + 0x40, MM_ACV, MM_CAUSE_LOAD, pc);
    load_at(0x0000100000000008UL, &pc);
    expect("ACV non-canonical", 1, 0x0000100000000008UL, MM_ACV, MM_CAUSE_LOAD, pc);
    load_at(va + 2 * PAGE_SIZE + 8, &pc);
    expect("FOR", 1, va + 2 * PAGE_SIZE + 8, MM_FOR, MM_CAUSE_LOAD, pc);
    CHECK(load_at(va + 3 * PAGE_SIZE + 8, &pc) == 0 && hits == 0);   /* FOW page reads */
    store_at(va + 3 * PAGE_SIZE + 16, 5, &pc);
    expect("FOW", 1, va + 3 * PAGE_SIZE + 16, MM_FOW, MM_CAUSE_STORE, pc);
    skip = 0;                                                           /* resume at ra */
    call_at(va + 4 * PAGE_SIZE);
    expect("FOE", 1, va + 4 * PAGE_SIZE, MM_FOE, (uint64_t)MM_CAUSE_FETCH, va + 4 * PAGE_SIZE);
    call_at(0x30004000);
    expect("TNV fetch", 1, 0x30004000, MM_TNV, (uint64_t)MM_CAUSE_FETCH, 0x30004000);
    *fetch_pte &= ~PTE_FOE;
    tbi(TBI_S, va + 4 * PAGE_SIZE);
    call_at(va + 4 * PAGE_SIZE);                                        /* now it runs */
    CHECK(hits == 0);
}

static void test_una(void)
{
    uint64_t buf = KSEG43_VA(frame_alloc()) + 2, pc;

    set_handler(ENT_UNA, record);
    skip = 4;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\namoadd.w zero, zero, (%1)\n.option pop"
                     : "=&r"(pc) : "r"(buf) : "memory");
    expect("misaligned AMO", 1, buf, 0x2F, 0, pc + 4);
}

static void on_tick(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    ga0 = a0; ga1 = a1; ga2 = a2; gps = f->ps;      /* resume where interrupted */
    gipl = rdps() & PS_IPL_MASK;
    hits++;
}

static void test_int(void)
{
    set_handler(ENT_INT, on_tick);
    uint64_t old = swpipl(0);
    while (!hits)
        ;
    swpipl(old);
    CHECK(ga0 == INT_CLOCK && (gps & PS_IPL_MASK) == 0 && gipl == IPL_CLOCK);
    mprintf("  clock: a0=%lx, IPL %lu inside the handler %s\n", ga0, gipl,
            ga0 == INT_CLOCK && gipl == IPL_CLOCK ? "ok" : "WRONG");
    hits = 0;
}

USER_TEXT void user_callsys(void)
{
    register uint64_t a0 __asm__("a0") = 11, a1 __asm__("a1") = 22, a2 __asm__("a2") = 33;
    register uint64_t a3 __asm__("a3") = 44, a4 __asm__("a4") = 55, a5 __asm__("a5") = 66;
    register uint64_t a7 __asm__("a7") = 93;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7));
    for (;;)
        ;
}

static void sys_handler(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2;
    bool ok = f->x[10] == 11 && f->x[11] == 22 && f->x[12] == 33 && f->x[13] == 44 &&
              f->x[14] == 55 && f->x[15] == 66 && f->x[17] == 93 && (f->ps & PS_CM);
    mprintf("  callsys: a0..a5 = %lu %lu %lu %lu %lu %lu, a7 = %lu, from user mode: %s\n",
            f->x[10], f->x[11], f->x[12], f->x[13], f->x[14], f->x[15], f->x[17],
            ok ? "ok" : "WRONG");
    user_return(ok);
}

static void test_sys(void)
{
    uint64_t l1 = new_space(2, 0);
    map_user_text(l1);
    pt_map(l1, 0x7FFFE000, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    set_handler(ENT_SYS, sys_handler);
    CHECK(run_user(USER_FN(user_callsys), 0x80000000) == 1);
}

int main(void)
{
    mputs("t_entries: every entry point\n");
    test_if();
    test_mm();
    test_una();
    test_int();
    test_sys();
    test_end("t_entries");
}
