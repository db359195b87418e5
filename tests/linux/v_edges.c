/* readv/writev check every iovec before any I/O (a buffer outside user
 * space is EFAULT with nothing written, as on Linux), and rt_sigaction reads
 * and writes the riscv64 kernel's 24-byte struct sigaction, not a byte more.
 * VLM/OS only: qemu-riscv64 answers both differently from Linux.  And
 * MAP_FIXED over the program's own data is refused with nothing unmapped
 * (VLM/OS replaces only mmap'd pages; Linux would replace the data). */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

struct ksigaction { unsigned long handler, flags, mask; };   /* the kernel's, riscv64 */

#define SHOW(what, expr) do { errno = 0; long r_ = (long)(expr); \
        printf("%s %ld errno %d\n", what, r_, r_ < 0 ? errno : 0); fflush(stdout); } while (0)

int main(void)
{
    int p[2];
    char buf[32] = "";
    struct iovec v[2] = { { "0123456789", 10 }, { buf, INT64_MAX - 5 } };

    SHOW("pipe", pipe(p));
    SHOW("writev overflowing", writev(p[1], v, 2));
    SHOW("writev", writev(p[1], v, 1));
    v[0].iov_base = buf, v[0].iov_len = 4, v[1].iov_len = INT64_MAX - 1;
    SHOW("readv overflowing", readv(p[0], v, 2));
    SHOW("readv", readv(p[0], v, 1));
    printf("read %.4s (the first bytes: nothing was taken before)\n", buf);

    /* oldact in a 24-byte struct followed by a canary the kernel must not touch. */
    struct { struct ksigaction act; uint64_t canary; } old = { { 1, 2, 3 }, 0x5a5a5a5a5a5a5a5aull };
    struct ksigaction act = { (unsigned long)SIG_IGN, 0, 1ul << (SIGUSR1 - 1) };
    SHOW("rt_sigaction set", syscall(SYS_rt_sigaction, SIGUSR2, &act, NULL, 8));
    SHOW("rt_sigaction get", syscall(SYS_rt_sigaction, SIGUSR2, NULL, &old.act, 8));
    printf("handler ign %d mask %#lx canary %#llx\n", old.act.handler == (unsigned long)SIG_IGN,
           old.act.mask, (unsigned long long)old.canary);

    static char data[8192 * 2] = "still here";
    void *at = (void *)(((uintptr_t)data + 8191) & ~(uintptr_t)8191);
    SHOW("mmap fixed over data", (long)mmap(at, 8192, PROT_READ | PROT_WRITE,
                                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    printf("data: %s\n", data);

    /* A mapping just past the heap, then MAP_FIXED over the heap's last page
     * and that mapping: refused, and the mapping keeps its bytes. */
    char *h = sbrk(0);
    if (sbrk(16384) == (void *)-1)
        return 1;
    char *a = (char *)(((uintptr_t)h + 16384 + 8191) & ~(uintptr_t)8191);
    SHOW("mmap past the heap", (long)mmap(a, 8192, PROT_READ | PROT_WRITE,
                                          MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0) == (long)a);
    a[0] = 'A';
    SHOW("mmap fixed over heap and mapping", (long)mmap(a - 8192, 16384, PROT_READ | PROT_WRITE,
                                                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    printf("mapping: %c\n", a[0]);
    return 0;
}
