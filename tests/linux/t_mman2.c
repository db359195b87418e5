#define _GNU_SOURCE
/* mremap (shrink, grow, move, FIXED), read-only private file mappings,
 * MAP_FIXED_NOREPLACE, MAP_SHARED anonymous, with Linux's errnos. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 8192            /* a multiple of both kernels' page sizes */
#define SHOW(what, expr) do { errno = 0; long r_ = (long)(expr); \
        printf("%s %s errno %d\n", what, r_ == -1 ? "-1" : "ok", r_ == -1 ? errno : 0); } while (0)

int main(int argc, char **argv)
{
    (void)argc;
    char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    for (int i = 0; i < 4 * PG; i++)
        p[i] = (char)(i * 7);
    char *q = mremap(p, 4 * PG, 2 * PG, 0);
    printf("shrink in place %d\n", q == p);
    q = mremap(p, 2 * PG, 64 * PG, MREMAP_MAYMOVE);
    int same = 1;
    for (int i = 0; i < 2 * PG; i++)
        same &= q[i] == (char)(i * 7);
    printf("grown keeps data %d, new pages zero %d, writable %d\n", same, q[63 * PG] == 0,
           (q[64 * PG - 1] = 5) == 5);
    char *fixed = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *r = mremap(q, 64 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, fixed);
    printf("fixed at %d data %d\n", r == fixed, r[PG + 1] == (char)((PG + 1) * 7));
    SHOW("old gone: mremap", mremap(q, PG, PG, 0));
    SHOW("unaligned", mremap(r + 1, PG, PG, 0));
    SHOW("bad flags", mremap(r, PG, PG, 8));
    SHOW("fixed without maymove", mremap(r, PG, PG, MREMAP_FIXED, fixed));
    char *g = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mmap(g + 2 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    SHOW("grow blocked, no maymove", mremap(g, 2 * PG, 4 * PG, 0));

    int fd = open(argv[0], O_RDONLY);
    char head[64];
    read(fd, head, sizeof(head));
    char *m = mmap(NULL, 3 * PG, PROT_READ, MAP_PRIVATE, fd, 0);
    printf("file map %d same bytes %d\n", m != MAP_FAILED, m != MAP_FAILED && !memcmp(m, head, 64));
    char *m2 = mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 4096);
    lseek(fd, 4096, SEEK_SET);
    read(fd, head, sizeof(head));
    printf("offset 4096 %d\n", m2 != MAP_FAILED && !memcmp(m2, head, 64));
    printf("offset left %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    SHOW("file offset unaligned", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, fd, 100));
    SHOW("munmap file map", munmap(m, 3 * PG));
    SHOW("bad fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0));
    int w = open("t_mman2.tmp", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    write(w, "hello, mapped file", 18);
    SHOW("write-only fd", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, w, 0));
    close(w);
    int rf = open("t_mman2.tmp", O_RDONLY);
    char *t = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, rf, 0);
    printf("ram file: %.18s, tail zero %d\n", t, t[18] == 0 && t[4095] == 0);
    t[0] = 'J';
    char b[5];
    pread(rf, b, 5, 0);
    printf("private write stays private %.5s %.5s\n", t, b);
    int pfd[2];
    pipe(pfd);
    SHOW("pipe", mmap(NULL, PG, PROT_READ, MAP_PRIVATE, pfd[0], 0));
    unlink("t_mman2.tmp");

    char *n = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    /* Linux: -1 EEXIST; qemu-riscv64 (which does mmap itself) places it elsewhere. */
    char *taken = mmap(n, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("noreplace left the mapping %d\n", taken != n && n[0] == 0);
    munmap(n, 2 * PG);
    char *n2 = mmap(n, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    printf("noreplace free %d\n", n2 == n);

    int *s = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    s[100] = 42;
    printf("shared anon %d zero %d\n", s[100], s[0]);
    return 0;
}
