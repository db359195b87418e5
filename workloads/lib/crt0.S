/*
 * crt0.S — start of every VLM/OS program.  The kernel enters here in user
 * mode with the Linux RISC-V stack layout (sp -> argc, argv[], NULL, envp[],
 * auxv).  Sets gp and tp (picolibc keeps errno in thread-local storage; the
 * image's own .tdata/.tbss is the one TLS block), then runs main.
 */
    .section .text.init, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    la      tp, __tls_base
    ld      a0, 0(sp)               /* argc */
    addi    a1, sp, 8               /* argv */
    call    __vlmos_start           /* never returns */
1:  j       1b
