/*
 * tracetool.h — `alphavlm trace dump|step|diff|stats|export` (docs/trace.md).
 */
#ifndef TRACETOOL_H
#define TRACETOOL_H

#include "trace.h"

/* argv[0] is "trace".  Returns the exit status: 0; 1 for diff when the
 * traces differ; 2 for bad input (one line on stderr). */
int trace_main(int argc, char **argv);

/* The stepper (tracestep.c): commands from stdin; batch echoes them. */
int trace_step(struct trace_file *tf, bool batch);

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
const char *pid_name(const struct pid_tracker *pt, uint32_t pid);

/* A PTE's bits in words ("V KRE URE ... GH=0 PFN=0x12"), VLM/OS's
 * software bits included, into b (NUL-terminated, truncated to n).  Shared
 * by the stepper's walk and the gdb stub's `monitor info pt`. */
void pte_flags(uint64_t pte, char *b, size_t n);

#endif /* TRACETOOL_H */
