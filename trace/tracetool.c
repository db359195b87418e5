/*
 * tracetool.c — `alphavlm trace ...`: options, dump, stats and the dispatch
 * (the stepper is tracestep.c, diff tracediff.c, export traceexport.c).
 * Bad input is one line on stderr and status 2.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "axp64/axp64.h"
#include "trace/text.h"
#include "trace/tracetool.h"
#include "trace/vlmos_info.h"

static int usage_error(const char *msg)
{
    fprintf(stderr, "alphavlm trace: %s (try alphavlm --help)\n", msg);
    return EXIT_BAD;
}

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

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    *v = strtoull(s, &end, 0);
    return errno || end == s || *end || *s == '-' ? -1 : 0;
}

static int parse_range(const char *s, uint64_t *lo, uint64_t *hi)
{
    char buf[64], *dash;
    if (strlen(s) >= sizeof(buf))
        return -1;
    strcpy(buf, s);
    if (!(dash = strchr(buf, '-')))
        return -1;
    *dash = 0;
    return parse_u64(buf, lo) || parse_u64(dash + 1, hi) || *hi <= *lo ? -1 : 0;
}

enum { F_FROM = 300, F_TO, F_COUNT, F_TYPE, F_ASN, F_PID, F_VA, F_JSON, F_CSV, F_BATCH,
       F_NORM, F_FIRST };

static const struct option options[] = {
    { "from", 1, 0, F_FROM }, { "to", 1, 0, F_TO }, { "count", 1, 0, F_COUNT },
    { "type", 1, 0, F_TYPE }, { "asn", 1, 0, F_ASN }, { "pid", 1, 0, F_PID },
    { "va", 1, 0, F_VA }, { "json", 1, 0, F_JSON }, { "csv", 1, 0, F_CSV },
    { "batch", 0, 0, F_BATCH }, { "normalize", 0, 0, F_NORM }, { "first", 1, 0, F_FIRST },
    { 0, 0, 0, 0 } };

/* Which command takes which option: every other one is refused (status 2),
 * never silently ignored. */
#define FILTERS "from,to,count,type,asn,pid,va,"
static const struct { const char *cmd, *takes; } takes[] = {
    { "dump", FILTERS "normalize," }, { "diff", FILTERS "normalize,first," },
    { "export", FILTERS "json,csv," }, { "step", "batch," }, { "stats", "" },
};

static int check_takes(const char *cmd, int c)
{
    char want[16];
    const struct option *o = options;

    while (o->name && o->val != c)
        o++;
    snprintf(want, sizeof(want), "%s,", o->name ? o->name : "?");
    for (size_t k = 0; k < sizeof(takes) / sizeof(takes[0]); k++)
        if (!strcmp(takes[k].cmd, cmd) && !strstr(takes[k].takes, want)) {
            char msg[96];
            snprintf(msg, sizeof(msg), "%s does not take --%s", cmd, o->name);
            return usage_error(msg);
        }
    return 0;
}

static int apply_opt(struct opts *o, int c, const char *v)
{
    uint64_t n;
    switch (c) {
    case F_FROM:  return parse_u64(v, &o->f.from) ? usage_error("--from: expected an event number") : 0;
    case F_TO:    return parse_u64(v, &o->f.to) ? usage_error("--to: expected an event number") : 0;
    case F_COUNT: return parse_u64(v, &o->f.count) ? usage_error("--count: expected a number") : 0;
    case F_FIRST: return parse_u64(v, &o->first) ? usage_error("--first: expected a number") : 0;
    case F_TYPE:  return trace_types_parse(v, &o->f.types) ? usage_error("--type: unknown event type") : 0;
    case F_ASN:   if (parse_u64(v, &n) || n > 255) return usage_error("--asn: expected 0..255");
                  o->f.asn = (int)n; return 0;
    case F_PID:   if (parse_u64(v, &n) || n > 0x7FFFFFFF) return usage_error("--pid: expected a pid");
                  o->f.pid = (int)n; return 0;
    case F_VA:    return parse_range(v, &o->f.va_lo, &o->f.va_hi) ? usage_error("--va: expected LO-HI") : 0;
    case F_JSON:  o->json = v; return 0;
    case F_CSV:   o->csv = v; return 0;
    case F_BATCH: o->batch = true; return 0;
    case F_NORM:  o->normalize = true; return 0;
    default:      return usage_error("unknown option");
    }
}

/* Options, then files: returns the index of the first file, or -1. */
static int parse_opts(const char *cmd, int argc, char **argv, struct opts *o)
{
    int c;
    memset(o, 0, sizeof(*o));
    o->f.asn = o->f.pid = -1;
    o->f.to = UINT64_MAX;
    o->first = 5;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", options, NULL)) != -1) {
        if (c == '?')
            return usage_error(optopt ? "an option needs a value" : "unknown option"), -1;
        if (check_takes(cmd, c) || apply_opt(o, c, optarg))
            return -1;
    }
    return optind;
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

static int cmd_dump(struct trace_file *tf, const struct opts *o)
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

static int cmd_stats(struct trace_file *tf)
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

/* ---- dispatch --------------------------------------------------------------------------- */

/* Output that did not reach stdout (a full disk, /dev/full, a closed pipe)
 * is a failure, not a result: one line, and status `st`. */
static int check_stdout(const char *cmd, int rc, int st)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return rc;
    fprintf(stderr, "alphavlm trace %s: cannot write the output: %s\n", cmd,
            errno ? strerror(errno) : "write error");
    return st;
}

static int with_files(const char *cmd, int nfiles, char **files, const struct opts *o)
{
    struct trace_file a, b;
    int rc;

    /* A trace that cannot be read is status 1 (damaged), or 2 for diff,
     * whose 1 means "the traces differ". */
    int damaged = nfiles == 2 ? EXIT_BAD : 1;
    if (trace_file_open(&a, files[0]))
        return damaged;
    if (nfiles == 2 && trace_file_open(&b, files[1])) {
        trace_file_close(&a);
        return damaged;
    }
    if (!strcmp(cmd, "dump"))        rc = cmd_dump(&a, o);
    else if (!strcmp(cmd, "diff"))   rc = trace_diff(&a, &b, o);
    else if (!strcmp(cmd, "stats"))  rc = cmd_stats(&a);
    else if (!strcmp(cmd, "export")) rc = trace_export(&a, o);
    else                             rc = trace_step(&a, o->batch);
    trace_file_close(&a);
    if (nfiles == 2)
        trace_file_close(&b);
    return check_stdout(cmd, rc, damaged);
}

int trace_main(int argc, char **argv)
{
    static const char *const cmds[] = { "dump", "step", "diff", "stats", "export" };
    struct opts o;
    size_t k;

    if (argc < 2)
        return usage_error("expected dump, step, diff, stats, export or render");
    for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]) && strcmp(argv[1], cmds[k]); k++)
        ;
    if (k == sizeof(cmds) / sizeof(cmds[0]))
        return usage_error("unknown command: expected dump, step, diff, stats, export or render");
    int first = parse_opts(argv[1], argc - 1, argv + 1, &o);
    if (first < 0)
        return EXIT_BAD;
    int nfiles = argc - 1 - first, want = !strcmp(argv[1], "diff") ? 2 : 1;
    if (nfiles != want)
        return usage_error(want == 2 ? "diff needs two trace files" : "expected one trace file");
    if (!strcmp(argv[1], "export") && !o.json && !o.csv)
        return usage_error("export needs --json FILE and/or --csv FILE");
    return with_files(argv[1], nfiles, argv + 1 + first, &o);
}
