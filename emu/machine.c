/*
 * machine.c — assembling the AXP64 machine and its run loop.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "emu/cli.h"
#include "emu/clock.h"
#include "emu/console.h"
#include "emu/cpu.h"
#include "emu/crash.h"
#include "emu/gdbstub.h"
#include "emu/loader.h"
#include "emu/pal.h"
#include "emu/tlbfill.h"
#include "emu/tracepoint.h"
#include "emu/ucx.h"
#include "image/fnv.h"
#include "image/bootfit.h"


_Noreturn void machine_panic(const char *func, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "alphavlm: panic: %s: ", func);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}

void machine_check(struct machine *m, const char *fmt, ...)
{
    va_list ap;
    if (m->mchk[0])
        return;                                /* keep the first cause */
    va_start(ap, fmt);
    vsnprintf(m->mchk, sizeof(m->mchk), fmt, ap);
    va_end(ap);
    m->exit_status = EXIT_MCHK;
    machine_request_stop(m, STOP_HALT);
}

void machine_request_stop(struct machine *m, unsigned why)
{
    atomic_fetch_or(&m->stop, why);
    /* Without a block hook, stop now: Unicorn takes it at the next block
     * start (cpu.c block_exits_only).  Harmless when the CPU is not running. */
    if (!m->counting && m->block_exits_only)
        uc_emu_stop(m->uc);
}

static int add_hooks(struct machine *m)
{
    uc_hook h;
    return UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_TLB_FILL, (void *)tlbfill_hook, m, 1, 0)) ||
           UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_INTR, (void *)pal_intr_hook, m, 1, 0)) ||
           UC_CHECK(uc_hook_add(m->uc, &h, UC_HOOK_INSN_INVALID, (void *)pal_insn_invalid_hook,
                                m, 1, 0)) ? -1 : 0;
}

/* Put the CPU at the kernel entry: kernel mode, IPL 7, a0 = HWRPB (KSEG32). */
static int boot_cpu(struct machine *m, uint64_t entry)
{
    cpu_save(m);
    memset(cpu_x(m), 0, 32 * sizeof(uint64_t));
    cpu_x(m)[X_A0] = KSEG32_VA(HWRPB_PA);
    *cpu_pc(m) = entry;
    cpu_set_mode(m, MODE_KERNEL);
    cpu_restore(m);
    m->ipl = IPL_MAX;
    return 0;
}

/* Refuse, before boot, what VLM/OS would halt on: an initrd beyond its
 * limits, or RAM too small to start the first program (image/bootfit.h
 * derives the floor from the kernel's own reservations). */
static int check_vlmos(struct machine *m, uint64_t image_end, uint64_t ipa, uint64_t isize)
{
    const uint8_t *rd = m->ram + ipa;
    const char *prog = m->cfg.argc ? m->cfg.argv[0] : "sh", *slash = strrchr(prog, '/');
    char err[160];

    if (!m->cfg.vlmos)
        return 0;
    if (isize && bootfit_initrd(rd, isize, err, sizeof(err))) {
        fprintf(stderr, "alphavlm run: initrd %s%s%s: %s\n", m->cfg.initrd_path,
                m->cfg.extra_path ? " + " : "", m->cfg.extra_path ? m->cfg.extra_path : "", err);
        return -1;
    }
    uint64_t pages = isize ? bootfit_program_pages(rd, isize, slash ? slash + 1 : prog) : 0;
    uint64_t need = bootfit_ram_floor(image_end, pages);
    if (m->cfg.ram_size >= need)
        return 0;
    fprintf(stderr, "alphavlm run: --ram %luK: too small for VLM/OS to start %s (kernel and "
            "initrd %luK, %lu pages for the program): at least %luK\n",
            (unsigned long)(m->cfg.ram_size >> 10), slash ? slash + 1 : prog,
            (unsigned long)(image_end >> 10), (unsigned long)pages, (unsigned long)(need >> 10));
    return -1;
}

int machine_init(struct machine *m, const struct machine_config *cfg)
{
    uint64_t entry, end, ipa = 0, isize = 0;

    memset(m, 0, sizeof(*m));
    m->cfg = *cfg;
    if (ram_alloc(m) || load_kernel(m, cfg->kernel_path, &entry, &end) ||
        (cfg->initrd_path && load_initrd(m, cfg->initrd_path, end, &ipa, &isize)) ||
        check_vlmos(m, isize ? ipa + isize : end, ipa, isize))
        return -1;
    if (cfg->trace_path) {
        m->initrd_id = isize ? fnv64(FNV64_INIT, m->ram + ipa, isize) : 0;
        if (tp_open(m))
            return -1;
    }
    /* A person at a terminal: the OS echoes, and idle time passes in real time. */
    m->pace_idle = cfg->vlmos && console_raw();
    write_hwrpb(m, end, ipa, isize, m->pace_idle);
    for (unsigned i = 0; i < cfg->nshots; i++)   /* vlm:STEP pictures need the OS's events */
        m->view_vlm |= (cfg->shot_at[i] & SHOT_VLM) != 0;
    if (m->tracer || m->view_vlm)
        memcpy(m->ram + HWRPB_PA + HWRPB_TRACE, &(uint64_t){ 1 }, 8);
    if (cpu_init(m) || tlb_init(&m->itb, "ITB", cfg->itb_size) ||
        tlb_init(&m->dtb, "DTB", cfg->dtb_size) || add_hooks(m) || clock_init(m))
        return -1;
    if (boot_cpu(m, entry))
        return -1;
    return cfg->gdb_port ? gdb_open(m, cfg->gdb_port, cfg->gdb_wait) : 0;
}

