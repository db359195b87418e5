/*
 * mlib.c — see mlib.h.
 */
#include <stdarg.h>
#include "baremetal/mlib.h"

extern char _end[];
extern void ent_int(void), ent_arith(void), ent_mm(void), ent_if(void), ent_una(void),
            ent_sys(void);
int main(void);

const uint8_t *hwrpb;
int test_failures;
static uint64_t next_frame;
static trap_fn handlers[ENT_COUNT];
static void (*const stubs[ENT_COUNT])(void) = { ent_int, ent_arith, ent_mm, ent_if, ent_una,
                                                 ent_sys };

void mzero(void *p, uint64_t n)
{
    for (uint8_t *b = p; n--; )
        *b++ = 0;
}

static void mputc(char c)
{
    pal(PAL_CSERVE, CSERVE_PUTC, (uint8_t)c);
}

void mputs(const char *s)
{
    while (*s)
        mputc(*s++);
}

static void putnum(uint64_t v, unsigned base, bool neg)
{
    char buf[24];
    int i = 0;
    if (neg)
        mputc('-');
    do {
        buf[i++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (i)
        mputc(buf[--i]);
}

void mprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') { mputc(*fmt); continue; }
        bool lng = fmt[1] == 'l';
        if (lng) fmt++;
        switch (*++fmt) {
        case 's': mputs(va_arg(ap, const char *)); break;
        case 'c': mputc((char)va_arg(ap, int)); break;
        case 'x': putnum(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, false); break;
        case 'p': mputs("0x"); putnum((uint64_t)va_arg(ap, void *), 16, false); break;
        case 'u': putnum(lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, false); break;
        case 'd': {
            int64_t v = lng ? va_arg(ap, int64_t) : va_arg(ap, int);
            putnum(v < 0 ? (uint64_t)-v : (uint64_t)v, 10, v < 0);
            break;
        }
        default: mputc('%'); mputc(*fmt); break;
        }
    }
    va_end(ap);
}

void check_(bool ok, const char *what, const char *file, int line)
{
    if (ok)
        return;
    test_failures++;
    mprintf("FAIL: %s:%d: %s\n", file, line, what);
}

_Noreturn void test_end(const char *name)
{
    mprintf("%s: %s\n", name, test_failures ? "FAIL" : "PASS");
    halt(test_failures ? 1 : 0);
    for (;;)
        ;
}

void set_handler(int ent, trap_fn fn)
{
    handlers[ent] = fn;
    wrent(stubs[ent], ent);
}

static const char *const ent_names[ENT_COUNT] = { ENT_NAMES };

void trap_dispatch(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f, uint64_t ent)
{
    if (ent < ENT_COUNT && handlers[ent]) {
        handlers[ent](a0, a1, a2, f);
        return;
    }
    mprintf("FAIL: unexpected %s a0=%lx a1=%lx a2=%lx pc=%lx\n",
            ent < ENT_COUNT ? ent_names[ent] : "?", a0, a1, a2, f->pc);
    halt(1);
}

uint64_t hwrpb_get(unsigned off)
{
    return *(const uint64_t *)(hwrpb + off);
}

uint64_t frame_alloc_nozero(void)
{
    uint64_t pa = next_frame;
    next_frame += PAGE_SIZE;
    return pa;
}

uint64_t frame_alloc(void)
{
    uint64_t pa = frame_alloc_nozero();
    mzero(pa_ptr(pa), PAGE_SIZE);
    return pa;
}

static uint64_t *next_table(uint64_t *pte)
{
    if (!(*pte & PTE_V))
        *pte = PFN_TO_PTE(frame_alloc() >> PAGE_SHIFT) | PTE_V | PTE_KRE | PTE_KWE;
    return pa_ptr(PTE_PFN(*pte) << PAGE_SHIFT);
}

uint64_t *pt_map(uint64_t l1_pa, uint64_t va, uint64_t pa, uint64_t flags)
{
    uint64_t *l1 = pa_ptr(l1_pa);
    uint64_t *l2 = next_table(&l1[L1_INDEX(va)]);
    uint64_t *l3 = next_table(&l2[L2_INDEX(va)]);
    uint64_t *pte = &l3[L3_INDEX(va)];
    *pte = PFN_TO_PTE(pa >> PAGE_SHIFT) | flags | PTE_V;
    return pte;
}

void pcb_init(uint64_t pcb_pa, uint64_t l1_pa, unsigned asn, uint64_t ksp)
{
    uint64_t *p = pa_ptr(pcb_pa);
    mzero(p, PCB_SIZE);
    p[PCB_KSP / 8] = ksp;
    p[PCB_PTBR / 8] = l1_pa >> PAGE_SHIFT;
    *(uint32_t *)((uint8_t *)p + PCB_ASN) = asn;
}

uint64_t new_space(unsigned asn, uint64_t *pcb_out)
{
    uint64_t l1 = frame_alloc(), pcb = frame_alloc();
    pcb_init(pcb, l1, asn, 0);
    ctx_switch(pcb);
    if (pcb_out)
        *pcb_out = pcb;
    return l1;
}

void map_user_text(uint64_t l1_pa)
{
    for (char *p = __user_text_start; p < __user_ro_end; p += PAGE_SIZE)
        pt_map(l1_pa, USER_FN(p), KSEG32_TO_PA(p), PTE_URE | PTE_KRE);
}

volatile uint64_t ticks;

static void count_tick(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f)
{
    (void)a0; (void)a1; (void)a2; (void)f;
    ticks++;
}

void mlib_main(const uint8_t *hw)
{
    hwrpb = hw;
    set_handler(ENT_INT, count_tick);         /* user mode runs at IPL 0 */
    next_frame = hwrpb_get(HWRPB_KERNEL_END) + 16 * PAGE_SIZE;
    halt((uint64_t)main());
}
