/*
 * sym_fixture.S — a tiny RV64 ELF with a known layout for test_sym: linked
 * at KSEG32 0xffffffff80001000 (as the kernel is), every instruction 4 bytes
 * (no compressed forms), built with -g so each instruction's line is its
 * line in this file.  test_sym's line numbers refer to this file: keep the
 * lines below where they are (the comments give them).
 */
    .option norvc
    .text
    .globl _start
    .type _start, @function
_start:
    nop                     /* line 13: _start+0x0 */
    nop
    .size _start, . - _start

    .globl fix_func
    .type fix_func, @function
fix_func:
    addi a0, a0, 1          /* line 20: fix_func+0x0 */
    addi a0, a0, 2          /* line 21: fix_func+0x4 */
    addi a0, a0, 3          /* line 22: fix_func+0x8 */
    ret                     /* line 23: fix_func+0xc */
    .size fix_func, . - fix_func

    /* A label without type or size, as assembly often has: it covers up
     * to the end of its section. */
fix_label:
    nop                     /* line 29: fix_label+0x0 */
    nop                     /* line 30: fix_label+0x4 */
