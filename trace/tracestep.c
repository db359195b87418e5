/*
 * tracestep.c — `alphavlm trace step`: walk a trace event by event.
 *
 * Commands (one a line; an empty line repeats n):
 *   n [K] / p [K]   next / previous event (that passes the filter)
 *   nt / pt         next / previous event of the current event's type
 *   g N             go to event N;  gi ICOUNT: the first event at or after ICOUNT
 *   f TYPE,...      show only these types (f alone: all);  fa ASN (fa alone: any)
 *   w               the page walk of this event, level by level
 *   d               disassemble around the PC (Capstone)
 *   s               show this event again;  h: help;  q: quit
 * With --batch the commands come from stdin and are echoed, for scripts.
 */
#include <capstone/capstone.h>
#include <editline/readline.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "axp64/axp64.h"
#include "axp64/names.h"
#include "trace/code.h"
#include "trace/text.h"
#include "trace/tracetool.h"

#define MAX_PID_PASS 20000000ULL         /* who-runs tracking only for traces up to this */

struct stepper {
    struct trace_file *tf;
    uint64_t cur;
    uint32_t types;                      /* filter: bit per type, 0 = all */
    int asn;                             /* filter, -1 = any */
    struct pid_tracker pt;               /* names of every process in the trace */
    uint32_t *pid_at;                    /* pid running at the start of each index block */
    bool pids;
    struct traced_code code;             /* for names and disassembly */
    csh cs;
    bool cs_ok;
    bool damaged;                        /* a read failed: the session ends with status 1 */
};

/* Read event i; a failure (already reported in one line) marks the trace damaged. */
static int rd(struct stepper *s, uint64_t i, struct trace_rec *r)
{
    if (trace_read(s->tf, i, r) == 0)
        return 0;
    s->damaged = true;
    return -1;
}

/* ---- who runs ---------------------------------------------------------------------- */

/* One pass: process names, and the pid running at each block start. */
static void build_pids(struct stepper *s)
{
    struct trace_rec r;
    uint64_t n = s->tf->hd.records;

    if (n > MAX_PID_PASS || !(s->pid_at = calloc(n / TRACE_BLOCK + 1, sizeof(uint32_t))))
        return;
    for (uint64_t i = 0; i < n; i++) {
        if (i % TRACE_BLOCK == 0)
            s->pid_at[i / TRACE_BLOCK] = s->pt.current;
        if (rd(s, i, &r))
            return;
        pid_track(&s->pt, &r);
    }
    s->pids = true;
}

static uint32_t pid_at(struct stepper *s, uint64_t i)
{
    struct pid_tracker pt = s->pt;
    struct trace_rec r;

    if (!s->pids)
        return UINT32_MAX;
    pt.current = s->pid_at[i / TRACE_BLOCK];
    for (uint64_t k = i - i % TRACE_BLOCK; k < i; k++)
        if (rd(s, k, &r) == 0 && r.type == TR_SWPCTX)
            pid_track(&pt, &r);
    return pt.current;
}

/* ---- showing an event ----------------------------------------------------------------- */

static void show(struct stepper *s)
{
    struct trace_rec r;
    char line[640];

    if (rd(s, s->cur, &r))
        return;
    uint32_t pid = pid_at(s, s->cur);
    char where[256];
    code_describe(&s->code, r.pc, pid == UINT32_MAX ? NULL : pid_name(&s->pt, pid), where, sizeof(where));
    trace_format_at(&r, s->cur, where, line, sizeof(line));
    if (pid == UINT32_MAX)
        printf("%s\n", line);
    else
        printf("%s  [pid %u %s]\n", line, pid, pid_name(&s->pt, pid));
}

static bool passes(struct stepper *s, const struct trace_rec *r, unsigned type)
{
    if (type)
        return r->type == type;
    if (s->types && !(s->types & (1u << r->type)))
        return false;
    return s->asn < 0 || r->asn == s->asn;
}

/* Move k matching events forward (dir 1) or back (dir -1). */
static void move(struct stepper *s, int dir, uint64_t k, unsigned type)
{
    struct trace_rec r;
    uint64_t i = s->cur;

    while (k) {
        if ((dir < 0 && i == 0) || (dir > 0 && i + 1 >= s->tf->hd.records)) {
            printf("(%s of the trace)\n", dir < 0 ? "start" : "end");
            break;
        }
        i += (uint64_t)dir;
        if (rd(s, i, &r))
            return;
        if (passes(s, &r, type)) {
            s->cur = i;
            k--;
        }
    }
    show(s);
}

/* ---- the page walk ------------------------------------------------------------------------- */

