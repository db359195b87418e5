/*
 * machine.h — the AXP64 machine: one CPU (Unicorn RV64GC), sparse physical
 * RAM at PA 0, the MMU and TLB model, the PAL layer, console and clock.
 *
 * Error convention (host code, the whole emulator): functions return 0 on
 * success, or -1 after printing one line that names the problem.  A broken
 * invariant of the emulator itself calls machine_panic() ("function: reason")
 * and aborts.  A broken invariant of the *guest kernel* (page tables outside
 * RAM, no handler for an exception, a kernel stack that does not map) is a
 * machine check: the machine halts with a message and status EXIT_MCHK; the
 * emulator itself keeps running until it returns from machine_run().
 */
#ifndef MACHINE_H
#define MACHINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <unicorn/unicorn.h>
#include "mmu/mmu.h"

/* Exit statuses of alphavlm run other than the guest's own (0..255). */
#define EXIT_BADINPUT  2     /* bad option, file, ELF or size */
#define EXIT_MAXINSNS  124   /* --max-insns reached (as timeout(1)) */
#define EXIT_MCHK      125   /* machine check: the guest kernel broke the machine */
#define EXIT_GDBKILL   137   /* `kill` in gdb (128 + SIGKILL) */

enum clock_mode { CLOCK_ICOUNT = 0, CLOCK_HOST = 1 };
enum tlb_policy { TLB_EXACT = 0, TLB_FAST = 1 };

#define MAX_SHOTS 32           /* --screenshot-at options */
#define SHOT_VLM  (1ULL << 63) /* --screenshot-at vlm:STEP (the kernel's VLM step events) */

struct machine_config {
    uint64_t ram_size;        /* bytes, multiple of PAGE_SIZE */
    enum clock_mode clock;
    enum tlb_policy policy;
    uint64_t quantum;         /* instructions between clock interrupts */
    uint64_t max_insns;       /* 0 = no limit */
    unsigned itb_size, dtb_size;
    uint64_t proc_limit;      /* passed to the kernel in the HWRPB */
    const char *kernel_path;
    const char *initrd_path;  /* may be NULL */
    const char *boot_args;    /* may be NULL */
    bool stats;               /* print machine statistics at exit */
    /* The first program and its arguments, passed in the HWRPB (argc may be 0). */
    int argc;
    char *const *argv;
    const char *extra_path;   /* a host file added to the initrd (`run ./prog`), or NULL */
    bool vlmos;               /* booting VLM/OS: a terminal stdin goes raw, the OS echoes */
    const char *trace_path;   /* --trace FILE, or NULL */
    /* The live view (view/view.h, docs/display.md). */
    bool display;             /* --display sdl */
    const char *screenshot;   /* --screenshot FILE.png, or NULL */
    unsigned nshots;          /* --screenshot-at N or vlm:STEP, repeatable */
    uint64_t shot_at[MAX_SHOTS];  /* instruction counts; SHOT_VLM | step for vlm:STEP */
    bool shot_icount;         /* some are instruction counts */
    int gdb_port;             /* --gdb PORT (0: no stub) */
    bool gdb_wait;            /* --gdb-wait: stop before the first instruction */
};

/* Why the CPU loop was asked to stop (bits of machine.stop). */
#define STOP_HALT     1u      /* PAL halt or machine check: leave the run loop */
#define STOP_FLUSH    2u      /* flush QEMU's TLB cache, then resume */
#define STOP_TICK     4u      /* a clock tick is due */
#define STOP_MAXINSN  8u      /* instruction limit reached */
#define STOP_VIEW     16u     /* the live view: pause, or a screenshot is due */

/* A memory-management fault seen by the fill hook, delivered by the run loop. */
struct pending_fault {
    bool     valid;
    uint64_t page;            /* 4 KiB page Unicorn asked for */
    mm_result code;           /* a fault or a machine check, never MMR_OK */
    int      access;          /* MM_READ / MM_WRITE / MM_EXEC */
};

struct machine_stats {
    uint64_t syscalls, pal_calls, interrupts, exceptions, mm_faults;
    uint64_t qemu_flushes, qemu_page_flushes, restarts, imbs;
};

struct machine {
    struct machine_config cfg;
    uc_engine *uc;
    uint8_t *ram;
    struct mmu_space space;   /* RAM + PTBR the walk reads */
    struct tlb itb, dtb;
    unsigned asn;

    /* PAL state (Alpha internal processor registers). */
    int mode;                 /* MODE_KERNEL / MODE_USER */
    unsigned ipl;
    uint64_t ent[ENT_COUNT];
    uint64_t ksp, usp, kgp, sysvalue;
    uint64_t pcbb;            /* PA of the current PCB, 0 before the first swpctx */
    uint64_t pcc_base;        /* process instruction count offset */

    /* CPU context: uc_context blob and the offsets found by probing it. */
    uc_context *ctx;
    size_t ctx_priv_off, ctx_gpr_off, ctx_pc_off;
    uint64_t x[32], pc;       /* registers between cpu_save() and cpu_restore() */

