/*
 * bench.c — AXP64 benchmark image (boot args: "random N", "compute N",
 * "syscall N").  The loops run in user mode: the random loop over a 64 MiB
 * buffer mapped page by page (GH 0, the TLB's worst case); "syscall" makes N
 * null callsys round trips user -> entSys -> retsys -> user.
 */
#include "baremetal/mlib.h"
#define LOOP_ATTR USER_TEXT
#include "bench/guest/loops.h"

#define BUF_VA   0x10000000UL
#define BUF_SIZE (64UL << 20)
#define ARGS_VA  0x7FFFC000UL
#define SYS_EXIT 93

static inline __attribute__((always_inline)) uint64_t usys(uint64_t n, uint64_t arg)
{
    register uint64_t a0 __asm__("a0") = arg, a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
    return a0;
}

USER_TEXT void user_entry(void)
{
    volatile uint64_t *args = (volatile uint64_t *)ARGS_VA;
    uint64_t mode = args[0], n = args[1], r = 0;

    if (mode == 0)
        r = loop_random((uint64_t *)BUF_VA, BUF_SIZE / 8 - 1, n);
    else if (mode == 1)
        r = loop_compute(n);
    else
        for (uint64_t i = 0; i < n; i++)
            r += usys(0, i);                     /* the null syscall */
    usys(SYS_EXIT, r);
    for (;;)
        ;
}

static void on_sys(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2;
    user_return(f->x[10]);
}

static void on_mm(uint64_t va, uint64_t mmcsr, uint64_t cause, struct trapframe *f)
{
    mprintf("bench: unexpected fault va=%lx mmcsr=%lx cause=%lx pc=%lx\n", va, mmcsr, cause, f->pc);
    halt(1);
}

static uint64_t parse_u(const char *s)
{
    uint64_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10 + (uint64_t)(*s++ - '0');
    return v;
}

extern void ent_sys_fast(void);

int main(void)
{
    const char *args = (const char *)hwrpb + HWRPB_ARGS;
    uint64_t mode = args[0] == 'r' ? 0 : args[0] == 'c' ? 1 : 2, n = 0;
    uint64_t l1 = new_space(1, 0), argf = frame_alloc();

    for (const char *p = args; *p; p++)
        if (*p == ' ') { n = parse_u(p + 1); break; }
    map_user_text(l1);
    pt_map(l1, 0x7FFFE000, frame_alloc(), PTE_URE | PTE_UWE | PTE_KRE | PTE_KWE);
    pt_map(l1, ARGS_VA, argf, PTE_URE | PTE_KRE | PTE_KWE);
    ((uint64_t *)pa_ptr(argf))[0] = mode;
    ((uint64_t *)pa_ptr(argf))[1] = n;
    if (mode == 0) {
        uint64_t base = frame_alloc();              /* then BUF_SIZE contiguous frames */
        for (uint64_t off = PAGE_SIZE; off < BUF_SIZE; off += PAGE_SIZE)
            frame_alloc_nozero();
        pal(PAL_ZERO, base, BUF_SIZE);
        for (uint64_t off = 0; off < BUF_SIZE; off += PAGE_SIZE)
            pt_map(l1, BUF_VA + off, base + off, PTE_URE | PTE_UWE);
    }
    set_handler(ENT_SYS, on_sys);
    set_handler(ENT_MM, on_mm);
    wrent(ent_sys_fast, ENT_SYS);                   /* null syscalls skip C */
    uint64_t r = run_user(USER_FN(user_entry), 0x80000000);
    mprintf("bench %s n=%lu result=%lx\n", args, n, r);
    return 0;
}