static void show_walk(struct stepper *s)
{
    struct trace_rec r;
    uint64_t i = s->cur, stop = i > 64 ? i - 64 : 0;
    char fl[160];

    /* Back to the miss that started this walk. */
    while (rd(s, i, &r) == 0 && r.type != TR_TLB_MISS && r.type != TR_FAULT && i > stop)
        i--;
    if (r.type == TR_FAULT) {                     /* a fault: its walk is just before */
        while (i > stop && rd(s, --i, &r) == 0 && r.type != TR_TLB_MISS)
            ;
    }
    if (r.type != TR_TLB_MISS) {
        printf("no page walk near event #%" PRIu64 "\n", s->cur);
        return;
    }
    printf("walk of va %#" PRIx64 " (%s, %s) at icount %" PRIu64 ", event #%" PRIu64 ":\n", r.va,
           r.aux ? "DTB" : "ITB", r.code == 2 ? "fetch" : r.code ? "write" : "read", r.icount, i);
    printf("  VA split: L1 index %" PRIu64 ", L2 index %" PRIu64 ", L3 index %" PRIu64
           ", offset %#" PRIx64 "\n", L1_INDEX(r.va), L2_INDEX(r.va), L3_INDEX(r.va), r.va & PAGE_MASK);
    while (++i < s->tf->hd.records && rd(s, i, &r) == 0) {
        if (r.type == TR_PTE) {
            pte_flags(r.pte, fl, sizeof(fl));
            printf("  L%u: PTE at PA %#" PRIx64 " = %#018" PRIx64 "  %s\n", r.level, r.va, r.pte, fl);
        } else if (r.type == TR_FILL) {
            printf("  -> filled %s slot %u%s (event #%" PRIu64 ")\n", r.code ? "DTB" : "ITB",
                   r.aux & 0xFFFF, r.aux & TRACE_FILL_VICTIM ? ", evicting an entry" : "", i);
            return;
        } else if (r.type == TR_FAULT) {
            char line[256];
            trace_format(&r, i, line, sizeof(line));
            printf("  -> fault: %s\n", line);
            return;
        } else {
            break;
        }
    }
    printf("  -> the walk found no valid leaf: the access faults (see the next FAULT)\n");
}

/* ---- disassembly ------------------------------------------------------------------------- */

/* The CALL_PAL an ecall makes: the kernel loads the function into a7 just
 * before (`li a7, N`, docs/pal.md); a user ecall is callsys.  Returns the
 * note to print after the instruction ("" if none). */
static const char *pal_note(const cs_insn *in, bool kernel, int64_t *a7, char *b, size_t n)
{
    const char *name;

    b[0] = 0;
    if ((!strcmp(in->mnemonic, "li") || !strcmp(in->mnemonic, "c.li")) && !strncmp(in->op_str, "a7, ", 4))
        *a7 = strtoll(in->op_str + 4, NULL, 0);
    else if (!strcmp(in->mnemonic, "addi") && !strncmp(in->op_str, "a7, zero, ", 10))
        *a7 = strtoll(in->op_str + 10, NULL, 0);
    else if (!strcmp(in->mnemonic, "ecall") && !kernel)
        snprintf(b, n, "    ; callsys");
    else if (!strcmp(in->mnemonic, "ecall") && *a7 >= 0 && (name = axp_pal_name((unsigned)*a7)))
        snprintf(b, n, "    ; CALL_PAL %s", name);
    return b;
}

/* Disassemble [start, start+len) and print the lines around pc. */
static void print_around(struct stepper *s, uint64_t start, const uint8_t *code, size_t len,
                         uint64_t pc, bool kernel)
{
    cs_insn *in;
    size_t n = cs_disasm(s->cs, code, len, start, 0, &in), at = n;
    int64_t a7 = -1;
    char note[48];

    for (size_t i = 0; i < n; i++)
        if (in[i].address == pc)
            at = i;
    for (size_t i = 0; i < n && i < at + 4; i++) {
        pal_note(&in[i], kernel, &a7, note, sizeof(note));
        if (i + 5 >= at)
            printf("  %s %#" PRIx64 ":  %-8s %s%s\n", i == at ? "=>" : "  ", in[i].address,
                   in[i].mnemonic, in[i].op_str, note);
    }
    if (n)
        cs_free(in, n);
    if (at == n)
        printf("  (pc %#" PRIx64 " is not an instruction boundary of this function)\n", pc);
}

static void disassemble(struct stepper *s)
{
    struct trace_rec r;
    uint64_t start;
    const uint8_t *code = NULL;
    size_t len;
    cs_insn *in;
    char where[256];

    if (rd(s, s->cur, &r) || !s->cs_ok)
        return;
    bool kernel = r.pc >= KSEG32_BASE;
    uint32_t pid = pid_at(s, s->cur);
    const char *name = kernel ? "the kernel" : pid_name(&s->pt, pid);
    const char *prog = kernel || pid == UINT32_MAX ? NULL : name;
    if (code_function(&s->code, r.pc, prog, &start, &code, &len) == 0) {
        code_describe(&s->code, r.pc, prog, where, sizeof(where));
        printf("  (%s) %s\n", name, where);
        print_around(s, start, code, len, r.pc, kernel);
        return;
    }
    /* No file for this code: the instruction the trace recorded at pc. */
    size_t n = cs_disasm(s->cs, (const uint8_t *)&r.insn, (r.insn & 3) == 3 ? 4 : 2, r.pc, 1, &in);
    printf("  => %#" PRIx64 ":  %s %s   (from the trace; no ELF of %s here)\n", r.pc,
           n ? in[0].mnemonic : "(unknown)", n ? in[0].op_str : "", name);
    if (n)
        cs_free(in, n);
}

