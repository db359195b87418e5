/* t_mchk — a kernel bug: it touches a mapped-region VA before any PCB and
 * without an entMM handler.  The machine must halt with a machine check
 * (status 125) and a message; alphavlm itself must not crash. */
#include "baremetal/mlib.h"

int main(void)
{
    uint64_t pc;
    wrent(0, ENT_MM);
    load_at(0x10000000, &pc);
    mputs("t_mchk: FAIL (still running)\n");
    return 1;
}
