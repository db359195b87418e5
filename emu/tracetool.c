/*
 * tracetool.c — `alphavlm trace ...`: dump, diff, stats, export (the stepper
 * is tracestep.c).  Bad input is one line on stderr and status 2.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "../mmu/axp64.h"
#include "../guestos/abi/vlmos.h"
#include "tracetool.h"

#define EXIT_BAD 2

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

/* ---- filters (dump, export) ---------------------------------------------------- */

struct filter {
    uint64_t from, to;                 /* event numbers, [from, to) */
    uint32_t types;                    /* bit per type, 0 = all */
    int asn, pid;                      /* -1 = any */
    uint64_t va_lo, va_hi;             /* va_hi 0 = any */
};

static bool filter_match(const struct filter *f, const struct trace_rec *r, uint32_t pid)
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
    return errno || end == s || *end ? -1 : 0;
}

static int parse_range(const char *s, uint64_t *lo, uint64_t *hi)
{
    char buf[64], *dash;
    strncpy(buf, s, sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = 0;
    if (!(dash = strchr(buf, '-')))
        return -1;
    *dash = 0;
    return parse_u64(buf, lo) || parse_u64(dash + 1, hi) || *hi <= *lo ? -1 : 0;
}

enum { F_FROM = 300, F_TO, F_COUNT, F_TYPE, F_ASN, F_PID, F_VA, F_JSON, F_CSV, F_BATCH };

static const struct option filter_opts[] = {
    { "from", 1, 0, F_FROM }, { "to", 1, 0, F_TO }, { "count", 1, 0, F_COUNT },
    { "type", 1, 0, F_TYPE }, { "asn", 1, 0, F_ASN }, { "pid", 1, 0, F_PID },
    { "va", 1, 0, F_VA }, { "json", 1, 0, F_JSON }, { "csv", 1, 0, F_CSV },
    { "batch", 0, 0, F_BATCH }, { 0, 0, 0, 0 } };

struct opts {
    struct filter f;
    uint64_t count;
    const char *json, *csv;
    bool batch;
};

static int apply_opt(struct opts *o, int c, const char *v)
{
    uint64_t n;
    switch (c) {
    case F_FROM:  return parse_u64(v, &o->f.from) ? usage_error("--from: expected an event number") : 0;
    case F_TO:    return parse_u64(v, &o->f.to) ? usage_error("--to: expected an event number") : 0;
    case F_COUNT: return parse_u64(v, &o->count) ? usage_error("--count: expected a number") : 0;
    case F_TYPE:  return trace_types_parse(v, &o->f.types) ? usage_error("--type: unknown event type") : 0;
    case F_ASN:   if (parse_u64(v, &n) || n > 255) return usage_error("--asn: expected 0..255");
                  o->f.asn = (int)n; return 0;
    case F_PID:   if (parse_u64(v, &n) || n > 0x7FFFFFFF) return usage_error("--pid: expected a pid");
                  o->f.pid = (int)n; return 0;
    case F_VA:    return parse_range(v, &o->f.va_lo, &o->f.va_hi) ? usage_error("--va: expected LO-HI") : 0;
    case F_JSON:  o->json = v; return 0;
    case F_CSV:   o->csv = v; return 0;
    case F_BATCH: o->batch = true; return 0;
    default:      return usage_error("unknown option");
    }
}

/* Options, then files: returns the index of the first file, or -1. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
    int c;
    memset(o, 0, sizeof(*o));
    o->f.asn = o->f.pid = -1;
    o->f.to = UINT64_MAX;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "+", filter_opts, NULL)) != -1)
        if (c == '?' || apply_opt(o, c, optarg))
            return c == '?' ? (usage_error(optopt ? "an option needs a value" : "unknown option"), -1) : -1;
    return optind;
}

/* ---- dump ------------------------------------------------------------------------- */

static void print_header(const struct trace_file *tf)
{
    const struct trace_header *h = &tf->hd;
    printf("# alphavlm trace v%u: %" PRIu64 " events, final icount %" PRIu64 ", exit status %d\n",
           h->version, h->records, h->final_icount, h->exit_status);
    printf("# ram %" PRIu64 " MiB, limit %" PRIu64 " MiB, %s clock, quantum %" PRIu64
           ", %s TLB, ITB %u DTB %u, kernel %016" PRIx64 ", initrd %016" PRIx64 "\n",
           h->ram_size >> 20, h->proc_limit >> 20, h->clock_mode ? "host" : "icount", h->quantum,
           h->tlb_policy ? "fast" : "exact", h->itb_size, h->dtb_size, h->kernel_id, h->initrd_id);
    printf("# argv: %.*s\n", TRACE_ARGV_MAX, h->argv);
}

static int cmd_dump(struct trace_file *tf, const struct opts *o)
{
    struct pid_tracker pt = { 0 };
    struct trace_rec r;
    char line[256];
    uint64_t shown = 0;

    print_header(tf);
    for (uint64_t i = 0; i < tf->hd.records && i < o->f.to; i++) {
        if (trace_read(tf, i, &r))
            return 1;
        pid_track(&pt, &r);
        if (i < o->f.from || !filter_match(&o->f, &r, pt.current))
            continue;
        trace_format(&r, i, line, sizeof(line));
        printf("%s\n", line);
        if (o->count && ++shown == o->count)
            break;
    }
    return 0;
}

/* ---- diff ---------------------------------------------------------------------------- */

static void context(struct trace_file *tf, const char *tag, uint64_t at)
{
    struct trace_rec r;
    char line[256];
    uint64_t lo = at > 3 ? at - 3 : 0;

    for (uint64_t i = lo; i < at + 3 && i < tf->hd.records; i++)
        if (trace_read(tf, i, &r) == 0) {
            trace_format(&r, i, line, sizeof(line));
            printf("%s %s %s\n", i == at ? ">" : " ", tag, line);
        }
}

static int cmd_diff(struct trace_file *a, struct trace_file *b)
{
    struct trace_rec ra, rb;
    uint64_t n = a->hd.records < b->hd.records ? a->hd.records : b->hd.records;

    if (memcmp(&a->hd.ram_size, &b->hd.ram_size, offsetof(struct trace_header, final_icount) -
               offsetof(struct trace_header, ram_size)))
        printf("note: the traces were recorded with different machines or builds\n");
    for (uint64_t i = 0; i < n; i++) {
        if (trace_read(a, i, &ra) || trace_read(b, i, &rb))
            return EXIT_BAD;
        if (!memcmp(&ra, &rb, sizeof(ra)))
            continue;
        printf("traces differ at event #%" PRIu64 " (icount %" PRIu64 " / %" PRIu64 "):\n",
               i, ra.icount, rb.icount);
        context(a, "A", i);
        context(b, "B", i);
        return 1;
    }
    if (a->hd.records != b->hd.records) {
        printf("traces agree for %" PRIu64 " events, then %s ends (%" PRIu64 " against %" PRIu64 ")\n",
               n, a->hd.records < b->hd.records ? "A" : "B", a->hd.records, b->hd.records);
        context(a->hd.records > n ? a : b, a->hd.records > n ? "A" : "B", n);
        return 1;
    }
    printf("traces are identical (%" PRIu64 " events)\n", n);
    return 0;
}

/* ---- stats ----------------------------------------------------------------------------- */

const char *const trace_region_name[RG_N] = {
    "null page", "user image/heap", "user valloc", "user stack", "VLM window",
    "KSEG32 (kernel image)", "KSEG43 (all RAM)", "other" };

/* VLM/OS's user layout (guestos/abi/vlmos.h).  brk grows up from the image
 * and valloc takes the highest gap below the stack, so the split between
 * the two at 1 GiB (USER_END / 2) is a rule of thumb, not a boundary. */
#define STACK_LOW (USER_STACK_TOP - USER_STACK_MAX - PAGE_SIZE)   /* its guard page included */

int trace_region(uint64_t va)
{
    if (va < USER_BASE) return RG_NULL;
    if (va < USER_END / 2) return RG_IMAGE;
    if (va < STACK_LOW) return RG_HIGH;
    if (va < USER_END) return RG_STACK;
    if (va >= VLM_WINDOW && va < VLM_WINDOW_END) return RG_VLM;
    if (va >= KSEG32_BASE && va < KSEG32_END) return RG_KSEG32;
    if (va >= KSEG43_BASE && va < KSEG43_END) return RG_KSEG43;
    return RG_OTHER;
}

struct counts {
    uint64_t itb, dtb, faults[5], syscalls, exceptions;
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

/* One table row; regions have no syscall or exception columns. */
static void print_counts(const char *what, const struct counts *c, bool per_process)
{
    printf("  %-24s %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %8" PRIu64, what, c->itb, c->dtb,
           c->faults[0], c->faults[1]);
    if (per_process)
        printf(" %8" PRIu64 " %9" PRIu64, c->syscalls, c->exceptions);
    printf("\n");
}

static double rate(uint64_t hits, uint64_t lookups)
{
    return lookups ? 100.0 * (double)hits / (double)lookups : 0.0;
}

static int cmd_stats(struct trace_file *tf)
{
    static struct counts per_pid[1024], per_region[RG_N];
    struct pid_tracker pt = { 0 };
    struct trace_rec r;
    const struct trace_header *h = &tf->hd;

    for (uint64_t i = 0; i < h->records; i++) {
        if (trace_read(tf, i, &r))
            return 1;
        pid_track(&pt, &r);
        count(&per_pid[pt.current % 1024], &r);
        if (r.type == TR_TLB_MISS || r.type == TR_FAULT)
            count(&per_region[trace_region(r.va)], &r);
    }
    print_header(tf);
    printf("\n  %-24s %10s %10s %8s %8s %8s %9s\n", "process", "ITB miss", "DTB miss", "TNV",
           "ACV", "syscalls", "exc");
    for (uint32_t p = 0; p < 1024; p++)
        if (memcmp(&per_pid[p], &(struct counts){ 0 }, sizeof(struct counts))) {
            char what[48];
            snprintf(what, sizeof(what), "pid %u (%s)", p, pid_name(&pt, p));
            print_counts(what, &per_pid[p], true);
        }
    printf("\n  %-24s %10s %10s %8s %8s\n", "region", "ITB miss", "DTB miss", "TNV", "ACV");
    for (int g = 0; g < RG_N; g++)
        if (per_region[g].itb || per_region[g].dtb || per_region[g].faults[0] || per_region[g].faults[1])
            print_counts(trace_region_name[g], &per_region[g], false);
    printf("\nmodel TLB, over the lookups that reached it (QEMU's own cache answers the rest):\n"
           "  ITB %" PRIu64 " lookups, %.2f %% hits;  DTB %" PRIu64 " lookups, %.2f %% hits\n",
           h->itb_lookups, rate(h->itb_hits, h->itb_lookups), h->dtb_lookups,
           rate(h->dtb_hits, h->dtb_lookups));
    return 0;
}

/* ---- export ------------------------------------------------------------------------------ */

static void json_event(FILE *o, const struct trace_rec *r, uint64_t i, uint32_t pid, bool *first)
{
    const char *ph = "i", *name = trace_type_name(r->type);
    char label[48];

    if (r->type == TR_SYSCALL || r->type == TR_EXC) {
        ph = "B";
        snprintf(label, sizeof(label), r->type == TR_SYSCALL ? "syscall %u" : "exception %u",
                 r->type == TR_SYSCALL ? r->aux : r->code);
        name = label;
    } else if (r->type == TR_RTI) {
        ph = "E";
    }
    fprintf(o, "%s\n{\"name\":\"%s\",\"ph\":\"%s\",\"ts\":%.2f,\"pid\":%u,\"tid\":%u%s,"
            "\"args\":{\"event\":%" PRIu64 ",\"pc\":\"%#" PRIx64 "\",\"va\":\"%#" PRIx64
            "\",\"pte\":\"%#" PRIx64 "\",\"aux\":%u,\"code\":%u,\"asn\":%u}}",
            *first ? "" : ",", name, ph, (double)r->icount / 100.0, pid, pid,
            *ph == 'i' ? ",\"s\":\"t\"" : "", i, r->pc, r->va, r->pte, r->aux, r->code, r->asn);
    *first = false;
}

static int cmd_export(struct trace_file *tf, const struct opts *o)
{
    FILE *json = o->json ? fopen(o->json, "w") : NULL, *csv = o->csv ? fopen(o->csv, "w") : NULL;
    struct pid_tracker pt = { 0 };
    struct trace_rec r;
    bool first = true;
    int rc = 0;

    if ((o->json && !json) || (o->csv && !csv)) {
        fprintf(stderr, "alphavlm trace export: %s: %s\n", o->json && !json ? o->json : o->csv,
                strerror(errno));
        rc = EXIT_BAD;
        goto out;
    }
    if (json)
        fprintf(json, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
    if (csv)
        fprintf(csv, "event,icount,pc,mode,asn,pid,type,va,pte,aux,code,level,insn\n");
    for (uint64_t i = o->f.from; i < tf->hd.records && i < o->f.to && !rc; i++) {
        if (trace_read(tf, i, &r)) {
            rc = 1;
            break;
        }
        pid_track(&pt, &r);
        if (r.type == TR_PROC_NAME && json)
            fprintf(json, "%s\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%u,\"args\":{\"name\":\"%s\"}}",
                    first ? "" : ",", pt.pid[pt.last], pt.name[pt.last]), first = false;
        if (!filter_match(&o->f, &r, pt.current))
            continue;
        if (json)
            json_event(json, &r, i, pt.current, &first);
        if (csv)
            fprintf(csv, "%" PRIu64 ",%" PRIu64 ",%#" PRIx64 ",%c,%u,%u,%s,%#" PRIx64 ",%#" PRIx64
                    ",%u,%u,%u,%#x\n", i, r.icount, r.pc, r.mode ? 'U' : 'K', r.asn, pt.current,
                    trace_type_name(r.type), r.va, r.pte, r.aux, r.code, r.level, r.insn);
    }
    if (json)
        fprintf(json, "\n]}\n");
out:
    if (json && fclose(json) != 0)
        rc = 1;
    if (csv && fclose(csv) != 0)
        rc = 1;
    return rc;
}

/* ---- dispatch --------------------------------------------------------------------------- */

static int with_files(const char *cmd, int nfiles, char **files, const struct opts *o)
{
    struct trace_file a, b;
    int rc;

    if (trace_file_open(&a, files[0]))
        return EXIT_BAD;
    if (nfiles == 2 && trace_file_open(&b, files[1])) {
        trace_file_close(&a);
        return EXIT_BAD;
    }
    if (!strcmp(cmd, "dump"))        rc = cmd_dump(&a, o);
    else if (!strcmp(cmd, "diff"))   rc = cmd_diff(&a, &b);
    else if (!strcmp(cmd, "stats"))  rc = cmd_stats(&a);
    else if (!strcmp(cmd, "export")) rc = cmd_export(&a, o);
    else                             rc = trace_step(&a, o->batch);
    trace_file_close(&a);
    if (nfiles == 2)
        trace_file_close(&b);
    return rc;
}

int trace_main(int argc, char **argv)
{
    static const char *const cmds[] = { "dump", "step", "diff", "stats", "export" };
    struct opts o;
    size_t k;

    if (argc < 2)
        return usage_error("expected dump, step, diff, stats or export");
    for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]) && strcmp(argv[1], cmds[k]); k++)
        ;
    if (k == sizeof(cmds) / sizeof(cmds[0]))
        return usage_error("unknown command: expected dump, step, diff, stats or export");
    int first = parse_opts(argc - 1, argv + 1, &o);
    if (first < 0)
        return EXIT_BAD;
    int nfiles = argc - 1 - first, want = !strcmp(argv[1], "diff") ? 2 : 1;
    if (nfiles != want)
        return usage_error(want == 2 ? "diff needs two trace files" : "expected one trace file");
    if (!strcmp(argv[1], "export") && !o.json && !o.csv)
        return usage_error("export needs --json FILE and/or --csv FILE");
    return with_files(argv[1], nfiles, argv + 1 + first, &o);
}
