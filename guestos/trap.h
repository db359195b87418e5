/*
 * trap.h — the kernel's side of exception entry (entry.S calls these with
 * the PAL's a0..a2 and the trap frame it pushed).  Faults in user mode kill
 * the process with a report; faults in kernel mode are kernel bugs: panic.
 */
#ifndef GUESTOS_TRAP_H
#define GUESTOS_TRAP_H

#include "guestos/kernel.h"

/* The PAL trap frame (axp64.h FRAME_*): x[n] sits at FRAME_X(n) = 8 + 8n,
 * so the slot of x0 (hardwired zero) holds the PC. */
struct trapframe {
    uint64_t ps;
    union {
        uint64_t pc;
        uint64_t x[32];
    };
    uint64_t pad;
};
_Static_assert(sizeof(struct trapframe) == FRAME_SIZE, "trap frame layout");

enum { REG_SP = 2, REG_A0 = 10, REG_A7 = 17 };

void trap_init(void);               /* wrent every entry point */
void trap_syscall(struct trapframe *tf);
void trap_mm(uint64_t va, uint64_t mmcsr, int64_t cause, struct trapframe *tf);
void trap_if(uint64_t code, struct trapframe *tf);
void trap_int(uint64_t code, struct trapframe *tf);
void trap_una(uint64_t va, uint64_t opcode, uint64_t reg, struct trapframe *tf);
void trap_arith(struct trapframe *tf);

/* syscall.c: run system call a7 with a0..a5; the result for a0. */
int64_t syscall_dispatch(struct trapframe *tf);

#endif /* GUESTOS_TRAP_H */
