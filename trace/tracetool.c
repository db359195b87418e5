/*
 * tracetool.c — what the trace commands share (who runs, the filters, the
 * header), dump and stats.  The dispatch and the options are tracecmd.c,
 * the stepper tracestep.c, diff tracediff.c, export traceexport.c.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "axp64/axp64.h"
#include "trace/text.h"
#include "trace/tracetool.h"
#include "trace/vlmos_info.h"

/* ---- who runs ------------------------------------------------------------------ */

void pid_track(struct pid_tracker *pt, const struct trace_rec *r)
{
    unsigned i;

    if (r->type == TR_PROC_CREATE) {
        for (i = 0; i < pt->n && pt->pcb[i] != r->pte; i++)
            ;
        if (i == pt->n && pt->n < 256)
            pt->n++;
        if (i < 256) {
            pt->pcb[i] = r->pte;
            pt->pid[i] = r->aux;
            pt->name[i][0] = 0;
            pt->last = i;
        }
    } else if (r->type == TR_PROC_NAME && pt->n) {
        trace_proc_name(r, pt->name[pt->last]);
    } else if (r->type == TR_SWPCTX) {
        pt->current = 0;
        for (i = 0; i < pt->n; i++)
            if (pt->pcb[i] == r->va)
                pt->current = pt->pid[i];
    }
}

const char *pid_name(const struct pid_tracker *pt, uint32_t pid)
{
    for (unsigned i = pt->n; i-- > 0; )
        if (pt->pid[i] == pid && pt->name[i][0])
            return pt->name[i];
    return pid ? "?" : "kernel/idle";
}

/* ---- options ------------------------------------------------------------------- */

bool filter_match(const struct filter *f, const struct trace_rec *r, uint32_t pid)
{
    if (f->types && !(f->types & (1u << r->type)))
        return false;
    if (f->asn >= 0 && r->asn != f->asn)
        return false;
    if (f->pid >= 0 && pid != (uint32_t)f->pid)
        return false;
    return !f->va_hi || (r->va >= f->va_lo && r->va < f->va_hi);
}

/* ---- dump ------------------------------------------------------------------------- */

void print_header(const struct trace_file *tf, bool normalized)
{
    const struct trace_header *h = &tf->hd;
    if (normalized)
        printf("# alphavlm trace v%u: %" PRIu64 " events, exit status %d\n", h->version,
               h->records, h->exit_status);
    else
        printf("# alphavlm trace v%u: %" PRIu64 " events, final icount %" PRIu64 ", exit status %d\n",
               h->version, h->records, h->final_icount, h->exit_status);
    printf("# ram %" PRIu64 " MiB, limit %" PRIu64 " MiB, %s clock, quantum %" PRIu64
           ", %s TLB, ITB %u DTB %u", h->ram_size >> 20, h->proc_limit >> 20,
           h->clock_mode ? "host" : "icount", h->quantum, h->tlb_policy ? "fast" : "exact",
           h->itb_size, h->dtb_size);
    if (!normalized)
        printf(", kernel %016" PRIx64 ", initrd %016" PRIx64, h->kernel_id, h->initrd_id);
    printf("\n# argv: %.*s\n", TRACE_ARGV_MAX, h->argv);
}

int trace_dump(struct trace_file *tf, const struct opts *o)
{
    struct pid_tracker pt = { 0 };
    struct traced_code code;
    struct trace_rec r;
    char line[512], where[256];
    uint64_t shown = 0;

    if (!o->normalize)
        code_open(&code, &tf->hd);
    print_header(tf, o->normalize);
    for (uint64_t i = 0; i < tf->hd.records && i < o->f.to; i++) {
        if (trace_read(tf, i, &r))
            return o->normalize ? 1 : (code_close(&code), 1);
        pid_track(&pt, &r);
        if (i < o->f.from || !filter_match(&o->f, &r, pt.current))
            continue;
        if (o->normalize) {
            trace_format_norm(&r, line, sizeof(line));
            printf("%s\n", line);
        } else {
            code_describe(&code, r.pc, pid_name(&pt, pt.current), where, sizeof(where));
            trace_format_at(&r, i, where, line, sizeof(line));
            printf("%s\n", line);
        }
        if (o->f.count && ++shown == o->f.count)
            break;
    }
    if (!o->normalize)
        code_close(&code);
    return 0;
}

/* ---- stats ----------------------------------------------------------------------------- */

#define MAX_PIDS 1024

struct counts {
    uint64_t insns, itb, dtb, faults[5], syscalls, exceptions;
};

static void count(struct counts *c, const struct trace_rec *r)
{
    if (r->type == TR_TLB_MISS)
        *(r->aux ? &c->dtb : &c->itb) += 1;
    else if (r->type == TR_FAULT && r->code < 5)
        c->faults[r->code]++;
    else if (r->type == TR_SYSCALL)
        c->syscalls++;
    else if (r->type == TR_EXC)
        c->exceptions++;
}

/* Misses per 1000 instructions, as text ("-" without instructions). */
static const char *mpki(uint64_t misses, uint64_t insns, char *b, size_t n)
{
    if (!insns)
        return "-";
    snprintf(b, n, "%.3f", 1000.0 * (double)misses / (double)insns);
    return b;
}

/* One table row: a process's own instructions, or (a region) the run's. */
static void print_counts(const char *what, const struct counts *c, uint64_t insns, bool per_process)
{
    char i1[32], i2[32];
    printf("  %-24s %10" PRIu64 " %10" PRIu64 " %9s %9s %7" PRIu64 " %7" PRIu64, what, c->itb, c->dtb,
           mpki(c->itb, insns, i1, sizeof(i1)), mpki(c->dtb, insns, i2, sizeof(i2)),
           c->faults[0], c->faults[1]);
    if (per_process)
        printf(" %12" PRIu64 " %8" PRIu64 " %7" PRIu64, c->insns, c->syscalls, c->exceptions);
    printf("\n");
}

