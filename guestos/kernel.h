/*
 * kernel.h — VLM/OS basics every kernel file uses: boot information,
 * panic, console printing, string helpers.
 *
 * Error convention (guest kernel, documented once here):
 *   - a broken kernel invariant calls panic("function: reason"): the kernel
 *     prints "vlmos: panic: ..." and halts the machine with PANIC_STATUS;
 *   - a recoverable error returns a negative errno (VE_* of abi/vlmos.h),
 *     which system calls hand to user space unchanged; success is >= 0;
 *   - a guest *process* that misbehaves is killed with a one-line report; the
 *     kernel goes on.
 *
 * The kernel runs in KSEG32 (its image) and reaches every frame through
 * KSEG43 (PA_TO_KVA); it never touches user virtual addresses directly:
 * copyin/copyout (vm.h) walk the page tables in software.
 */
#ifndef GUESTOS_KERNEL_H
#define GUESTOS_KERNEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "axp64/axp64.h"
#include "guestos/abi/vlmos.h"

#define PANIC_STATUS 255          /* halt status of a kernel panic */
#define NELEM(a)     (sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)    ((a) < (b) ? (a) : (b))
#define MAX(a, b)    ((a) > (b) ? (a) : (b))
#define ROUNDUP(x, a)   (((x) + (a) - 1) & ~((uint64_t)(a) - 1))
#define ROUNDDOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
#define PA_TO_KVA(pa)   ((void *)KSEG43_VA(pa))
#define KVA_TO_PA(p)    ((uint64_t)(p) - KSEG43_BASE)   /* only for KSEG43 pointers */
#define KSEG32_TO_PA(p) ((uint64_t)(p) - KSEG32_BASE)   /* kernel image addresses */
#define PFN_TO_KVA(pfn) PA_TO_KVA((uint64_t)(pfn) << PAGE_SHIFT)

/* What the HWRPB told the kernel at boot (main.c fills it; read-only after). */
struct bootinfo {
    uint64_t ram_size;
    uint64_t initrd_pa, initrd_size;
    uint64_t proc_limit;          /* bytes */
    uint64_t clock_mode;          /* 0 icount, 1 host */
    uint64_t quantum;             /* instructions per clock tick */
    uint64_t kernel_end;          /* first PA after the image */
    bool     console_tty;         /* echo typed characters */
    bool     tracing;             /* a trace is recorded: report OS events (ktrace) */
    const char *args;             /* boot argument string */
    const char *argv;             /* first program: NUL-separated strings */
};
extern struct bootinfo boot;

/* ---- panic and printing (kprintf.c) ---------------------------------- */
_Noreturn void panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Branch hints for loops that run once a page (fork, exit): the expected
 * path falls through, without a jump, so it runs as fewer translated blocks. */
#define likely(c)   __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)
#define KASSERT(c) do { if (!(c)) panic("%s:%d: assertion failed: %s", __FILE__, __LINE__, #c); } while (0)
/* Formats %d %i %u %x %X %s %c %p %%, with l/ll/z sizes, width, '-', '0' and '#'.
 * Truncates to n - 1 bytes; returns the length it wanted.  Can't fail. */
int  kvsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int  ksnprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Print to the console (at most 256 bytes a call).  Can't fail. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- string.c: freestanding libc subset (gcc may call these too) ----- */
void  *memcpy(void *d, const void *s, size_t n);
void  *memmove(void *d, const void *s, size_t n);
void  *memset(void *d, int c, size_t n);
int    memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int    strcmp(const char *a, const char *b);
int    strncmp(const char *a, const char *b, size_t n);
/* Copy at most n - 1 bytes and NUL-terminate (n > 0); returns strlen(src). */
size_t strlcpy(char *d, const char *s, size_t n);
/* First occurrence of needle in hay, or NULL. */
char  *strstr(const char *hay, const char *needle);
/* The part of path after its last '/'. */
const char *path_basename(const char *path);

/* PA of a kernel pointer (KSEG32 image or KSEG43 frame); panics otherwise. */
uint64_t kptr_to_pa(const void *p);

/* ---- console.c -------------------------------------------------------- */
/* Write len bytes to the console.  Can't fail. */
void console_write(const char *s, size_t len);
/* Move waiting host input into the input buffer, echoing if boot.console_tty
 * and waking readers.  Called from the idle loop and the clock.  Can't fail. */
void console_poll(void);
/* True if a process sleeps in console_read (the idle loop then waits for input). */
bool console_has_readers(void);
/* True when the host's input has ended and the buffer is empty. */
bool console_at_eof(void);

/* ---- trace events (the emulator's --trace) ---------------------------- */
/* Report an OS event (kind: TRACE_OS_* of axp64/axp64.h, with its arguments
 * there) to a trace being recorded; nothing otherwise. */
void ktrace(uint64_t kind, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);
/* The same, with the PC the event is about (a6 of PAL_TRACE): ktrace passes
 * its caller's, so the trace shows the fault handler or the driver step, not
 * this helper.  A helper that reports for its own caller passes
 * KTRACE_CALLER() from there. */
void ktrace_at(uint64_t pc, uint64_t kind, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
               uint64_t a5);
/* The call instruction that called the current function (its return address
 * less 4: a jal or the jalr of a call pair, both 4 bytes). */
#define KTRACE_CALLER() ((uint64_t)__builtin_return_address(0) - 4)

/* ---- time ------------------------------------------------------------ */
#define NS_PER_CYCLE 10           /* rpcc units: one instruction = 10 ns (100 MIPS) */
extern volatile uint64_t ticks;   /* clock interrupts so far */
static inline uint64_t time_ns(uint64_t cycles) { return cycles * NS_PER_CYCLE; }
/* The cycles that cover ns: a timeout never ends early. */
static inline uint64_t ns_cycles(uint64_t ns) { return ns / NS_PER_CYCLE + (ns % NS_PER_CYCLE != 0); }

#endif /* GUESTOS_KERNEL_H */
