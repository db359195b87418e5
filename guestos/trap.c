/*
 * trap.c — exception handlers (see trap.h).  A user fault goes to the
 * process's handler for its signal if it has one (sig_fault), else kills
 * it with the report.
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
    uint64_t nr = tf->x[REG_A7], a0 = tf->x[REG_A0];
    int64_t r = syscall_dispatch(tf);

    tf->x[REG_A0] = (uint64_t)r;
    sig_syscall_done(nr, a0, r);          /* SIGPIPE; restart or EINTR if a signal is due */
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
        if (sig != VSIG_SEGV)
            proc_fault_exit(sig, msg);    /* out of memory: no handler can help */
        /* MAPERR: nothing valid there; ACCERR: a page refused the access. */
        sig_fault(sig, mmcsr == MM_TNV ? VSEGV_MAPERR : VSEGV_ACCERR, va, msg);
        proc_return_to_user();            /* into the handler */
        return;
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
    sig_fault(code == IF_BPT ? VSIG_TRAP : VSIG_ILL, code == IF_BPT ? VTRAP_BRKPT : VILL_ILLOPC,
              tf->pc, msg);
    proc_return_to_user();
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
    sig_fault(VSIG_BUS, VBUS_ADRALN, va, msg);
    proc_return_to_user();
}

void trap_arith(struct trapframe *tf)
{
    panic("trap_arith: entArith at pc %#lx: the machine never raises it",
          (unsigned long)tf->pc);
}
