/*
 * crash.c — see crash.h.
 */
#include <stdio.h>
#include <string.h>
#include "axp64/names.h"
#include "emu/crash.h"
#include "emu/gvm.h"
#include "image/artifact.h"
#include "image/sym.h"
#include "emu/ucx.h"

#define MAX_FRAMES 32
#define ENTRY_STUB 64         /* bytes of an entry stub before its call returns */

static int read_q(void *arg, uint64_t va, uint64_t *v)
{
    return gvm_read(arg, va, v, 8, MODE_KERNEL) ? -1 : 0;
}

/* If pc returns into an exception entry stub (a wrent'd entry point),
 * which one; else -1. */
static int entry_stub(struct machine *m, uint64_t pc)
{
    for (int i = 0; i < ENT_COUNT; i++)
        if (m->ent[i] && pc > m->ent[i] && pc - m->ent[i] < ENTRY_STUB)
            return i;
    return -1;
}

/* The handler the stub called had the trap frame as its CFA, now in
 * regs[2]: load the interrupted registers.  -1 if it came from user mode. */
static int exception_frame(struct machine *m, uint64_t regs[32], uint64_t *pc)
{
    uint64_t frame[FRAME_SIZE / 8];

    if (gvm_read(m, regs[2], frame, FRAME_SIZE, MODE_KERNEL) || (frame[FRAME_PS / 8] & PS_CM))
        return -1;
    memcpy(&regs[1], &frame[FRAME_X(1) / 8], 31 * 8);
    *pc = frame[FRAME_PC / 8];
    return 0;
}

int crash_backtrace(struct machine *m, struct sym_file *sf, uint64_t pc, const uint64_t *x,
                    struct crash_frame *f, int max)
{
    uint64_t regs[32];
    bool exact = true;
    int n = 0;

    memcpy(regs, x, sizeof(regs));
    while (n < max && pc) {
        f[n++] = (struct crash_frame){ pc, exact };
        uint64_t sp = regs[2];
        if (!exact && entry_stub(m, pc) >= 0) {
            if (exception_frame(m, regs, &pc))
                break;
            exact = true;
            continue;
        }
        if (sym_unwind(sf, &pc, exact, regs, read_q, m) || regs[2] < sp ||
            (regs[2] == sp && !exact))
            break;                          /* no CFI, or a stack that does not grow up */
        exact = false;
    }
    return n;
}

/* "func+0x1c (file:line)" for a frame: a return address is looked up one
 * byte back, so the line is the call's, not the next statement's. */
static void describe(struct sym_file *sf, const struct crash_frame *f, char *buf, size_t n)
{
    struct sym_info si;
    uint64_t at = f->exact ? f->pc : f->pc - 1;

    if (!sf || sym_lookup(sf, at, &si) != 0)
        snprintf(buf, n, "?");
    else if (si.file)
        snprintf(buf, n, "%s+%#lx (%s:%d)", si.func, (unsigned long)(f->pc - (at - si.offset)),
                 si.file, si.line);
    else
        snprintf(buf, n, "%s+%#lx", si.func, (unsigned long)(f->pc - (at - si.offset)));
}

static void print_regs(struct machine *m, const uint64_t *x, uint64_t pc)
{
    static const char *const name[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3",
        "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11",
        "t3", "t4", "t5", "t6" };

    fprintf(stderr, "  pc %016lx  %s mode  IPL %u  ASN %u  PTBR %#lx  PCBB %#lx  KSP %#lx  USP %#lx\n",
            (unsigned long)pc, m->mode == MODE_USER ? "user" : "kernel", m->ipl, m->asn,
            (unsigned long)m->space.ptbr, (unsigned long)m->pcbb, (unsigned long)m->ksp,
            (unsigned long)m->usp);
    for (int i = 0; i < 32; i += 4)
        fprintf(stderr, "  %4s %016lx %4s %016lx %4s %016lx %4s %016lx\n", name[i],
                (unsigned long)x[i], name[i + 1], (unsigned long)x[i + 1], name[i + 2],
                (unsigned long)x[i + 2], name[i + 3], (unsigned long)x[i + 3]);
}

void crash_report(struct machine *m, const char *what, const char *msg, const uint64_t *xin,
                  uint64_t pc)
{
    struct crash_frame f[MAX_FRAMES];
    struct sym_file *sf = m->cfg.kernel_path ? sym_file_open(m->cfg.kernel_path) : NULL;
    uint64_t x[32];
    char d[256];

    if (xin) {
        memcpy(x, xin, sizeof(x));
    } else {
        for (int i = 0; i < 32; i++)
            UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_X0 + i, &x[i]));
        UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_PC, &pc));
    }
    if (what)
        fprintf(stderr, "alphavlm: %s: %s\n", what, msg);
    print_regs(m, x, pc);
    int n = m->mode == MODE_KERNEL ? crash_backtrace(m, sf, pc, x, f, MAX_FRAMES) : 0;
    /* In kernel mode only pc 0 gives no frame (crash_backtrace stops at it). */
    fprintf(stderr, "  backtrace%s:\n", n ? "" : m->mode != MODE_KERNEL
            ? " (none: the CPU is in user mode)"
            : " (none: pc is 0, a jump through a null pointer; ra may name the caller)");
    for (int i = 0; i < n; i++) {
        describe(sf, &f[i], d, sizeof(d));
        /* An exact frame after the first was unwound through the entry stub
         * that frame i-1 returns into: name that entry. */
        if (i && f[i].exact)
            fprintf(stderr, "  #%-2d %016lx  %s   <- interrupted here (%s frame)\n", i,
                    (unsigned long)f[i].pc, d, axp_entry_name(entry_stub(m, f[i - 1].pc)));
        else
            fprintf(stderr, "  #%-2d %016lx  %s\n", i, (unsigned long)f[i].pc, d);
    }
    sym_file_close(sf);
}

/* The host ELF with debug info for VLM/OS program `prog`, into path. */
static int user_elf(struct machine *m, const char *prog, char *path, size_t n)
{
    const char *extra = m->cfg.extra_path, *base = extra ? strrchr(extra, '/') : NULL;
    char rel[128];

    if (extra && !strcmp(base ? base + 1 : extra, prog)) {
        snprintf(path, n, "%s", extra);
        return 0;
    }
    if (strchr(prog, '/') || snprintf(rel, sizeof(rel), "workloads/%s.elf", prog) >= (int)sizeof(rel))
        return -1;
    return artifact_find(rel, path, n);
}

int crash_user_symbol(struct machine *m, const char *prog, uint64_t pc, char *out, size_t n)
{
    char path[4096], d[256];
    struct sym_file *sf;
    int r = -1;

    if (user_elf(m, prog, path, sizeof(path)) || !(sf = sym_file_open(path)))
        return -1;
    if (sym_describe(sf, pc, d, sizeof(d)) == 0) {
        snprintf(out, n, "%s", d);
        r = 0;
    }
    sym_file_close(sf);
    return r;
}
