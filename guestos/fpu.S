/*
 * fpu.S — save and restore the user's FP registers (f0..f31, fcsr) on a
 * context switch.  The kernel is built integer-only, so these are the only
 * kernel instructions that touch FP state (DESIGN.md section 5).
 */
    .option arch, +d
    .text
    .globl fpu_save
fpu_save:                           /* a0 = uint64_t[33] */
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fsd     f\n, \n*8(a0)
    .endr
    frcsr   t0
    sd      t0, 256(a0)
    ret

    .globl fpu_restore
fpu_restore:
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    fld     f\n, \n*8(a0)
    .endr
    ld      t0, 256(a0)
    fscsr   t0
    ret
