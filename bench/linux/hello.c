/* The start-up benchmark (scripts/bench.sh, section linux): a static glibc
 * hello world, timed as a whole process from exec to exit. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
