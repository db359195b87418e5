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
#include <gelf.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include "../mmu/axp64.h"
#include "../guestos/abi/vlmos_pte.h"
#include "cli.h"
#include "cpio.h"
#include "loader.h"
#include "tracetool.h"

#define MAX_PID_PASS 20000000ULL         /* who-runs tracking only for traces up to this */

struct stepper {
    struct trace_file *tf;
    uint64_t cur;
    uint32_t types;                      /* filter: bit per type, 0 = all */
    int asn;                             /* filter, -1 = any */
    struct pid_tracker pt;               /* names of every process in the trace */
    uint32_t *pid_at;                    /* pid running at the start of each index block */
    bool pids;
    uint8_t *kernel, *initrd;            /* files for disassembly, or NULL */
    uint64_t kernel_size, initrd_size;
    csh cs;
    bool cs_ok;
};

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
        if (trace_read(s->tf, i, &r))
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
        if (trace_read(s->tf, k, &r) == 0 && r.type == TR_SWPCTX)
            pid_track(&pt, &r);
    return pt.current;
}

/* ---- showing an event ----------------------------------------------------------------- */

static void show(struct stepper *s)
{
    struct trace_rec r;
    char line[256];

    if (trace_read(s->tf, s->cur, &r))
        return;
    trace_format(&r, s->cur, line, sizeof(line));
    uint32_t pid = pid_at(s, s->cur);
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
        if (trace_read(s->tf, i, &r))
            return;
        if (passes(s, &r, type)) {
            s->cur = i;
            k--;
        }
    }
    show(s);
}

/* ---- the page walk ------------------------------------------------------------------------- */

void pte_flags(uint64_t pte, char *b, size_t n)
{
    snprintf(b, n, "%s%s%s%s%s%s%s%s%s%s%s%sGH=%" PRIu64 " PFN=%#" PRIx64,
             pte & PTE_V ? "V " : "-V ", pte & PTE_KRE ? "KRE " : "", pte & PTE_URE ? "URE " : "",
             pte & PTE_KWE ? "KWE " : "", pte & PTE_UWE ? "UWE " : "", pte & PTE_FOR ? "FOR " : "",
             pte & PTE_FOW ? "FOW " : "", pte & PTE_FOE ? "FOE " : "", pte & PTE_ASM ? "ASM " : "",
             pte & PTE_COMMIT ? "SW:commit " : "", pte & PTE_VLMMAP ? "SW:vlmmap " : "",
             pte & PTE_NOCHARGE ? "SW:nocharge " : "", PTE_GH(pte), PTE_PFN(pte));
}