    /* Clock. */
    uint64_t icount;          /* retired instructions (icount mode, or --max-insns) */
    bool counting;            /* a block hook counts instructions (icount, --max-insns, --trace) */
    bool block_exits_only;    /* Unicorn checks for a stop only at block starts (cpu.c) */
    void *qemu_cpu;           /* the engine's CPUState, for page flushes (cpu.c), or NULL */
    uint64_t next_tick;
    atomic_bool tick_due;     /* set by the clock, consumed by interrupt delivery */
    atomic_uint stop;         /* STOP_* bits */
    pthread_t timer;          /* host mode: the tick thread */
    bool timer_running;
    atomic_bool timer_quit;
    pthread_mutex_t tick_lock; /* host mode: wtint waits on tick_cond */
    pthread_cond_t tick_cond;
    uint64_t fills_since_flush;
    uint64_t fast_flush_at;   /* fast policy: flush QEMU's cache after this many fills */
    bool pace_idle;           /* icount: idle time passes in real time (interactive console) */

    struct pending_fault fault;
    bool in_bpt;              /* an ebreak left UC_ERR_EXCEPTION pending in Unicorn */
    int exit_status;
    char mchk[160];           /* machine-check message, "" if none */

    struct machine_stats st;
    void *blockcache;         /* clock.c's instruction-count cache */
    uint32_t block_gen;       /* its generation: entries of older ones are stale */
    uint64_t block_icount;    /* icount before the block running now (user counters) */
    /* A user rdcycle/rdinstret that ended the block before, per ASN: the pc
     * after it, where its register gets the icount-derived value (clock.c). */
    struct { uint64_t pc, value; unsigned rd; } ctr_pending[1u << ASN_BITS];

    /* Tracing (tracepoint.c), NULL when not recording. */
    struct tracer *tracer;
    uint64_t block_pc;        /* start of the block running now (fill records' pc) */
    uint64_t fill_pc;         /* the pc of the fill being recorded */
    uint64_t insn_pc;         /* the instruction cache of tp_event */
    uint32_t insn, insn_key;
    uint64_t kernel_id, initrd_id;

    /* The live view (view/view.h), NULL without --display / --screenshot.
     * The run loop calls view_stopped after every CPU stop (pauses,
     * screenshots); false ends the run.  A pointer keeps emu/ free of SDL. */
    struct view *view;
    bool (*view_stopped)(struct machine *m);
    uint64_t view_at;         /* icount of the next --screenshot-at, 0 if none */
    bool view_vlm;            /* --screenshot-at vlm:STEP: watch the kernel's VLM steps */
    uint32_t view_step;       /* the step last reported (fig * 10000 + step), for view/ */
    uint64_t view_sys[2];     /* user system calls (a7) that stop the CPU for the view:
                               * --screenshot's last moment is a program's exit; 0 none */
    bool view_sys_hit;        /* one of them was just called */
    struct gdb *gdb;          /* the gdb stub (gdbstub.h), NULL without --gdb */
    bool bugchk;              /* the kernel called PAL bugchk (a crash report was printed) */
};

/* Create the machine: RAM, Unicorn, hooks, kernel, HWRPB.  0 or -1. */
int  machine_init(struct machine *m, const struct machine_config *cfg);
/* Run until the guest halts.  Returns the exit status (guest's, or EXIT_*). */
int  machine_run(struct machine *m);
/* Finish the trace (if any) and release everything.  Returns -1 if the
 * trace could not be written completely (a message says why), else 0. */
int  machine_free(struct machine *m);
/* Print the statistics block (TLB counters etc.) to stderr, or to f. */
void machine_print_stats(const struct machine *m);
void machine_fprint_stats(const struct machine *m, FILE *f);

/* An emulator bug: print "func: reason" and abort.  Never returns. */
_Noreturn void machine_panic(const char *func, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * machine_check — the guest kernel broke an invariant: record the message,
 * set status EXIT_MCHK, request a stop.  The run loop ends after the current
 * instruction.  Can't fail.
 */
void machine_check(struct machine *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * machine_request_stop — make uc_emu_start return with reason bits `why`.
 * Thread-safe (the host timer calls it); can't fail.  It only sets m->stop;
 * clock.c's block hook (every mode has one) calls uc_emu_stop() at the start
 * of the next block, so that no counted block is ever split and no stop
 * lands inside an atomic instruction: on Unicorn 2.1.4 a mid-block stop after
 * an amo's or sc's store resumes at that instruction, which runs again
 * (t_storm's atomic loops).
 */
void machine_request_stop(struct machine *m, unsigned why);

/* Host pointer for PA range [pa, pa+len), or NULL if outside RAM. */
static inline void *machine_pa(struct machine *m, uint64_t pa, uint64_t len)
{
    if (pa > m->cfg.ram_size || len > m->cfg.ram_size - pa)
        return NULL;
    return m->ram + pa;
}

#endif /* MACHINE_H */
