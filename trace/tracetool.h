/*
 * tracetool.h — what the `alphavlm trace` commands (docs/trace.md, dispatched
 * by tracecmd.c) share: who runs, the filters, the options; and each command.
 */
#ifndef TRACETOOL_H
#define TRACETOOL_H

#include <stdbool.h>
#include "trace/code.h"
#include "trace/trace.h"
#include "trace/vlmos_info.h"                     /* trace_region: view/trender.c draws by region */

#define EXIT_BAD 2                     /* bad input: one line on stderr */

/* Who runs: the pid of the process whose PCB swpctx loaded, from the
 * trace's own PROC_CREATE/SWPCTX records (0 before the first one). */
struct pid_tracker {
    uint64_t pcb[256];
    uint32_t pid[256];
    char name[256][17];
    unsigned n, last;                  /* last: the slot of the latest PROC_CREATE */
    uint32_t current;
};
void pid_track(struct pid_tracker *pt, const struct trace_rec *r);
/* The name of pid: its PROC_NAME, "kernel/idle" for 0, "?" if unknown. */
const char *pid_name(const struct pid_tracker *pt, uint32_t pid);

/* The filters dump, diff and export share.  Events [from, to) that pass
 * every filter set, at most count of them (0: no limit). */
struct filter {
    uint64_t from, to, count;
    uint32_t types;                    /* bit per type, 0 = all */
    int asn, pid;                      /* -1 = any */
    uint64_t va_lo, va_hi;             /* va_hi 0 = any */
};
bool filter_match(const struct filter *f, const struct trace_rec *r, uint32_t pid);

struct opts {
    struct filter f;
    const char *json, *csv;
    bool batch, normalize;
    uint64_t first;                    /* diff: divergences shown in context */
};

/* dump (tracetool.c): the events that pass o's filters, one a line.  0, or
 * 1 if the trace turned out damaged. */
int trace_dump(struct trace_file *tf, const struct opts *o);

/* stats (tracetool.c): TLB misses, MPKI and faults per process and region,
 * the top fault sites.  0, or 1 if the trace turned out damaged. */
int trace_stats(struct trace_file *tf);

/* The stepper (tracestep.c): commands from stdin; batch echoes them.
 * 0, or 1 if the trace turned out damaged. */
int trace_step(struct trace_file *tf, bool batch);

/* diff (tracediff.c): 0 identical, 1 different, 2 unreadable. */
int trace_diff(struct trace_file *a, struct trace_file *b, const struct opts *o);

/* export (traceexport.c): 0, 1 (damaged trace or write error), 2 (bad path). */
int trace_export(struct trace_file *tf, const struct opts *o);

/* The header as the first lines of dump (normalised: without the build
 * ids and the final icount, which move with the code). */
void print_header(const struct trace_file *tf, bool normalized);

#endif /* TRACETOOL_H */