static void show_walk(struct stepper *s)
{
    struct trace_rec r;
    uint64_t i = s->cur, stop = i > 64 ? i - 64 : 0;
    char fl[160];

    /* Back to the miss that started this walk. */
    while (trace_read(s->tf, i, &r) == 0 && r.type != TR_TLB_MISS && r.type != TR_FAULT && i > stop)
        i--;
    if (r.type == TR_FAULT) {                     /* a fault: its walk is just before */
        while (i > stop && trace_read(s->tf, --i, &r) == 0 && r.type != TR_TLB_MISS)
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
    while (++i < s->tf->hd.records && trace_read(s->tf, i, &r) == 0) {
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

/* The kernel and initrd of this build, each if it is the traced one: other
 * code would make the disassembly lie. */
static void load_files(struct stepper *s)
{
    char path[4200];

    elf_version(EV_CURRENT);
    if (cli_find_artifact("guestos/kernel.elf", path, sizeof(path)) == 0)
        load_file("kernel", path, &s->kernel, &s->kernel_size);
    if (s->kernel && elf_code_id(s->kernel, s->kernel_size) != s->tf->hd.kernel_id) {
        free(s->kernel);
        s->kernel = NULL;
    }
    if (cli_find_artifact("initrd.cpio", path, sizeof(path)) == 0)
        load_file("initrd", path, &s->initrd, &s->initrd_size);
    if (s->initrd && trace_fnv(TRACE_FNV_INIT, s->initrd, s->initrd_size) != s->tf->hd.initrd_id) {
        free(s->initrd);
        s->initrd = NULL;
    }
    s->cs_ok = cs_open(CS_ARCH_RISCV, CS_MODE_RISCV64 | CS_MODE_RISCVC, &s->cs) == CS_ERR_OK;
}

/* The start and bytes of the function around pc in an ELF image, or -1. */
static int find_function(const uint8_t *img, size_t n, uint64_t pc, uint64_t *start,
                         const uint8_t **code, size_t *len)
{
    Elf *e = elf_memory((char *)img, n);
    GElf_Shdr sh;
    int r = -1;

    for (Elf_Scn *sc = NULL; e && (sc = elf_nextscn(e, sc)); ) {
        if (!gelf_getshdr(sc, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
            continue;
        Elf_Data *d = elf_getdata(sc, NULL);
        for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
            GElf_Sym sym;
            if (!gelf_getsym(d, (int)i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
                pc < sym.st_value || pc >= sym.st_value + sym.st_size)
                continue;
            size_t nph;
            elf_getphdrnum(e, &nph);
            for (size_t k = 0; k < nph; k++) {
                GElf_Phdr ph;
                if (gelf_getphdr(e, (int)k, &ph) && ph.p_type == PT_LOAD &&
                    sym.st_value >= ph.p_vaddr && sym.st_value + sym.st_size <= ph.p_vaddr + ph.p_filesz &&
                    ph.p_offset + ph.p_filesz <= n) {
                    *start = sym.st_value;
                    *code = img + ph.p_offset + (sym.st_value - ph.p_vaddr);
                    *len = sym.st_size;
                    r = 0;
                }
            }
        }
    }
    if (e)
        elf_end(e);
    return r;
}

/* Disassemble [start, start+len) and print the lines around pc. */
static void print_around(struct stepper *s, uint64_t start, const uint8_t *code, size_t len, uint64_t pc)
{
    cs_insn *in;
    size_t n = cs_disasm(s->cs, code, len, start, 0, &in), at = n;

    for (size_t i = 0; i < n; i++)
        if (in[i].address == pc)
            at = i;
    for (size_t i = at >= 5 ? at - 5 : 0; i < n && i < at + 4; i++)
        printf("  %s %#" PRIx64 ":  %-8s %s\n", i == at ? "=>" : "  ", in[i].address,
               in[i].mnemonic, in[i].op_str);
    if (n)
        cs_free(in, n);
    if (at == n)
        printf("  (pc %#" PRIx64 " is not an instruction boundary of this function)\n", pc);
}

static void disassemble(struct stepper *s)
{
    struct trace_rec r;
    uint64_t start;
    const uint8_t *code = NULL, *prog;
    size_t len, plen;
    cs_insn *in;

    if (trace_read(s->tf, s->cur, &r) || !s->cs_ok)
        return;
    bool kernel = r.pc >= KSEG32_BASE;
    uint32_t pid = pid_at(s, s->cur);
    const char *name = kernel ? "the kernel" : pid_name(&s->pt, pid);
    if (kernel && s->kernel && find_function(s->kernel, s->kernel_size, r.pc, &start, &code, &len) == 0) {
        print_around(s, start, code, len, r.pc);
        return;
    }
    if (!kernel && s->initrd && cpio_find(s->initrd, s->initrd_size, name, &prog, &plen) == 0 &&
        find_function(prog, plen, r.pc, &start, &code, &len) == 0) {
        printf("  (%s)\n", name);
        print_around(s, start, code, len, r.pc);
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

static const char help[] =
    "n [K] / p [K]  next / previous event      nt / pt  next / previous of this type\n"
    "g N            go to event N              gi ICOUNT  first event at or after ICOUNT\n"
    "f TYPE,...     filter by type (f: all)    fa ASN     filter by ASN (fa: any)\n"
    "w              the page walk, level by level\n"
    "d              disassemble around the PC  s  show again   h  help   q  quit\n";

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
        if (trace_read(s->tf, s->cur, &r) == 0)
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

int trace_step(struct trace_file *tf, bool batch)
{
    struct stepper s = { .tf = tf, .asn = -1 };
    char line[256];

    if (!tf->hd.records) {
        printf("the trace has no events\n");
        return 0;
    }
    build_pids(&s);
    load_files(&s);
    printf("%" PRIu64 " events; h for help\n", tf->hd.records);
    show(&s);
    for (;;) {
        if (!batch) {
            printf("(step) ");
            fflush(stdout);
        }
        if (!fgets(line, sizeof(line), stdin))
            break;
        line[strcspn(line, "\n")] = 0;
        if (batch)
            printf("> %s\n", line);
        if (!command(&s, line))
            break;
    }
    free(s.pid_at);
    free(s.kernel);
    free(s.initrd);
    if (s.cs_ok)
        cs_close(&s.cs);
    return 0;
}
