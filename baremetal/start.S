/* start.S — entry of a machine-level test image and its trap stubs. */
#include "axp64/axp64.h"

    .section .text.start, "ax"
    .globl _start
_start:                         /* a0 = KSEG32 address of the HWRPB */
    la      sp, boot_stack_top
    call    mlib_main           /* never returns */
1:  j       1b

/* One stub per entry point: the PAL has pushed the frame; pass it to C,
 * then rti pops it (handlers may edit it). */
.macro STUB name, ent
    .globl \name
    .balign 4
\name:
    li      t0, \ent
    j       trap_common
.endm
    .text
    STUB ent_int,   ENT_INT
    STUB ent_arith, ENT_ARITH
    STUB ent_mm,    ENT_MM
    STUB ent_if,    ENT_IF
    STUB ent_una,   ENT_UNA
    STUB ent_sys,   ENT_SYS
trap_common:
    mv      a3, sp              /* struct trapframe * */
    mv      a4, t0              /* entry number */
    call    trap_dispatch
    li      a7, PAL_RTI
    ecall

/* run_user(entry, usp): save the kernel context, build a user frame and rti. */
    .globl run_user
run_user:
    la      t0, kjmp
    sd      ra, 0(t0)
    sd      sp, 8(t0)
    sd      s0, 16(t0)
    sd      s1, 24(t0)
    sd      s2, 32(t0)
    sd      s3, 40(t0)
    sd      s4, 48(t0)
    sd      s5, 56(t0)
    sd      s6, 64(t0)
    sd      s7, 72(t0)
    sd      s8, 80(t0)
    sd      s9, 88(t0)
    sd      s10, 96(t0)
    sd      s11, 104(t0)
    mv      s0, a0
    mv      a0, a1
    li      a7, PAL_WRUSP
    ecall
    addi    sp, sp, -FRAME_SIZE
    mv      a0, sp
    li      a1, FRAME_SIZE
    call    mzero
    li      t0, PS_CM           /* user mode, IPL 0 */
    sd      t0, FRAME_PS(sp)
    sd      s0, FRAME_PC(sp)
    li      a7, PAL_RTI
    ecall

/* user_return(value): back to run_user's caller, abandoning the trap frames. */
    .globl user_return
user_return:
    la      t0, kjmp
    ld      ra, 0(t0)
    ld      sp, 8(t0)
    ld      s0, 16(t0)
    ld      s1, 24(t0)
    ld      s2, 32(t0)
    ld      s3, 40(t0)
    ld      s4, 48(t0)
    ld      s5, 56(t0)
    ld      s6, 64(t0)
    ld      s7, 72(t0)
    ld      s8, 80(t0)
    ld      s9, 88(t0)
    ld      s10, 96(t0)
    ld      s11, 104(t0)
    ret

    .bss
    .balign 16
kjmp:   .space 112
    .balign 16
boot_stack: .space 32768
boot_stack_top:

/* ctx_switch(pcb_pa): store the current SP as the new PCB's KSP (so the
 * kernel keeps its stack), then swpctx.  Returns the old PCB's PA. */
    .text
    .globl ctx_switch
ctx_switch:
    SWPCTX_KEEP_SP
    ret