/* Count every event for its process (the one whose PCB swpctx loaded: it
 * gets the instructions until the next swpctx, the kernel's on its behalf
 * included) and its region.  0, or 1 if the trace is damaged. */
static int tally(struct trace_file *tf, struct pid_tracker *pt, struct counts *per_pid,
                 struct counts *per_region, struct counts *all)
{
    struct trace_rec r;
    uint64_t since = 0;

    for (uint64_t i = 0; i < tf->hd.records; i++) {
        if (trace_read(tf, i, &r))
            return 1;
        if (r.type == TR_SWPCTX) {
            per_pid[pt->current % MAX_PIDS].insns += r.icount - since;
            since = r.icount;
        }
        pid_track(pt, &r);
        count(&per_pid[pt->current % MAX_PIDS], &r);
        count(all, &r);
        if (r.type == TR_TLB_MISS || r.type == TR_FAULT)
            count(&per_region[trace_region(r.va)], &r);
    }
    if (tf->hd.final_icount >= since)
        per_pid[pt->current % MAX_PIDS].insns += tf->hd.final_icount - since;
    all->insns = tf->hd.final_icount;
    return 0;
}

/* ---- where faults happen ------------------------------------------------------ */

#define MAX_SITES 4096

struct site { uint64_t pc; uint32_t pid, faults; };

/* Count each FAULT at its (process, pc); sites past MAX_SITES are not
 * tallied (the table says how many events it left out). */
static void count_site(struct site *s, unsigned *n, uint64_t *left, uint64_t pc, uint32_t pid)
{
    unsigned i;
    for (i = 0; i < *n && (s[i].pc != pc || s[i].pid != pid); i++)
        ;
    if (i == MAX_SITES) {
        ++*left;
        return;
    }
    if (i == *n)
        s[(*n)++] = (struct site){ .pc = pc, .pid = pid };
    s[i].faults++;
}

static int by_faults(const void *a, const void *b)
{
    const struct site *x = a, *y = b;
    return x->faults != y->faults ? (x->faults < y->faults ? 1 : -1) : (x->pc > y->pc) - (x->pc < y->pc);
}

/* The code that faults most, named (function+offset, file:line). */
static int print_sites(struct trace_file *tf)
{
    static struct site sites[MAX_SITES];
    struct pid_tracker pt = { 0 };
    struct traced_code code;
    struct trace_rec r;
    unsigned n = 0;
    uint64_t left = 0;
    char where[256];

    for (uint64_t i = 0; i < tf->hd.records; i++) {
        if (trace_read(tf, i, &r))
            return 1;
        pid_track(&pt, &r);
        if (r.type == TR_FAULT)
            count_site(sites, &n, &left, r.pc, pt.current);
    }
    qsort(sites, n, sizeof(sites[0]), by_faults);
    code_open(&code, &tf->hd);
    printf("\n  %-24s %7s  %s\n", "faults by code (top 10)", "faults", "where");
    for (unsigned i = 0; i < n && i < 10; i++) {
        char who[48];
        snprintf(who, sizeof(who), "pid %u (%s)", sites[i].pid, pid_name(&pt, sites[i].pid));
        if (code_describe(&code, sites[i].pc, pid_name(&pt, sites[i].pid), where, sizeof(where)))
            snprintf(where, sizeof(where), "%#" PRIx64, sites[i].pc);
        printf("  %-24s %7u  %s\n", who, sites[i].faults, where);
    }
    if (left)
        printf("  (%" PRIu64 " faults at more than %d sites not tallied)\n", left, MAX_SITES);
    code_close(&code);
    return 0;
}

int trace_stats(struct trace_file *tf)
{
    static struct counts per_pid[MAX_PIDS], per_region[RG_N];
    struct counts all = { 0 };
    struct pid_tracker pt = { 0 };
    const char *cols = "%10s %10s %9s %9s %7s %7s";

    memset(per_pid, 0, sizeof(per_pid));
    memset(per_region, 0, sizeof(per_region));
    if (tally(tf, &pt, per_pid, per_region, &all))
        return 1;
    print_header(tf, false);
    printf("\nexact TLB misses (every model miss is recorded) and misses per 1000 instructions (MPKI):\n");
    printf("\n  %-24s ", "process");
    printf(cols, "ITB miss", "DTB miss", "ITB MPKI", "DTB MPKI", "TNV", "ACV");
    printf(" %12s %8s %7s\n", "instructions", "syscalls", "exc");
    for (uint32_t p = 0; p < MAX_PIDS; p++)
        if (memcmp(&per_pid[p], &(struct counts){ 0 }, sizeof(struct counts))) {
            char what[48];
            snprintf(what, sizeof(what), "pid %u (%s)", p, pid_name(&pt, p));
            print_counts(what, &per_pid[p], per_pid[p].insns, true);
        }
    print_counts("all", &all, all.insns, true);
    printf("\n  %-24s ", "region (MPKI of the run)");
    printf(cols, "ITB miss", "DTB miss", "ITB MPKI", "DTB MPKI", "TNV", "ACV");
    printf("\n");
    for (int g = 0; g < RG_N; g++)
        if (per_region[g].itb || per_region[g].dtb || per_region[g].faults[0] || per_region[g].faults[1])
            print_counts(trace_region_name[g], &per_region[g], all.insns, false);
    if (print_sites(tf))
        return 1;
    printf("\nNo hit rate: QEMU's own TLB answers most lookups before the model sees them,\n"
           "so hits are not counted exactly (docs/trace.md).\n");
    return 0;
}
