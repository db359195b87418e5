/*
 * cli.c — see cli.h.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "emu/cli.h"
#include "image/artifact.h"
#include "guestos/abi/vlmos.h"

#define GIB (1UL << 30)

int parse_count(const char *s, uint64_t *out)
{
    char *end;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v == 0)
        return -1;
    *out = v;
    return 0;
}

int parse_size(const char *s, uint64_t *out)
{
    char *end;
    unsigned shift = 0;

    if (!s || *s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || v == 0)
        return -1;
    switch (*end) {
    case 'K': case 'k': shift = 10; end++; break;
    case 'M': case 'm': shift = 20; end++; break;
    case 'G': case 'g': shift = 30; end++; break;
    case 'T': case 't': shift = 40; end++; break;
    default: break;
    }
    if (*end || (shift && v > (~0ULL >> shift)))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

static void defaults(struct machine_config *c)
{
    memset(c, 0, sizeof(*c));
    c->ram_size = 16 * GIB;
    c->proc_limit = 2 * GIB;
    c->clock = CLOCK_ICOUNT;
    c->policy = TLB_EXACT;
    c->quantum = 100000;
    c->itb_size = 48;
    c->dtb_size = 64;
}

static int bad(const char *opt, const char *val, const char *why)
{
    if (val && *val)
        fprintf(stderr, "alphavlm run: %s %s: %s\n", opt, val, why);
    else
        fprintf(stderr, "alphavlm run: %s: %s\n", opt, why);
    return -1;
}

static int set_ram(struct machine_config *c, const char *v)
{
    if (parse_size(v, &c->ram_size))
        return bad("--ram", v, "expected a size such as 512M or 16G");
    if (c->ram_size < (1UL << 20) || c->ram_size > (1UL << 40) || (c->ram_size & PAGE_MASK))
        return bad("--ram", v, "must be 1M..1T and a multiple of 8K");
    return 0;
}

/* A translation buffer needs two entries: one instruction or one access can
 * straddle two pages, and with one entry each half's fill evicts the other
 * forever. */
static int set_tb(unsigned *dst, const char *opt, const char *v)
{
    uint64_t n;
    if (parse_count(v, &n) || n < 2 || n > 4096)
        return bad(opt, v, "expected 2..4096 entries (an access can straddle two pages)");
    *dst = (unsigned)n;
    return 0;
}

enum { O_KERNEL = 256, O_INITRD, O_RAM, O_LIMIT, O_CLOCK, O_QUANTUM, O_MAXI, O_TLB,
       O_ITB, O_DTB, O_STATS, O_ARGS, O_TRACE, O_GDB, O_GDB_WAIT, O_DISPLAY, O_SHOT, O_SHOT_AT };

const char cli_run_help[] =
"  --kernel FILE       boot this kernel ELF instead (RV64, loaded at its physical\n"
"                      addresses); ARGS go to it in the HWRPB\n"
"  --initrd FILE       initial RAM disk (VLM/OS: a cpio newc archive)\n"
"  --ram SIZE          physical RAM, 1M..1T, K/M/G/T suffixes (default 16G; sparse)\n"
"  --proc-limit SIZE   per-process memory limit (default 2G)\n"
"  --clock icount|host icount: virtual time = instructions, deterministic (default)\n"
"                      host: host clock, fastest, not deterministic\n"
"  --quantum N         instructions between clock interrupts (default 100000;\n"
"                      host clock: N x 10 ns; at least 1000 for VLM/OS, 100 else)\n"
"  --max-insns N       stop after about N instructions (exit status 124)\n"
"  --tlb exact|fast    QEMU TLB cache policy (default: exact with icount, fast with host)\n"
"  --itb N, --dtb N    translation buffer entries, 2..4096 (default 48 and 64)\n"
"  --args STRING       boot arguments in the HWRPB (VLM/OS: verbose)\n"
"  --stats             print instruction, exception and TLB statistics at exit\n"
"  --trace FILE        record a trace (exact TLB policy; see docs/trace.md)\n"
"  --display sdl|none  a live window of frames, TLBs and the current process\n"
"                      (docs/display.md; default none)\n"
"  --screenshot F.png  save that picture, with no display needed, of the last\n"
"                      moment before the machine halted\n"
"  --screenshot-at N   also at instruction N, as F-N.png (icount clock; repeatable)\n"
"  --screenshot-at vlm:STEP  also at the first VLM patent step STEP (e.g. 606),\n"
"                      as F-vlmSTEP.png (repeatable)\n"
"  --gdb PORT          gdb remote stub on 127.0.0.1:PORT (docs/debugging.md)\n"
"  --gdb-wait          with --gdb: wait for gdb before the first instruction\n";

