/* VLM/OS only (run with --proc-limit 64M): mmap is charged against the
 * per-process limit: ENOMEM past it, and munmap gives the charge back
 * and the pages (a store into one is SIGSEGV). */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

#define MB (1UL << 20)

int main(void)
{
    void *big = mmap(NULL, 256 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("256 MB: %s errno %d\n", big == MAP_FAILED ? "refused" : "mapped", errno);
    int ok = 0;
    volatile char *last = NULL;
    for (int i = 0; i < 20; i++) {                 /* 20 x 32 MB: only if each goes back */
        char *p = mmap(NULL, 32 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            break;
        p[0] = p[12 * MB] = p[32 * MB - 1] = 1;
        last = p;
        ok += munmap(p + 8 * MB, 8 * MB) == 0 && munmap(p, 8 * MB) == 0 &&   /* split, trim */
              munmap(p + 16 * MB, 16 * MB) == 0;                              /* the rest */
    }
    printf("32 MB mapped and unmapped %d times\n", ok);
    void *none = mmap(NULL, 256 * MB, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("256 MB PROT_NONE: %s\n", none == MAP_FAILED ? "refused" : "reserved");
    printf("mprotect it all rw: %d errno %d\n", mprotect(none, 256 * MB, PROT_READ | PROT_WRITE),
           errno);
    printf("a store into an unmapped page: killed\n");
    fflush(stdout);
    last[12 * MB] = 2;                            /* munmap'd: SIGSEGV, status 139 */
    return 0;
}
