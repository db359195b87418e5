/*
 * trap.c — exception handlers (see trap.h).
 */
#include "guestos/palcall.h"
#include "guestos/proc.h"
#include "guestos/trap.h"

extern void ent_int(void), ent_arith(void), ent_mm(void), ent_if(void), ent_una(void),
            ent_sys(void);

void trap_init(void)
{
    pal_wrent(ent_int, ENT_INT);
    pal_wrent(ent_arith, ENT_ARITH);
    pal_wrent(ent_mm, ENT_MM);
    pal_wrent(ent_if, ENT_IF);
    pal_wrent(ent_una, ENT_UNA);
    pal_wrent(ent_sys, ENT_SYS);
}

static bool from_user(const struct trapframe *tf)
{
    return tf->ps & PS_CM;
}

void trap_syscall(struct trapframe *tf)
{
    tf->x[REG_A0] = (uint64_t)syscall_dispatch(tf);
    proc_return_to_user();
}

void trap_mm(uint64_t va, uint64_t mmcsr, int64_t cause, struct trapframe *tf)
{
    char why[96];

    if (!from_user(tf))
        panic("trap_mm: kernel fault at va %#lx, pc %#lx (MMCSR %lu, cause %ld)",
              (unsigned long)va, (unsigned long)tf->pc, (unsigned long)mmcsr, (long)cause);
    int sig = vm_fault(curproc, va, (int)mmcsr, (int)cause, why, sizeof(why));
    if (sig) {
        char msg[128];
        ksnprintf(msg, sizeof(msg), "%s, pc %#lx", why, (unsigned long)tf->pc);
        proc_fault_exit(sig, msg);
    }
    curproc->faults++;
    proc_return_to_user();
}

void trap_if(uint64_t code, struct trapframe *tf)
{
    char msg[64];

    if (!from_user(tf))
        panic("trap_if: %s in the kernel at pc %#lx",
              code == IF_BPT ? "breakpoint" : "illegal instruction", (unsigned long)tf->pc);
    ksnprintf(msg, sizeof(msg), "%s at pc %#lx",
              code == IF_BPT ? "breakpoint" : "illegal instruction", (unsigned long)tf->pc);
    proc_fault_exit(code == IF_BPT ? VSIG_TRAP : VSIG_ILL, msg);
}

/* The clock.  In user mode: do the deferred work and round-robin at once.
 * In kernel mode the kernel is not preempted: note it for the next return
 * to user mode (or the idle loop). */
void trap_int(uint64_t code, struct trapframe *tf)
{
    (void)code;
    ticks++;
    need_resched = true;
    if (from_user(tf))
        proc_return_to_user();
}

void trap_una(uint64_t va, uint64_t opcode, uint64_t reg, struct trapframe *tf)
{
    char msg[96];

    (void)reg;
    if (!from_user(tf))
        panic("trap_una: misaligned access to %#lx in the kernel at pc %#lx",
              (unsigned long)va, (unsigned long)tf->pc);
    ksnprintf(msg, sizeof(msg), "misaligned atomic access (opcode %#lx) at va %#lx, pc %#lx",
              (unsigned long)opcode, (unsigned long)va, (unsigned long)tf->pc);
    proc_fault_exit(VSIG_BUS, msg);
}

void trap_arith(struct trapframe *tf)
{
    panic("trap_arith: entArith at pc %#lx: the machine never raises it",
          (unsigned long)tf->pc);
}
