/* spin — a guest that never ends, for the live view's window test: it
 * writes one word in each page of a 4 MiB buffer, round and round (the
 * first round demand-faults every page; every round misses the DTB), and
 * asks getpid between pages.  The test ends it with the window's q key. */
    .globl _start
_start:
    la      s0, buf
    li      s1, 0                   /* offset of the page to touch */
    li      s2, 4194304             /* buffer size */
    li      s3, 8192                /* page size */
1:  add     t0, s0, s1
    sd      s1, 0(t0)
    add     s1, s1, s3
    blt     s1, s2, 2f
    li      s1, 0
2:  li      a7, 172                 /* getpid */
    ecall
    j       1b
    .bss
    .balign 8192
buf:    .space 4194304
