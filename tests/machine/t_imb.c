/*
 * t_imb — CALL_PAL imb: instruction fetch sees code rewritten by stores.
 * A frame holds "a0 = N; return to the kernel", written through KSEG43 and
 * run in user mode at another address (as VLM/OS loads a program's text).
 * The frame is rewritten with N = 2 and imb (all memory) issued: the next
 * run must return 2; then with N = 3 and imb of just that frame: 3.
 * (Without imb, Unicorn 2.1.1 runs the translation it made for N = 1: that
 * is why VLM/OS's exec issues imb.)
 */
#include "baremetal/mlib.h"

#define CODE_VA  0x40000000UL
#define STACK_VA 0x40100000UL
#define SYS_DONE 1001

/* li a0, n; li a7, SYS_DONE; ecall (12 bytes, no compressed forms). */
static void write_code(uint32_t *p, unsigned n)
{
    p[0] = 0x00000513 | (n << 20);                    /* addi a0, zero, n */
    p[1] = 0x00000893 | (SYS_DONE << 20);             /* addi a7, zero, 1001 */
    p[2] = 0x00000073;                                /* ecall */
}

static void on_sys(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2;
    user_return(f->x[10]);
}

int main(void)
{
    uint64_t l1 = new_space(3, 0), code = frame_alloc(), stack = frame_alloc();

    set_handler(ENT_SYS, on_sys);
    pt_map(l1, CODE_VA, code, PTE_URE | PTE_KRE);
    pt_map(l1, STACK_VA, stack, PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    write_code(pa_ptr(code), 1);
    CHECK(run_user(CODE_VA, STACK_VA + PAGE_SIZE) == 1);
    write_code(pa_ptr(code), 2);                      /* stores, through KSEG43 */
    pal(PAL_IMB, 0, 0);
    uint64_t second = run_user(CODE_VA, STACK_VA + PAGE_SIZE);
    CHECK(second == 2);
    write_code(pa_ptr(code), 3);
    CHECK(pal(PAL_IMB, code, PAGE_SIZE) == 0);        /* just this frame */
    uint64_t third = run_user(CODE_VA, STACK_VA + PAGE_SIZE);
    CHECK(third == 3);
    CHECK(pal(PAL_IMB, hwrpb_get(HWRPB_RAMSIZE), PAGE_SIZE) == (uint64_t)-1);   /* past RAM */
    mprintf("t_imb: rewritten code ran after imb (returned %lu, then %lu)\n", second, third);
    test_end("t_imb");
}