/* ---- the command loop --------------------------------------------------------------------- */

/* Every command the loop below knows, one a line. */
static const char help[] =
    "n [K]       next event (K of them; an empty line is n)\n"
    "p [K]       previous event\n"
    "nt / pt     next / previous event of this one's type\n"
    "g N         go to event N\n"
    "gi ICOUNT   the first event at or after ICOUNT\n"
    "f TYPE,...  show only these types (f alone: every type)\n"
    "fa ASN      show only this ASN (fa alone: any)\n"
    "w           the page walk of this event, level by level\n"
    "d           disassemble around the PC, with its function and source line\n"
    "s           show this event again\n"
    "h, ?        this help\n"
    "q           quit\n";

/* Returns false to quit. */
static bool command(struct stepper *s, char *line)
{
    char cmd[16] = "", arg[128] = "";
    uint64_t v = 1;
    struct trace_rec r;

    sscanf(line, "%15s %127s", cmd, arg);
    bool has = arg[0] && sscanf(arg, "%" SCNi64, (int64_t *)&v) == 1;
    if (!cmd[0] || !strcmp(cmd, "n"))        move(s, 1, has ? v : 1, 0);
    else if (!strcmp(cmd, "p"))              move(s, -1, has ? v : 1, 0);
    else if (!strcmp(cmd, "nt") || !strcmp(cmd, "pt")) {
        if (rd(s, s->cur, &r) == 0)
            move(s, cmd[0] == 'n' ? 1 : -1, 1, r.type);
    } else if (!strcmp(cmd, "g") && has && v < s->tf->hd.records) { s->cur = v; show(s); }
    else if (!strcmp(cmd, "gi") && has) {
        uint64_t i = trace_find_icount(s->tf, v);
        if (i < s->tf->hd.records) { s->cur = i; show(s); }
        else printf("no event at or after icount %" PRIu64 "\n", v);
    } else if (!strcmp(cmd, "f")) {
        uint32_t types;
        if (trace_types_parse(arg, &types))
            printf("unknown event type in %s (the filter stays)\n", arg);
        else
            printf("filter: %s\n", (s->types = types) ? arg : "every type");
    } else if (!strcmp(cmd, "fa")) { s->asn = has ? (int)(v & 255) : -1; printf("filter: %s\n", has ? arg : "any ASN"); }
    else if (!strcmp(cmd, "w"))              show_walk(s);
    else if (!strcmp(cmd, "d"))              disassemble(s);
    else if (!strcmp(cmd, "s"))              show(s);
    else if (!strcmp(cmd, "h") || !strcmp(cmd, "?")) fputs(help, stdout);
    else if (!strcmp(cmd, "q"))              return false;
    else                                     printf("? %s (h for help)\n", line);
    return true;
}

/* The next command line into buf: from the terminal through libedit (line
 * editing, history), else from stdin.  false at the end of input. */
static bool read_command(bool batch, char *buf, size_t n)
{
    if (!batch && isatty(STDIN_FILENO)) {
        char *l = readline("(step) ");
        if (!l)
            return false;
        if (*l)
            add_history(l);
        snprintf(buf, n, "%s", l);
        free(l);
        return true;
    }
    if (!batch) {
        printf("(step) ");
        fflush(stdout);
    }
    if (!fgets(buf, (int)n, stdin))
        return false;
    buf[strcspn(buf, "\n")] = 0;
    return true;
}

int trace_step(struct trace_file *tf, bool batch)
{
    struct stepper s = { .tf = tf, .asn = -1 };
    char line[256];

    if (!tf->hd.records) {
        printf("the trace has no events\n");
        return 0;
    }
    build_pids(&s);
    code_open(&s.code, &tf->hd);
    s.cs_ok = cs_open(CS_ARCH_RISCV, CS_MODE_RISCV64 | CS_MODE_RISCVC, &s.cs) == CS_ERR_OK;
    printf("%" PRIu64 " events; h for help\n", tf->hd.records);
    show(&s);
    while (read_command(batch, line, sizeof(line))) {
        if (batch)
            printf("> %s\n", line);
        if (!command(&s, line))
            break;
    }
    free(s.pid_at);
    code_close(&s.code);
    if (s.cs_ok)
        cs_close(&s.cs);
    return s.damaged ? 1 : 0;
}
