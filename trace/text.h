/*
 * text.h — trace events as text: the lines of `trace dump` and of the golden
 * traces, with the machine's codes named (MMCSR codes, causes, exception
 * entries and their arguments, PAL calls) and VLM/OS's system calls decoded
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

/* Names of the machine's codes; "?" for values outside the architecture. */
const char *trace_mmcsr_name(unsigned code);       /* "TNV", ... (MM_*) */
const char *trace_cause_name(int32_t cause);       /* "fetch", "load", "store" */
const char *trace_entry_name(unsigned ent);        /* "entMM", ... (ENT_*) */
const char *trace_pal_name(unsigned fn);           /* "swpctx", ... (PAL_*); NULL if unknown */

/* A PTE's flag bits, VLM/OS's software bits and GH as words ("V KRE URE
 * SW:commit GH=0"), without the PFN, into buf; returns what snprintf does. */
int trace_pte_flags(uint64_t pte, char *b, size_t n);

#endif /* TRACE_TEXT_H */
