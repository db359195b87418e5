/* rwe_smc — code written by stores runs after fence.i.  In an RWX segment
 * the program writes "li a0, 7; ret" into a buffer, runs fence.i and calls
 * it; then rewrites the same bytes as "li a0, 9; ret", fence.i, and calls
 * again: the second call must run the NEW code (a stale translation would
 * return 7).  Exit status 0 if both calls return what was written. */
#include "tests/guest/linux.inc"
    .globl _start
_start:
    la      s0, buf
    li      t0, 0x00700513          /* addi a0, zero, 7 */
    sw      t0, 0(s0)
    li      t0, 0x00008067          /* jalr zero, 0(ra) (ret) */
    sw      t0, 4(s0)
    fence.i
    jalr    ra, 0(s0)
    li      t1, 7
    bne     a0, t1, fail
    li      t0, 0x00900513          /* addi a0, zero, 9 */
    sw      t0, 0(s0)
    fence.i
    jalr    ra, 0(s0)
    li      t1, 9
    bne     a0, t1, fail
    pass_and_exit msg, msgend
    .balign 8
buf:    .space 16
msg:    .ascii "rwe_smc: stored code runs after fence.i, rewritten code too: PASS\n"
msgend:
