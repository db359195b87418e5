/* rwe_bss — an RWX segment with 24 MiB of bss (tests/guest/rwe.ld puts .bss in the same
 * segment, p_memsz far beyond p_filesz).  Touches the first and last byte
 * and one in every 8 KiB page in between: all must read as zero and keep
 * what is written.  Exit status 0 on success. */
#include "tests/guest/linux.inc"
    .globl _start
_start:
    la      s0, big
    li      s1, 24 << 20
    add     s2, s0, s1              /* end */
    mv      t0, s0
1:  ld      t1, 0(t0)
    bnez    t1, fail                /* bss is zero */
    sd      t0, 0(t0)
    ld      t1, 0(t0)
    bne     t1, t0, fail
    li      t2, 8192
    add     t0, t0, t2
    bltu    t0, s2, 1b
    addi    t0, s2, -8
    ld      t1, 0(t0)
    bnez    t1, fail
    pass_and_exit msg, msgend
msg:    .ascii "rwe_bss: 24 MiB of bss in an RWX segment: PASS\n"
msgend:
    .bss
    .balign 8
big:    .space 24 << 20
