/*
 * cpu.h — the CPU as the PAL layer sees it: a saved Unicorn context whose
 * registers, PC and privilege level are edited in place, then restored.
 *
 * Kernel mode runs as M-mode and user mode as U-mode (QEMU keeps a TLB cache per
 * mode, and CSR instructions trap in U-mode).  cpu_init() finds where the
 * privilege byte, x0..x31 and pc live inside a uc_context by diffing contexts
 * of a probe engine (DESIGN.md section 5); nothing is hard-coded, and the
 * probe fails loudly if the layout is not what it expects.  (Unicorn 2.1.1
 * had no register for the privilege level; 2.1.4's UC_RISCV_REG_PRIV is not
 * needed, because the PAL edits the saved context anyway.)
 *
 * Usage, inside a hook or between runs:
 *     cpu_save(m); x = cpu_x(m); ... edit x[], *cpu_pc(m), cpu_set_mode(m, M) ...
 *     cpu_restore(m);
 * uc_context_save/restore are plain copies of QEMU's CPU state, so this is
 * safe in UC_HOOK_INTR (between translation blocks) and outside uc_emu_start.
 */
#ifndef CPU_H
#define CPU_H

#include "emu/machine.h"

/* Open Unicorn, map RAM, probe the context layout, enable FP, install the
 * virtual-TLB mode.  0, or -1 with a message. */
int cpu_init(struct machine *m);

/* The offset of Unicorn's private no_exit_request flag in uc_engine, found
 * in the linked code (cpu.c), or -1. */
long cpu_exit_flag_offset(void);

/* The offset of the engine's CPUState pointer in uc_engine, found in the
 * linked uc_emu_stop (cpu.c), or -1. */
long cpu_state_offset(void);

/* Drop [va, va + npages pages) from QEMU's TLB cache at once, inside a hook
 * too.  False (nothing done) if the CPUState was not found or the range is
 * large: then the caller flushes the whole cache at a stop. */
bool cpu_flush_tlb_pages(struct machine *m, uint64_t va, uint64_t npages);

void cpu_save(struct machine *m);               /* panics if Unicorn fails */
void cpu_restore(struct machine *m);            /* panics if Unicorn fails */

/* The registers of the last cpu_save(), written back by cpu_restore().  (The
 * slots inside the uc_context blob are only 4-byte aligned, so they are
 * copied out rather than aliased.) */
static inline uint64_t *cpu_x(struct machine *m)
{
    return m->x;
}

static inline uint64_t *cpu_pc(struct machine *m)
{
    return &m->pc;
}

/* Set the privilege level in the saved context and m->mode. */
void cpu_set_mode(struct machine *m, int mode);

/* Flush QEMU's softmmu TLB cache (all modes).  Panics if Unicorn fails. */
void cpu_flush_tlb_cache(struct machine *m);

/* RISC-V register numbers the PAL uses. */
enum { X_RA = 1, X_SP = 2, X_GP = 3, X_TP = 4, X_A0 = 10, X_A1 = 11, X_A2 = 12,
       X_A7 = 17 };

#endif /* CPU_H */
