/* VLM/OS only: AT_RANDOM and getrandom print the kernel generator's bytes;
 * the same run gives the same bytes (icount), seed=N in --args others. */
#include <stdio.h>
#include <sys/auxv.h>
#include <sys/random.h>

int main(void)
{
    const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
    unsigned char g[16];

    for (int i = 0; i < 16; i++)
        printf("%02x", r[i]);
    printf(" %zd ", getrandom(g, sizeof(g), 0));
    for (int i = 0; i < 16; i++)
        printf("%02x", g[i]);
    printf("\n");
    return 0;
}
