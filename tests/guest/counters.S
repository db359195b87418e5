/* counters — read the user counters (rdcycle, rdtime, rdinstret), twice
 * each with a loop between, and print the six values in hex, one line.
 * Under --clock icount they are derived from the instruction count, so two
 * runs print the same line (tests/guest/run.sh compares them). */
    .globl _start
_start:
    la      s0, vals
    rdcycle   t0
    sd      t0, 0(s0)
    rdtime    t0
    sd      t0, 8(s0)
    rdinstret t0
    sd      t0, 16(s0)
    li      t1, 1000
1:  addi    t1, t1, -1
    bnez    t1, 1b
    rdcycle   t0
    sd      t0, 24(s0)
    rdtime    t0
    sd      t0, 32(s0)
    rdinstret t0
    sd      t0, 40(s0)
    /* Six values of 16 hex digits and a separator each. */
    la      s1, out
    li      s2, 6
2:  ld      t0, 0(s0)
    li      t2, 60
3:  srl     t3, t0, t2
    andi    t3, t3, 15
    la      t4, hex
    add     t4, t4, t3
    lbu     t3, 0(t4)
    sb      t3, 0(s1)
    addi    s1, s1, 1
    addi    t2, t2, -4
    bgez    t2, 3b
    li      t3, ' '
    sb      t3, 0(s1)
    addi    s1, s1, 1
    addi    s0, s0, 8
    addi    s2, s2, -1
    bnez    s2, 2b
    li      t3, '\n'
    sb      t3, -1(s1)
    li      a0, 1
    la      a1, out
    li      a2, 6 * 17
    li      a7, 64              /* write */
    ecall
    li      a0, 0
    li      a7, 93              /* exit */
    ecall
4:  j       4b
    .data
hex:    .ascii "0123456789abcdef"
    .bss
    .align 3
vals:   .skip 48
out:    .skip 6 * 17
