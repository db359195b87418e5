/*
 * vlmos.h — what the trace tools know about VLM/OS, in one place: its user
 * address-space layout (regions), its system calls and their arguments and
 * its errno names (its PTE software bits are named with the PTE's others, in
 * axp64/names.c).  Everything else in trace/ is about the machine (AXP64)
 * and would read another kernel's traces as well.
 */
#ifndef TRACE_VLMOS_H
#define TRACE_VLMOS_H

#include <stddef.h>
#include <stdint.h>

/* Regions of a VA (stats' per-region table). */
enum { RG_NULL, RG_IMAGE, RG_HIGH, RG_STACK, RG_VLM, RG_KSEG32, RG_KSEG43, RG_OTHER, RG_N };

/* The region of va (RG_*), and the regions' names ("user stack", ...):
 * the rows of `trace stats` and of `trace render`'s heat map.  Can't fail. */
int trace_region(uint64_t va);
extern const char *const trace_region_name[RG_N];

/* The name of system call nr ("write", "valloc", ...), or NULL if VLM/OS
 * has none by that number. */
const char *os_syscall_name(uint32_t nr);

/* "write(fd=1, buf=0x1f000)": the call with its first two arguments (the
 * ones a trace records) decoded, into buf.  Can't fail (truncates). */
void os_syscall_call(uint32_t nr, uint64_t a0, uint64_t a1, char *buf, size_t n);

/* "3", "0x10000000000" (addresses), or "-ENOMEM" (an error): a result of
 * call nr, into buf.  Can't fail (truncates). */
void os_syscall_result(uint32_t nr, int64_t result, char *buf, size_t n);

/* "ENOMEM" for a VLM/OS errno value, or NULL. */
const char *os_errno_name(int64_t err);

#endif /* TRACE_VLMOS_H */
