/*
 * tracepoint.h — where the machine records trace events (--trace FILE).
 * Every record gets the icount, the PC, the mode and the ASN of the moment.
 * Records of the TLB fill hook carry the PC of the instruction that made the
 * access (Unicorn 2.1.4 syncs the PC before calling the hook; fault records
 * have the exact PC and VA, recovered at delivery).
 */
#ifndef TRACEPOINT_H
#define TRACEPOINT_H

#include "emu/machine.h"
#include "trace/trace.h"

static inline bool tracing(const struct machine *m)
{
    return m->tracer != NULL;
}

/* Record one event while tracing.  Can't fail. */
void tp_record(struct machine *m, uint64_t pc, uint8_t type, uint64_t va, uint64_t pte,
               uint32_t aux, uint8_t code, uint8_t level);

/* Record one event; a no-op when not tracing.  Inline, so that the
 * syscall, exception and PAL paths pay one test and no call (nor the
 * evaluation of the arguments) in untraced runs.  Can't fail. */
static inline void tp_event(struct machine *m, uint64_t pc, uint8_t type, uint64_t va,
                            uint64_t pte, uint32_t aux, uint8_t code, uint8_t level)
{
    if (tracing(m))
        tp_record(m, pc, type, va, pte, aux, code, level);
}

/* The kernel's PAL_TRACE call: OS events (process create/exit, VLM steps,
 * page-ins).  a[] is a0..a6: the kind, its arguments, and in a6 the PC of
 * the kernel code the event is about (the fault handler, the driver step),
 * which the record gets instead of pc, the PAL call's (a6 = 0: pc). */
void tp_os_event(struct machine *m, uint64_t pc, const uint64_t a[7]);

/* Open the trace (machine_init) / finish it (machine_free).  0 or -1. */
int tp_open(struct machine *m);
int tp_close(struct machine *m);

#endif /* TRACEPOINT_H */
