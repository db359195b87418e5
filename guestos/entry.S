/*
 * entry.S — kernel entry: boot, the exception entry points, the first
 * return to user mode of a new process, and the kernel-stack switch.
 * The PAL has already pushed the trap frame (axp64.h FRAME_*) at SP and
 * loaded a0..a2 when each entry runs (docs/pal.md).
 */
#include "axp64/axp64.h"

    .section .text.start, "ax"
    .globl _start
_start:                             /* a0 = KSEG32 address of the HWRPB */
    la      sp, boot_stack_top
    call    kmain
1:  j       1b

    .text
/* callsys: user a0..a5, a7 are in the frame; the result goes into its a0
 * slot and retsys restores every register from it. */
    .globl ent_sys
    .balign 4
ent_sys:
    mv      a0, sp
    call    trap_syscall
    li      a7, PAL_RETSYS
    ecall

    .globl ent_mm
    .balign 4
ent_mm:                             /* a0 = VA, a1 = MMCSR, a2 = cause */
    mv      a3, sp
    call    trap_mm
    j       rti_out

    .globl ent_if
    .balign 4
ent_if:                             /* a0 = IF_* code */
    mv      a1, sp
    call    trap_if
    j       rti_out

    .globl ent_int
    .balign 4
ent_int:                            /* a0 = INT_CLOCK */
    mv      a1, sp
    call    trap_int
    j       rti_out

    .globl ent_una
    .balign 4
ent_una:                            /* a0 = VA, a1 = opcode, a2 = register */
    mv      a3, sp
    call    trap_una
    j       rti_out

    .globl ent_arith
    .balign 4
ent_arith:
    mv      a0, sp
    call    trap_arith
    /* fall through */
rti_out:
    li      a7, PAL_RTI
    ecall

/* A new process's first instructions: swtch has popped its callee-saved
 * area, SP is the user-mode trap frame exec_load built; rti enters it. */
    .globl proc_trampoline
proc_trampoline:
    li      a7, PAL_RTI
    ecall

/* swtch(new_pcb_pa): keep ra and s0..s11 on this stack, let swpctx save SP
 * into the current PCB and load the new process's SP, pop the same area
 * from its stack.  (proc.h SWTCH_FRAME is this area's size.) */
    .globl swtch
swtch:
    addi    sp, sp, -112
    sd      ra, 0(sp)
    sd      s0, 8(sp)
    sd      s1, 16(sp)
    sd      s2, 24(sp)
    sd      s3, 32(sp)
    sd      s4, 40(sp)
    sd      s5, 48(sp)
    sd      s6, 56(sp)
    sd      s7, 64(sp)
    sd      s8, 72(sp)
    sd      s9, 80(sp)
    sd      s10, 88(sp)
    sd      s11, 96(sp)
    li      a7, PAL_SWPCTX
    ecall
    ld      ra, 0(sp)
    ld      s0, 8(sp)
    ld      s1, 16(sp)
    ld      s2, 24(sp)
    ld      s3, 32(sp)
    ld      s4, 40(sp)
    ld      s5, 48(sp)
    ld      s6, 56(sp)
    ld      s7, 64(sp)
    ld      s8, 72(sp)
    ld      s9, 80(sp)
    ld      s10, 88(sp)
    ld      s11, 96(sp)
    addi    sp, sp, 112
    ret

/* boot_pcb(pcb_pa): the first swpctx, keeping the boot stack: store SP as
 * the PCB's KSP first so that swpctx loads it back unchanged. */
    .globl boot_pcb
boot_pcb:
    SWPCTX_KEEP_SP
    ret

    .bss
    .balign 16
boot_stack:
    .space  16384
    .globl boot_stack_top
boot_stack_top:
