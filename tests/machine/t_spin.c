/* t_spin — a runaway guest: spins forever.  --max-insns must stop it (status 124). */
#include "baremetal/mlib.h"

int main(void)
{
    mputs("t_spin: spinning\n");
    for (volatile int i = 0;; i++)
        ;
}