static const struct option run_opts[] = {
    { "kernel", 1, 0, O_KERNEL }, { "initrd", 1, 0, O_INITRD }, { "ram", 1, 0, O_RAM },
    { "proc-limit", 1, 0, O_LIMIT }, { "clock", 1, 0, O_CLOCK },
    { "quantum", 1, 0, O_QUANTUM }, { "max-insns", 1, 0, O_MAXI }, { "tlb", 1, 0, O_TLB },
    { "itb", 1, 0, O_ITB }, { "dtb", 1, 0, O_DTB }, { "stats", 0, 0, O_STATS },
    { "args", 1, 0, O_ARGS }, { "trace", 1, 0, O_TRACE }, { "gdb", 1, 0, O_GDB },
    { "gdb-wait", 0, 0, O_GDB_WAIT }, { "display", 1, 0, O_DISPLAY },
    { "screenshot", 1, 0, O_SHOT }, { "screenshot-at", 1, 0, O_SHOT_AT }, { 0, 0, 0, 0 } };

static int set_screenshot(struct machine_config *c, const char *v)
{
    const char *why = png_path_problem(v);

    if (why)
        return bad("--screenshot", v, why);
    c->screenshot = v;
    return 0;
}

static int set_view(struct machine_config *c, int opt, const char *v)
{
    uint64_t n;

    if (opt == O_DISPLAY) {
        if (strcmp(v, "sdl") && strcmp(v, "none"))
            return bad("--display", v, "expected sdl or none");
        c->display = !strcmp(v, "sdl");
        return 0;
    }
    if (opt == O_SHOT)
        return set_screenshot(c, v);
    bool vlm = !strncmp(v, "vlm:", 4);
    if (parse_count(vlm ? v + 4 : v, &n) || (vlm && n > 9999) || n >= SHOT_VLM)
        return bad("--screenshot-at", v, "expected an instruction count or vlm:STEP (a patent step)");
    if (c->nshots == MAX_SHOTS)
        return bad("--screenshot-at", v, "too many (at most 32)");
    c->shot_at[c->nshots++] = vlm ? SHOT_VLM | n : n;
    if (!vlm)
        c->shot_icount = true;
    return 0;
}

static int apply(struct machine_config *c, int opt, const char *v, bool *policy_set)
{
    switch (opt) {
    case O_KERNEL:  c->kernel_path = v; return 0;
    case O_INITRD:  c->initrd_path = v; return 0;
    case O_RAM:     return set_ram(c, v);
    case O_LIMIT:
        if (parse_size(v, &c->proc_limit) || c->proc_limit < (64UL << 10) || c->proc_limit & PAGE_MASK)
            return bad("--proc-limit", v, "expected a size of at least 64K, a multiple of 8K");
        return 0;
    case O_QUANTUM:
        if (parse_count(v, &c->quantum) || c->quantum > QUANTUM_MAX)
            return bad("--quantum", v, "expected a count up to 1000000000000");
        return 0;
    case O_MAXI:    return parse_count(v, &c->max_insns) ? bad("--max-insns", v, "expected a positive count") : 0;
    case O_ITB:     return set_tb(&c->itb_size, "--itb", v);
    case O_DTB:     return set_tb(&c->dtb_size, "--dtb", v);
    case O_STATS:   c->stats = true; return 0;
    case O_TRACE:   c->trace_path = v; return *v ? 0 : bad("--trace", v, "needs a file name");
    case O_DISPLAY: case O_SHOT: case O_SHOT_AT: return set_view(c, opt, v);
    case O_ARGS:    c->boot_args = v;
                    return strlen(v) >= HWRPB_ARGS_MAX ? bad("--args", "", "too long") : 0;
    case O_CLOCK:
        if (strcmp(v, "icount") && strcmp(v, "host"))
            return bad("--clock", v, "expected icount or host");
        c->clock = strcmp(v, "host") ? CLOCK_ICOUNT : CLOCK_HOST;
        return 0;
    case O_GDB: {
        uint64_t port;
        if (parse_count(v, &port) || port > 65535)
            return bad("--gdb", v, "expected a TCP port 1..65535");
        c->gdb_port = (int)port;
        return 0;
    }
    case O_GDB_WAIT: c->gdb_wait = true; return 0;
    case O_TLB:
        if (strcmp(v, "exact") && strcmp(v, "fast"))
            return bad("--tlb", v, "expected exact or fast");
        c->policy = strcmp(v, "fast") ? TLB_EXACT : TLB_FAST;
        *policy_set = true;
        return 0;
    default:
        return -1;
    }
}

