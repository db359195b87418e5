/* mprotect is real: a store into a page made read-only kills the program
 * with SIGSEGV (status 139 under both), after what it printed. */
#include <stdio.h>
#include <sys/mman.h>

int main(void)
{
    volatile char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return 1;
    p[70000] = 1;
    printf("mprotect %d\n", mprotect((void *)p, 1 << 20, PROT_READ));
    printf("read %d\n", p[70000]);
    fflush(stdout);
    p[70000] = 2;                               /* SIGSEGV */
    printf("store into a read-only page succeeded\n");
    return 0;
}