/* One pass of the CPU; returns false when the machine has halted. */
static bool run_once(struct machine *m)
{
    uint64_t pc;
    int count = 0;                             /* instructions to run, 0: no limit */
    bool held = false;                         /* gdb reported a stop: no interrupt now */

    if (m->gdb && (count = gdb_before_run(m)) < 0)
        return false;
    if (UC_CHECK(uc_reg_read(m->uc, UC_RISCV_REG_PC, &pc)))
        machine_panic(__func__, "cannot read pc");
    m->fault.valid = false;
    uc_err err = uc_emu_start(m->uc, pc, 0, 0, (size_t)count);
    unsigned why = atomic_exchange(&m->stop, 0);
    m->st.restarts++;

    if (err == UC_ERR_EXCEPTION && m->fault.valid)
        pal_deliver_fault(m);
    else if (err == UC_ERR_EXCEPTION && m->in_bpt)
        err = UC_ERR_OK;                       /* ebreak, already delivered (pal.c) */
    else if (err != UC_ERR_OK)
        machine_check(m, "CPU stopped at pc %#lx: %s", (unsigned long)pc, uc_strerror(err));
    m->in_bpt = false;
    if (m->gdb)
        held = gdb_after_run(m, why);
    if (m->mchk[0] || (why & STOP_HALT))
        return false;
    if (why & STOP_MAXINSN) {
        m->exit_status = EXIT_MAXINSNS;
        snprintf(m->mchk, sizeof(m->mchk), "instruction limit reached (--max-insns %lu)",
                 (unsigned long)m->cfg.max_insns);
        return false;
    }
    if (why & STOP_FLUSH)
        cpu_flush_tlb_cache(m);
    if (!held && atomic_load(&m->tick_due)) {
        cpu_save(m);
        if (pal_check_interrupt(m))
            cpu_restore(m);
    }
    return !m->mchk[0];
}

int machine_run(struct machine *m)
{
    while (run_once(m) && (!m->view_stopped || m->view_stopped(m)))
        ;
    console_flush();
    if (m->gdb)
        gdb_halted(m, m->exit_status);
    if (m->mchk[0])
        fprintf(stderr, "alphavlm: %s%s\n",
                m->exit_status == EXIT_MCHK ? "machine check: " : "", m->mchk);
    if (m->exit_status == EXIT_MCHK)
        crash_report(m, NULL, NULL, NULL, 0);
    if (m->cfg.stats)
        machine_print_stats(m);
    return m->exit_status;
}

/* Misses and misses per 1000 instructions.  No hit rate: QEMU's own TLB
 * answers most lookups before the model sees them, so hits are never
 * counted exactly; under --tlb fast the misses are not exact either. */
static void print_tlb(FILE *f, const struct machine *m, const struct tlb *t)
{
    double mpki = m->icount ? 1000.0 * (double)t->st.misses / (double)m->icount : 0.0;
    fprintf(f, "  %s (%u entries): misses %lu (%.3f per 1000 instructions%s)  fills %lu  "
            "evictions %lu  invalidated %lu\n", t->name, t->n, (unsigned long)t->st.misses, mpki,
            m->cfg.policy == TLB_EXACT ? ", exact" : "; not exact under --tlb fast",
            (unsigned long)t->st.fills, (unsigned long)t->st.evictions,
            (unsigned long)t->st.invalidations);
}

void machine_print_stats(const struct machine *m)
{
    machine_fprint_stats(m, stderr);
}

void machine_fprint_stats(const struct machine *m, FILE *f)
{
    const struct machine_stats *s = &m->st;
    fprintf(f, "alphavlm stats (%s clock, %s TLB policy):\n",
            m->cfg.clock == CLOCK_ICOUNT ? "icount" : "host",
            m->cfg.policy == TLB_EXACT ? "exact" : "fast");
    fprintf(f, "  instructions %lu  exceptions %lu  syscalls %lu  PAL calls %lu  "
            "interrupts %lu  MM faults %lu\n", (unsigned long)m->icount,
            (unsigned long)s->exceptions, (unsigned long)s->syscalls,
            (unsigned long)s->pal_calls, (unsigned long)s->interrupts,
            (unsigned long)s->mm_faults);
    print_tlb(f, m, &m->itb);
    print_tlb(f, m, &m->dtb);
    fprintf(f, "  QEMU TLB cache flushes %lu (of pages %lu)  CPU restarts %lu  imb %lu\n",
            (unsigned long)s->qemu_flushes, (unsigned long)s->qemu_page_flushes,
            (unsigned long)s->restarts, (unsigned long)s->imbs);
    fprintf(f, "  stops at block starts: %s\n", m->block_exits_only ?
            "Unicorn's exit checks after loads and stores are off" : "by the block hook");
}

int machine_free(struct machine *m)
{
    int r = tp_close(m);
    gdb_close(m);
    clock_stop(m);
    if (m->ctx)
        uc_context_free(m->ctx);
    if (m->uc)
        uc_close(m->uc);
    tlb_free(&m->itb);
    tlb_free(&m->dtb);
    if (m->ram)
        munmap(m->ram, m->cfg.ram_size);
    memset(m, 0, sizeof(*m));
    return r;
}