/* The HWRPB argv must hold the strings, NUL-separated, plus an empty one. */
static int check_program(struct machine_config *c)
{
    size_t total = 1;

    for (int i = 0; i < c->argc; i++)
        total += strlen(c->argv[i]) + 1;
    if (total > HWRPB_ARGV_MAX || c->argc > VARGC_MAX)   /* the kernel takes VARGC_MAX */
        return bad(c->argv[0], NULL, "too many or too long arguments for the first program");
    if (c->argv[0][0] == 0 || c->argv[0][strlen(c->argv[0]) - 1] == '/')
        return bad(c->argv[0], NULL, "not a program name");
    if (strchr(c->argv[0], '/'))
        c->extra_path = c->argv[0];
    return 0;
}

int cli_parse_run(int argc, char **argv, struct machine_config *c)
{
    bool policy_set = false;
    int opt;
    static char *default_argv[] = { "sh", NULL };

    defaults(c);
    opterr = 0;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "+:", run_opts, NULL)) != -1) {
        if (opt == ':')
            return bad(argv[optind - 1], NULL, "needs a value");
        if (opt == '?')                  /* optopt: a known long option given a value */
            return bad(argv[optind - 1], NULL, optopt >= O_KERNEL ? "does not take a value"
                                                                  : "unknown option");
        if (apply(c, opt, optarg, &policy_set))
            return -1;
    }
    /* Exact by default with the instruction clock; the host clock runs fast.
     * A trace records every model miss: only the exact policy has them all. */
    if (!policy_set)
        c->policy = c->clock == CLOCK_ICOUNT ? TLB_EXACT : TLB_FAST;
    if (c->trace_path && c->policy != TLB_EXACT) {
        if (policy_set)
            return bad("--trace", c->trace_path, "needs --tlb exact (every TLB miss is recorded)");
        c->policy = TLB_EXACT;
    }
    if (c->gdb_wait && !c->gdb_port)
        return bad("--gdb-wait", NULL, "needs --gdb PORT");
    if (c->nshots && !c->screenshot)
        return bad("--screenshot-at", NULL, "needs --screenshot FILE.png");
    if (c->shot_icount && c->clock != CLOCK_ICOUNT)
        return bad("--screenshot-at", NULL, "an instruction count needs the icount clock");
    c->vlmos = !c->kernel_path;
    char qv[24];
    snprintf(qv, sizeof(qv), "%lu", (unsigned long)c->quantum);
    if (c->clock == CLOCK_HOST && c->quantum > QUANTUM_MAX_HOST)
        return bad("--quantum", qv, "with --clock host at most 100000000 (a tick a second: "
                   "an idle kernel waits for its next tick in host time)");
    if (c->quantum < (c->vlmos ? QUANTUM_MIN_VLMOS : QUANTUM_MIN))
        return bad("--quantum", qv, c->vlmos ?
                   "VLM/OS needs at least 1000 (its clock interrupt alone takes about 400 "
                   "instructions; a shorter quantum leaves no time to run anything)" :
                   "must be at least 100 (a shorter quantum leaves a kernel no time "
                   "outside its clock interrupt)");
    c->argc = argc - optind;
    c->argv = argv + optind;
    if (!c->argc && c->vlmos) {
        c->argc = 1;
        c->argv = default_argv;
    }
    return c->argc ? check_program(c) : 0;
}
