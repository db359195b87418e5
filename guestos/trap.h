/*
 * trap.h — the kernel's side of exception entry (entry.S calls these with
 * the PAL's a0..a2 and the trap frame it pushed).  Faults in user mode kill
 * the process with a report; faults in kernel mode are kernel bugs: panic.
 */
#ifndef GUESTOS_TRAP_H
#define GUESTOS_TRAP_H

#include "guestos/kernel.h"

/* struct trapframe: the PAL's frame, axp64/axp64.h. */
enum { REG_SP = 2, REG_TP = 4, REG_A0 = 10, REG_A7 = 17 };

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
