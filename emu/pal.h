/*
 * pal.h — the AXP64 PAL layer (DESIGN.md section 5): CALL_PAL, callsys,
 * exception entry (trap frame), rti/retsys, swpctx, tbi, clock interrupts.
 *
 * All functions except the hooks operate on the *saved* CPU context
 * (cpu_save() first, cpu_restore() after); the hooks do that themselves.
 * Guest-kernel mistakes are machine checks (machine_check()), never crashes.
 */
#ifndef PAL_H
#define PAL_H

#include "emu/machine.h"

/* UC_HOOK_INTR: ecall (PAL call or callsys), illegal instruction,
 * misaligned AMO.  Handles everything in place, without stopping the CPU. */
void pal_intr_hook(uc_engine *uc, uint32_t intno, void *user);

/* UC_HOOK_INSN_INVALID: Unicorn 2.1.4 reports ebreak (and any instruction
 * QEMU could not translate) here, with pc at the instruction, instead of to
 * UC_HOOK_INTR.  Delivers entIF (bpt for ebreak/c.ebreak, opcdec otherwise)
 * and returns true, so the CPU resumes at the handler.  Can't fail. */
bool pal_insn_invalid_hook(uc_engine *uc, void *user);

/*
 * pal_deliver — exception entry: switch to the kernel stack (KSP if coming
 * from user mode), push a trap frame {PS, PC = frame_pc, x1..x31}, load
 * a0..a2 (when `args`), gp (if wrkgp was used), enter kernel mode at the
 * entry point.  Machine check if the entry is not set or the stack does not map.
 */
void pal_deliver(struct machine *m, int ent, uint64_t frame_pc,
                 uint64_t a0, uint64_t a1, uint64_t a2, bool args);

/* Deliver the pending memory-management fault (m->fault) to entMM with the
 * exact faulting VA.  Saves and restores the context itself. */
void pal_deliver_fault(struct machine *m);

/* If a clock tick is due and IPL < 5, deliver entInt(a0 = 1).  Operates on
 * the saved context.  Returns true if it delivered. */
bool pal_check_interrupt(struct machine *m);

/* PS as rdps returns it: mode bit and IPL. */
static inline uint64_t pal_ps(const struct machine *m)
{
    return (m->mode == MODE_USER ? PS_CM : 0) | m->ipl;
}

#endif /* PAL_H */
