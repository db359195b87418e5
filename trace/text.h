/*
 * text.h — trace events as text: the lines of `trace dump` and of the golden
 * traces, with the machine's codes named (axp64/names.h: MMCSR codes, causes,
 * exception entries and their arguments, TBI types) and VLM/OS's system calls decoded
 * (trace/vlmos_info.h).
 */
#ifndef TRACE_TEXT_H
#define TRACE_TEXT_H

#include <stddef.h>
#include "trace/trace.h"

/* One line for record i (no newline): "#I icount=N pc=PC M asn=A TYPE detail". */
void trace_format(const struct trace_rec *r, uint64_t i, char *buf, size_t n);

/* The same with where the pc is ("page_in+0x126 (guestos/vm.c:423)", from
 * code.h) after it: "pc=PC <WHERE>"; where NULL or "" leaves it out.  The
 * detail stays last, as scripts read it. */
void trace_format_at(const struct trace_rec *r, uint64_t i, const char *where, char *buf, size_t n);

/*
 * The normalised line of a record: the same without what moves when code
 * moves but behaviour does not -- no event number, icount or PC, and no
 * physical address or PFN (PTE addresses, PTE frame numbers, PCBs, PTBRs,
 * frames, the PC an RTI returns to).  Types, VAs, levels, PTE flag bits,
 * codes, system calls and results, processes and VLM steps stay.  `trace
 * diff --normalize` and the golden traces compare these.
 */
void trace_format_norm(const struct trace_rec *r, char *buf, size_t n);

/* The machine's codes as words are axp64/names.h's (axp_mmcsr_name, ...). */

#endif /* TRACE_TEXT_H */
