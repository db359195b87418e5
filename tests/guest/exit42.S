/* exit42 — a freestanding Linux RISC-V program with no runtime at all:
 * write(1, msg, len); exit(42).  VLM/OS must run it unchanged. */
    .globl _start
_start:
    li      a0, 1
    la      a1, msg
    li      a2, 20                  /* strlen(msg) */
    li      a7, 64              /* write */
    ecall
    li      a0, 42
    li      a7, 93              /* exit */
    ecall
1:  j       1b
    .data
msg:    .ascii "freestanding exit42\n"

