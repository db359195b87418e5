/* mmap/munmap/mprotect/madvise with 64 KiB-aligned ranges (so 4 KiB and
 * 8 KiB pages agree), and the errno of bad arguments. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define MB (1UL << 20)

static void show(const char *what, long r)
{
    printf("%s %ld errno %d\n", what, r < 0 ? -1L : 0L, r < 0 ? errno : 0);
    errno = 0;
}

int main(void)
{
    char *p = mmap(NULL, 4 * MB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

    if (p == MAP_FAILED)
        return perror("mmap"), 1;
    printf("zero %d\n", p[0] == 0 && p[4 * MB - 1] == 0);
    memset(p, 1, 4 * MB);
    show("mprotect ro", mprotect(p + MB, MB, PROT_READ));
    printf("still readable %d\n", p[MB + 5] == 1);
    show("mprotect rw", mprotect(p + MB, MB, PROT_READ | PROT_WRITE));
    p[MB + 5] = 2;
    show("madvise dontneed", madvise(p, MB, MADV_DONTNEED));
    printf("zero again %d\n", p[100] == 0 && p[MB + 5] == 2);
    show("munmap middle", munmap(p + MB, MB));
    show("munmap tail", munmap(p + 2 * MB, 2 * MB));
    printf("head intact %d\n", p[MB - 1] == 0 && p[0] == 0);
    void *q = mmap(p, 64 * 1024, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    /* Linux: EEXIST; qemu-riscv64 7.2 takes it as a hint and maps elsewhere. */
    printf("fixed_noreplace did not replace %d\n", q != p);
    q = mmap(p + MB, 64 * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("fixed at the hole %d\n", q == p + MB);
    show("munmap 0 bytes", munmap(p, 0));
    show("mmap 0 bytes", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    show("mmap no type", mmap(NULL, MB, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0);
    show("mmap bad fd", mmap(NULL, MB, PROT_READ, MAP_PRIVATE, 99, 0) == MAP_FAILED ? -1 : 0);
    show("mprotect unmapped", mprotect(p + 2 * MB, MB, PROT_READ));
    show("munmap head", munmap(p, MB));
    return 0;
}
