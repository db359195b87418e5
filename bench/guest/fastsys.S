/* entSys for the benchmark: syscall 0 returns at once (retsys pops the PAL
 * frame, restoring every register); anything else goes to the C handler. */
#include "axp64/axp64.h"
    .text
    .globl ent_sys_fast
ent_sys_fast:
    bnez    a7, ent_sys
    li      a7, PAL_RETSYS
    ecall
