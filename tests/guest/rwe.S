/* rwe — a freestanding program linked as ONE PT_LOAD segment with flags
 * R+W+X, as bare-metal test suites and many small programs are:
 * it stores into a word next to its own code, reads it back, prints and
 * exits 0.  Linux and qemu-riscv64 run it; so must VLM/OS. */
#include "tests/guest/linux.inc"
    .globl _start
_start:
    la      t0, word
    li      t1, 0x5A17
    sd      t1, 0(t0)               /* a store into the RWX segment */
    ld      t2, 0(t0)
    bne     t1, t2, fail
    pass_and_exit msg, msgend
    .balign 8
word:   .dword 0
msg:    .ascii "rwe: one RWX segment runs: PASS\n"
msgend:
