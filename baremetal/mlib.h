/*
 * mlib.h — the runtime of the machine-level test images: PAL wrappers,
 * console output, trap dispatch, frame allocation and page-table building.
 * Test images run in kernel mode, linked in KSEG32 (baremetal/link.ld).
 */
#ifndef MLIB_H
#define MLIB_H

#include <stdbool.h>
#include <stdint.h>
#include "axp64/axp64.h"

/* ---- PAL calls ---- */
#define pal(fn, a0, a1)  call_pal2((fn), (a0), (a1))   /* axp64/axp64.h */
#define halt(s)          pal(PAL_HALT, (s), 0)
#define swpipl(i)        pal(PAL_SWPIPL, (i), 0)
#define rdps()           pal(PAL_RDPS, 0, 0)
#define rpcc()           pal(PAL_RPCC, 0, 0)
#define tbi(sel, va)     pal(PAL_TBI, (uint64_t)(sel), (va))
#define wrent(fn, ent)   pal(PAL_WRENT, (uint64_t)(fn), (ent))
#define swpctx(pcb_pa)   pal(PAL_SWPCTX, (pcb_pa), 0)

/* ---- console ---- */
void mputs(const char *s);
void mprintf(const char *fmt, ...);      /* %s %c %d %u %x %lx %lu %ld %p */

/* ---- checks: print and count; test_end() halts with 0 iff none failed ---- */
extern int test_failures;
#define CHECK(cond) check_((cond), #cond, __FILE__, __LINE__)
void check_(bool ok, const char *what, const char *file, int line);
_Noreturn void test_end(const char *name);

/* ---- traps ---- */
/* A handler gets the PAL's a0..a2 and the trap frame (editable: rti pops it). */
typedef void (*trap_fn)(uint64_t a0, uint64_t a1, uint64_t a2, struct trapframe *f);
void set_handler(int ent, trap_fn fn);   /* also installs the entry with wrent */
extern volatile uint64_t ticks;          /* counted by the default entInt handler */

/* Length of the instruction at pc (readable by the kernel): 2 or 4. */
static inline unsigned insn_len_at(uint64_t pc)
{
    return (*(volatile uint16_t *)pc & 3) == 3 ? 4 : 2;
}

/* ---- memory ---- */
extern const uint8_t *hwrpb;             /* KSEG32 view of the HWRPB */
uint64_t hwrpb_get(unsigned off);
uint64_t frame_alloc(void);              /* PA of a fresh zeroed 8 KiB frame */
uint64_t frame_alloc_nozero(void);       /* the same, contents left as they are */
static inline void *pa_ptr(uint64_t pa) { return (void *)KSEG43_VA(pa); }
/* Map va -> pa in the address space whose L1 table is at l1_pa; flags are PTE
 * bits (V is added).  Creates L2/L3 tables as needed.  Returns the PTE's address. */
uint64_t *pt_map(uint64_t l1_pa, uint64_t va, uint64_t pa, uint64_t flags);
/* The PCB at pcb_pa for an address space: L1 table and ASN. */
void pcb_init(uint64_t pcb_pa, uint64_t l1_pa, unsigned asn, uint64_t ksp);

/* swpctx to pcb_pa keeping the current kernel stack; returns the old PCB PA. */
uint64_t ctx_switch(uint64_t pcb_pa);
/* A fresh address space (L1 table + PCB with ASN asn), switched to.  Returns the L1 PA. */
uint64_t new_space(unsigned asn, uint64_t *pcb_out);
/* Map the image's .utext and .rodata pages at user VA USER_TEXT_VA (URE). */
void map_user_text(uint64_t l1_pa);
#define USER_TEXT_VA 0x10000UL
#define USER_FN(fn) (USER_TEXT_VA + ((uint64_t)(fn) - (uint64_t)__user_text_start))

/* ---- exact-PC helpers: 4-byte memory instructions whose PC is returned ---- */
static inline uint64_t load_at(uint64_t va, uint64_t *pc)
{
    uint64_t v = 0xDEAD, p;
    __asm__ volatile(".option push\n.option norvc\nauipc %1, 0\nld %0, 0x10(%2)\n.option pop"
                     : "+r"(v), "=&r"(p) : "r"(va - 0x10) : "memory");
    *pc = p + 4;
    return v;
}
static inline void store_at(uint64_t va, uint64_t v, uint64_t *pc)
{
    uint64_t p;
    __asm__ volatile(".option push\n.option norvc\nauipc %0, 0\nsd %1, -8(%2)\n.option pop"
                     : "=&r"(p) : "r"(v), "r"(va + 8) : "memory");
    *pc = p + 4;
}
/* Call va as a function (a fetch there may fault; handlers resume at ra). */
static inline void call_at(uint64_t va)
{
    __asm__ volatile("jalr ra, 0(%0)" : : "r"(va) : "ra", "memory");
}

/* ---- a non-idempotent load/store loop (t_restart, t_storm) ---- */
/* xorshift loads and stores over buf[words]: run twice from the same start
 * it gives the same sum only if no iteration ran twice or was skipped. */
static inline uint64_t churn(uint64_t *buf, uint64_t words, uint64_t iters)
{
    uint64_t x = 0x9E3779B97F4A7C15UL, sum = 0;
    for (uint64_t i = 0; i < iters; i++) {
        x ^= x << 13; x ^= x >> 7; x ^= x << 17;
        sum += buf[x % words];
        buf[(x >> 24) % words] = sum + x;
    }
    return sum;
}

/* ---- user mode ---- */
/* Run `entry` in user mode with stack `usp`, until a handler calls user_return(). */
uint64_t run_user(uint64_t entry, uint64_t usp);
_Noreturn void user_return(uint64_t value);
/* Section for code that is mapped into user space (8 KiB aligned in the image). */
#define USER_TEXT __attribute__((section(".text.user"), aligned(8192), noinline))
extern char __user_text_start[], __user_text_end[], __user_ro_end[];
#define KSEG32_TO_PA(va) ((uint64_t)(va) - KSEG32_BASE)

#endif /* MLIB_H */
