/*
 * tracecmd.c — see tracecmd.h: the options of the trace commands (which
 * command takes which) and the dispatch.  Bad input is one line on stderr
 * and status 2.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "trace/text.h"
#include "trace/tracecmd.h"
#include "trace/tracetool.h"

const char trace_help[] =
"  dump [FILTERS] [--normalize] F   FILTERS: --from N --to N --count N --type T,...\n"
"                      --asn A --pid P --va LO-HI; --normalize: no icount, PC, PA, PFN\n"
"  step [--batch] F    interactive stepper (h for help)\n"
"  diff [FILTERS] [--normalize] [--first N] A B   divergences, per type, the first N\n"
"                      in context; exit 0 identical, 1 different, 2 bad input\n"
"  stats F             exact TLB misses and MPKI, faults, per process and region\n"
"  export [FILTERS] --json J --csv C F   Chrome trace-event JSON (Perfetto) and CSV\n";

static int usage_error(const char *msg)
{
    fprintf(stderr, "alphavlm trace: %s (try alphavlm --help)\n", msg);
    return EXIT_BAD;
}

/* ---- options ---------------------------------------------------------------------- */

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
    if (!strcmp(cmd, "dump"))        rc = trace_dump(&a, o);
    else if (!strcmp(cmd, "diff"))   rc = trace_diff(&a, &b, o);
    else if (!strcmp(cmd, "stats"))  rc = trace_stats(&a);
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
