/*
 * pal.h — the kernel's CALL_PAL wrappers (docs/pal.md is the reference).
 * Each is one CALL_PAL (call_pal2/call_pal3 in axp64/axp64.h).  None of them
 * can fail except where the return value says so.
 */
#ifndef GUESTOS_PAL_H
#define GUESTOS_PAL_H

#include <stdint.h>
#include "axp64/axp64.h"

static inline _Noreturn void pal_halt(uint64_t status)
{
    call_pal2(PAL_HALT, status, 0);
    for (;;)
        ;
}
/* bugchk: the kernel is broken: the console reports msg, the registers and
 * a backtrace with function names, then halts with status. */
static inline _Noreturn void pal_bugchk(const char *msg, uint64_t status)
{
    call_pal2(PAL_BUGCHK, (uint64_t)msg, status);
    for (;;)
        ;
}
/* swpctx: switch to the PCB at PA pcb (KSP, USP, PTBR, ASN).  Returns the old PCB's PA. */
static inline uint64_t pal_swpctx(uint64_t pcb)    { return call_pal2(PAL_SWPCTX, pcb, 0); }
static inline void     pal_tbi(int64_t sel, uint64_t va) { call_pal2(PAL_TBI, (uint64_t)sel, va); }
static inline void     pal_wrent(void (*fn)(void), int ent) { call_pal2(PAL_WRENT, (uint64_t)fn, (uint64_t)ent); }
/* swpipl: set the IPL, return the previous one. */
static inline unsigned pal_swpipl(unsigned ipl)    { return (unsigned)call_pal2(PAL_SWPIPL, ipl, 0); }
static inline void     pal_wrusp(uint64_t usp)     { call_pal2(PAL_WRUSP, usp, 0); }
static inline uint64_t pal_rpcc(void)              { return call_pal2(PAL_RPCC, 0, 0); }
/* wtint: wait until a clock tick is due, skipping at most max_ticks - 1 more. */
static inline uint64_t pal_wtint(uint64_t max_ticks) { return call_pal2(PAL_WTINT, max_ticks, 0); }
/* imb: make instructions written by stores to [pa, pa + len) visible to
 * instruction fetch (len 0: all of memory). */
static inline void     pal_imb(uint64_t pa, uint64_t len) { call_pal2(PAL_IMB, pa, len); }
/* zero: zero whole frames at PA pa (instant, host memory returned).  0 or -1. */
static inline int64_t  pal_zero(uint64_t pa, uint64_t len) { return (int64_t)call_pal2(PAL_ZERO, pa, len); }
static inline void     pal_putc(int c)             { call_pal2(PAL_CSERVE, CSERVE_PUTC, (uint8_t)c); }
/* Write len bytes at PA pa to the console (AXP64 extension, cserve 3). */
static inline void     pal_puts(uint64_t pa, uint64_t len) { call_pal3(PAL_CSERVE, CSERVE_PUTS, pa, len); }
/* Next input byte, CONSOLE_NONE if nothing is waiting, CONSOLE_EOF at end of input. */
static inline int64_t  pal_getc(void)              { return (int64_t)call_pal2(PAL_CSERVE, CSERVE_GETC, 0); }
/* Block until console input (or its end) is waiting; 1 input, 0 end of input. */
static inline int64_t  pal_waitc(void)             { return (int64_t)call_pal2(PAL_CSERVE, CSERVE_WAIT, 0); }

/* Name user pc of program `name` (AXP64 extension, cserve 5): buf (n bytes,
 * holding the name on entry, at PA buf_pa) gets "func+0x1c (file.c:42)".
 * 0, or -1 if the console has no symbols for it (buf then unspecified). */
static inline int64_t pal_symbol(uint64_t buf_pa, uint64_t n, uint64_t pc)
{
    register uint64_t r_a0 __asm__("a0") = CSERVE_SYMBOL;
    register uint64_t r_a1 __asm__("a1") = buf_pa;
    register uint64_t r_a2 __asm__("a2") = n;
    register uint64_t r_a3 __asm__("a3") = pc;
    register uint64_t r_a7 __asm__("a7") = PAL_CSERVE;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a3), "r"(r_a7) : "memory");
    return (int64_t)r_a0;
}

#endif /* GUESTOS_PAL_H */
