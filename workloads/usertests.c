/*
 * usertests — the VLM/OS guest test suite (as xv6's usertests).
 *
 *   usertests [NAME...]        run the named tests (default: every test
 *                              except the "big" ones), print PASS/FAIL for
 *                              each and "N passed, N failed"; exit status =
 *                              number of failures
 *   usertests --child NAME     run one test in this process (the runner's child)
 *
 * Every test runs in a child process, so a test that must be killed cannot
 * take the runner with it, and the runner checks the free-frame count before
 * and after each test: exit must give back every frame.  Tests read the
 * machine's figures (meminfo) rather than assume a RAM size or limit.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/gtest.h"
#include "workloads/lib/vlmos_user.h"

#define PAGE 8192UL
#define MiB  (1UL << 20)
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define ROUNDUP(x, a) (((x) + (a) - 1) / (a) * (a))
#define ROUNDDOWN_PAGE(x) ((x) / PAGE * PAGE)
#define NPROC_MAX 60                       /* below the kernel's 64 process slots */

#define mem   gt_mem
#define child gt_child

/* ---- memory contents: zero fill, stack growth, guard page ------------- */

static char bss_block[256 * 1024];

static bool all_zero(const volatile char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 64)
        if (p[i])
            return false;
    return true;
}

static __attribute__((noinline)) int deep_stack(void)
{
    volatile char big[1536 * 1024];          /* 1.5 MiB below the initial stack */
    bool zero = all_zero(big, sizeof(big));
    big[0] = 1;
    big[sizeof(big) - 1] = 2;
    return zero && big[0] == 1 && big[sizeof(big) - 1] == 2;
}

static void t_zerofill(void)
{
    CHECK(all_zero(bss_block, sizeof(bss_block)));
    char *h = sbrk(4 * MiB);
    CHECK(h != (char *)-1);
    if (h != (char *)-1) {
        CHECK(all_zero(h, 4 * MiB));
        memset(h, 0x5A, 4 * MiB);
        CHECK(sbrk(-(long)(4 * MiB)) == h + 4 * MiB);
        CHECK(sbrk(2 * MiB) == h);             /* the same pages again: zero again */
        CHECK(all_zero(h, 2 * MiB));
    }
    CHECK(deep_stack());
}

static volatile int depth_limit = 1 << 30;           /* keeps the compiler from calling it infinite */

static __attribute__((noinline)) int recurse(int n)
{
    volatile char pad[4096];
    pad[0] = (char)n;
    return n < depth_limit ? recurse(n + 1) + pad[0] : 0;
}

static void t_guard(void)
{
    char why[VWHY_MAX];
    int st = child("overflow", NULL, why, sizeof(why));
    CHECK(st == 128 + VSIG_SEGV);
    CHECK(strstr(why, "stack overflow (guard page)") != NULL);
}

/* ---- sparse touches across a large reservation ------------------------- */

static void t_sparse(void)
{
    struct vmeminfo before = mem();
    size_t span = 1UL << 30;                         /* 1 GiB reserved */
    volatile uint64_t *base = vmem_alloc(NULL, span, VA_RESERVE);
    CHECK(base != NULL);
    if (!base)
        return;
    for (size_t off = 0; off < span; off += 64 * MiB) {
        CHECK(vmem_alloc((char *)base + off, PAGE, VA_COMMIT) == (char *)base + off);
        base[off / 8] = off ^ 0xC0FFEE;
    }
    for (size_t off = 0; off < span; off += 64 * MiB)
        CHECK(base[off / 8] == (off ^ 0xC0FFEE));
    struct vmeminfo after = mem();
    CHECK(after.self_resident - before.self_resident == 16);   /* 16 pages, not 1 GiB */
    CHECK(after.self_committed - before.self_committed == 16);
    CHECK(vmem_free((void *)base, 0, VF_RELEASE) == 0);
    CHECK(mem().self_resident == before.self_resident);
}

/* ---- the per-process limit --------------------------------------------- */

/* Commit up to `bytes` in one valloc and touch every page: 0 or -1. */
static int commit_touch(size_t bytes)
{
    char *p = vmem_alloc(NULL, bytes, VA_RESERVE | VA_COMMIT);
    if (!p)
        return -1;
    for (size_t i = 0; i < bytes; i += PAGE)
        p[i] = 1;
    return 0;
}

static void t_limit(void)
{
    struct vmeminfo m = mem();
    size_t limit = m.proc_limit * PAGE, have = m.self_committed * PAGE;
    /* Over the limit: a clean error, no partial commit. */
    CHECK(vmem_alloc(NULL, limit - have + PAGE, VA_RESERVE | VA_COMMIT) == NULL && errno == ENOMEM);
    CHECK(mem().self_committed == m.self_committed);
    CHECK(malloc(limit) == NULL);                     /* brk says no too */
    /* Two processes can each commit (and touch) close to the limit at once.
     * At a 2 GiB limit, "close" is what one reservation can get from the
     * 2 GiB user space beside the program, its heap (and the 64 MiB kept for
     * its growth) and its stack. */
    size_t room = USER_END - USER_BASE - USER_STACK_MAX - 128 * MiB;  /* brk keeps 64 MiB */
    char arg[32];
    snprintf(arg, sizeof(arg), "%lu", (unsigned long)MIN(limit - 2 * MiB, room));
    int a = gt_spawn("hog", arg), b = gt_spawn("hog", arg), sa = -1, sb = -1;
    CHECK(a > 0 && b > 0);
    CHECK(vwait(a, &sa, NULL, 0) == a && vwait(b, &sb, NULL, 0) == b);
    CHECK(sa == 0 && sb == 0);
}

/* The "hog" child: commit n bytes, touch them, wait until its sibling has too. */
static int hog(const char *arg)
{
    size_t n = strtoul(arg, NULL, 10);
    if (commit_touch(n))
        return 1;
    struct timespec ts = { 0, 50 * 1000 * 1000 };    /* overlap with the sibling */
    nanosleep(&ts, NULL);
    return mem().self_committed * PAGE >= n ? 0 : 2;
}

/* ---- faults kill only the faulting process, for the right reason ------- */

/* The bad accesses are written in assembly: in C they are undefined
 * behaviour, and the compiler would be free to drop or move them. */
static void load_at(uintptr_t a)
{
    __asm__ volatile("ld t0, 0(%0)" : : "r"(a) : "t0", "memory");
}

static void store_at(uintptr_t a)
{
    __asm__ volatile("sw zero, 0(%0)" : : "r"(a) : "memory");
}

static uint32_t data_code[4] = { 0x00008067 };       /* ret, in writable data */

static void bad_null(void)    { load_at(0); }
static void bad_text(void)    { store_at((uintptr_t)load_at); }
static void bad_kernel(void)  { load_at(0xFFFFFFFF80100000UL); }
static void bad_illegal(void) { __asm__ volatile(".word 0"); }
static void bad_jump(void)
{
    __asm__ volatile("jalr ra, 0(%0)" : : "r"(data_code) : "ra", "memory");
}

/* A store that starts in the valloc range next to the stack's guard page
 * and ends in it: the top valloc range ends where the guard page starts. */
static void bad_guard(void)
{
    char *v = vmem_alloc(NULL, PAGE, VA_RESERVE | VA_COMMIT);
    if (v)
        __asm__ volatile("sd zero, 0(%0)" : : "r"(v + PAGE - 4) : "memory");
}

static int fault_child(const char *kind)
{
    if (!strcmp(kind, "null")) bad_null();
    if (!strcmp(kind, "text")) bad_text();
    if (!strcmp(kind, "kernel")) bad_kernel();
    if (!strcmp(kind, "illegal")) bad_illegal();
    if (!strcmp(kind, "jump")) bad_jump();
    if (!strcmp(kind, "guard")) bad_guard();
    return 0;                                        /* survived: the test fails */
}

static void t_faults(void)
{
    static const struct { const char *kind; int sig; const char *why; } cases[] = {
        { "null", VSIG_SEGV, "null pointer dereference: load at va 0x0" },
        { "text", VSIG_SEGV, "write to read-only memory: store" },
        { "kernel", VSIG_SEGV, "access to kernel memory: load at va 0xffffffff80100000" },
        { "illegal", VSIG_ILL, "illegal instruction at pc" },
        { "jump", VSIG_SEGV, "execute of non-executable memory: fetch" },
        { "guard", VSIG_SEGV, "access past the end of a valloc range (into the stack's guard page)" },
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char why[VWHY_MAX] = "";
        int st = child("fault", cases[i].kind, why, sizeof(why));
        if (st != 128 + cases[i].sig || !strstr(why, cases[i].why)) {
            printf("  %s: status %d, \"%s\"\n", cases[i].kind, st, why);
            gt_failures++;
        }
    }
    CHECK(getpid() > 0);                             /* and we are still here */
}

/* ---- isolation ------------------------------------------------------- */

static uint64_t secret;

static void t_isolation(void)
{
    secret = 0x5EC12E7;
    char *mine = vmem_alloc(NULL, PAGE, VA_RESERVE | VA_COMMIT);
    CHECK(mine != NULL);
    if (!mine)
        return;
    strcpy(mine, "private");
    char addr[32], why[VWHY_MAX];
    snprintf(addr, sizeof(addr), "%lu", (unsigned long)(uintptr_t)mine);
    /* The child sees its own (zero) copy of `secret`, and nothing at `mine`. */
    CHECK(child("peek-bss", NULL, NULL, 0) == 0);
    int st = child("peek", addr, why, sizeof(why));
    CHECK(st == 128 + VSIG_SEGV && strstr(why, "access to unmapped memory"));
    CHECK(!strcmp(mine, "private") && secret == 0x5EC12E7);
}

/* ---- scheduling: two CPU-bound processes both run --------------------- */

static int spin(const char *arg)
{
    volatile unsigned long n = 0;
    unsigned long limit = strtoul(arg, NULL, 10);
    while (n < limit)
        n++;
    return 0;
}

static void t_preempt(void)
{
    int a = gt_spawn("spin", "40000000"), b = gt_spawn("spin", "40000000"), both = 0, samples = 0;
    unsigned long last_a = 0, last_b = 0;
    CHECK(a > 0 && b > 0);
    /* Sample both instruction counters while they run: each must keep growing. */
    for (int i = 0; i < 200 && samples < 5; i++) {
        struct timespec ts = { 0, 2 * 1000 * 1000 };
        nanosleep(&ts, NULL);
        struct vprocinfo p;
        unsigned long ca = 0, cb = 0;
        int alive = 0;
        for (int slot = 0; (slot = procinfo(slot, &p)) > 0; ) {
            if (p.pid == a && p.state != VPS_ZOMBIE) ca = p.cpu, alive++;
            if (p.pid == b && p.state != VPS_ZOMBIE) cb = p.cpu, alive++;
        }
        if (alive < 2)
            break;
        samples++;
        both += ca > last_a && cb > last_b;
        last_a = ca;
        last_b = cb;
    }
    int sa, sb;
    CHECK(vwait(a, &sa, NULL, 0) == a && vwait(b, &sb, NULL, 0) == b && sa == 0 && sb == 0);
    CHECK(samples >= 3 && both == samples);
}

/* FP registers belong to each process: two children compute the same series
 * at once (preempted often); each must get the exact answer. */
static int fp_work(void)
{
    volatile double sum = 0;
    for (int k = 1; k <= 400000; k++)
        sum += 1.0 / ((double)k * (double)k);
    double expect = 0;
    for (int k = 1; k <= 400000; k++)
        expect += 1.0 / ((double)k * (double)k);
    return sum == expect && sum > 1.6449 && sum < 1.6450 ? 0 : 1;
}

static void t_fpu(void)
{
    int pids[3], st;
    for (int i = 0; i < 3; i++)
        pids[i] = gt_spawn("fp", NULL);
    for (int i = 0; i < 3; i++)
        CHECK(vwait(pids[i], &st, NULL, 0) == pids[i] && st == 0);
}

/* ---- sleeping, killing, waiting ---------------------------------------- */

static void t_sleep_kill(void)
{
    struct timespec t0, t1, ts = { 0, 30 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &t0);
    CHECK(nanosleep(&ts, NULL) == 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ns = (t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec);
    CHECK(ns >= 30 * 1000 * 1000);
    int pid = gt_spawn("sleeper", NULL), st = 0;
    CHECK(pid > 0);
    CHECK(kill(pid, 0) == 0);
    CHECK(kill(pid, 9) == 0);
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 128 + VSIG_KILL);
    CHECK(kill(pid, 9) == -1 && errno == ESRCH);
    CHECK(vwait(-1, &st, NULL, 0) == -1 && errno == ECHILD);
    /* The pid is all 64 bits: one with high bits set is no child, and
     * 0xFFFFFFFF is not -1 (wait for any). */
    CHECK((pid = gt_spawn("sleeper", NULL)) > 0);
    CHECK(vsyscall(SYS_wait, (1L << 32) | pid, (long)&st, 0, 0, 0, 0) == -VE_CHILD);
    CHECK(vsyscall(SYS_wait, 0xFFFFFFFFL, (long)&st, 0, 0, 0, 0) == -VE_CHILD);
    CHECK(kill(pid, 9) == 0 && vwait(pid, &st, NULL, 0) == pid && st == 128 + VSIG_KILL);
}

/* ---- signals: a process killed at any point leaks nothing --------------- */

static volatile long sig_hits;

static void on_usr1(int sig)
{
    (void)sig;
    sig_hits++;
}

/* The child: a handler installed (actions allocated, the trampoline page
 * mapped), an interval timer, signals to itself with masks changing, short
 * sleeps — forever, until the test kills it. */
static int sig_loop(void)
{
    unsigned long act[3] = { (unsigned long)on_usr1, 0x10000000 /* SA_RESTART */, 0 };
    long it[4] = { 0, 3000, 0, 3000 };              /* ITIMER_REAL every 3 ms */
    unsigned long usr1 = 1UL << (VSIGUSR1 - 1), alrm = 1UL << (VSIGALRM - 1);
    unsigned long act_alrm[3] = { (unsigned long)on_usr1, 0, 0 };

    if (vsyscall(SYS_rt_sigaction, VSIGUSR1, (long)act, 0, 8, 0, 0) ||
        vsyscall(SYS_rt_sigaction, VSIGALRM, (long)act_alrm, 0, 8, 0, 0) ||
        vsyscall(SYS_setitimer, 0, (long)it, 0, 0, 0, 0))
        return 2;
    for (unsigned long i = 0;; i++) {
        unsigned long m = i & 1 ? usr1 | alrm : 0;
        vsyscall(SYS_rt_sigprocmask, 2 /* SETMASK */, (long)&m, 0, 8, 0, 0);
        vsyscall(SYS_kill, getpid(), VSIGUSR1, 0, 0, 0, 0);
        if (i % 8 == 0) {
            struct timespec ts = { 0, 1000000 };
            nanosleep(&ts, NULL);
        }
    }
}

static void t_sigkill(void)
{
    static const int sigs[] = { VSIG_KILL, VSIGTERM, VSIG_SEGV, VSIGUSR2, VSIG_INT, VSIGHUP };
    struct vmemaudit a;

    for (int i = 0; i < 18; i++) {
        int pid = gt_spawn("sigloop", NULL), st = -1, sig = sigs[i % 6];
        struct timespec ts = { 0, (long)(i * 700000) };  /* 0 .. 12 ms: anywhere in its loop */
        CHECK(pid > 0);
        if (i)
            nanosleep(&ts, NULL);
        CHECK(kill(pid, sig) == 0);
        CHECK(vwait(pid, &st, NULL, 0) == pid && st == 128 + sig);
    }
    CHECK(memaudit(&a) == 0 && a.unbalanced == 0);
    CHECK(kill(-999, 0) == -1 && errno == ESRCH);       /* no such group */
    CHECK(kill(0, 0) == 0);                              /* the caller's group */
}

/* ---- files, exec, bad pointers ------------------------------------------ */

static void t_files(void)
{
    char buf[64];
    int fd = open("motd", O_RDONLY);
    CHECK(fd >= 0);
    CHECK(read(fd, buf, 7) == 7 && !memcmp(buf, "Welcome", 7));
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, 7) == 7);
    CHECK(close(fd) == 0 && close(fd) == -1 && errno == EBADF);
    CHECK(open("no-such-file", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(open("motd", O_WRONLY) == -1 && errno == EACCES);
    CHECK(vspawn("no-such-program", NULL) == -1 && errno == ENOENT);
    CHECK(vspawn("motd", NULL) == -1 && errno == ENOEXEC);
    /* Every pointer is checked: errors, never a crash. */
    CHECK(write(1, NULL, 10) == -1 && errno == EFAULT);
    CHECK(write(1, (void *)0xFFFFFFFF80100000UL, 10) == -1 && errno == EFAULT);
    fd = open("motd", O_RDONLY);
    CHECK(read(fd, (void *)(uintptr_t)t_files, 8) == -1 && errno == EFAULT);   /* text */
    CHECK(read(fd, (void *)0x7F000000UL, 8) == -1 && errno == EFAULT);         /* unmapped */
    close(fd);
    CHECK(open((char *)8, O_RDONLY) == -1 && errno == EFAULT);
    CHECK(vsyscall(4242, 0, 0, 0, 0, 0, 0) == -VE_NOSYS);
    /* The dispatch tables' holes and both ends of each. */
    static const uint64_t nosys[] = { 0, 30, SYS_rseq, SYS_rseq + 1, SYS_spawn - 1, SYS_memaudit + 1,
                                      SYS_trace - 1, SYS_vmprint + 1,
                                      (uint64_t)-1, (uint64_t)-1 - SYS_spawn + 1 };
    for (size_t i = 0; i < sizeof(nosys) / sizeof(nosys[0]); i++)
        CHECK(vsyscall((long)nosys[i], 0, 0, 0, 0, 0, 0) == -VE_NOSYS);
}

/* Every result is >= 0 or a defined -errno, also where a sum overflows
 * (issue 10: lseek returned -9223372036854775706, write -1 read as -EPERM). */
static void t_overflow(void)
{
    char buf[8];
    int fd = open("motd", O_RDONLY), nul = open("/dev/null", O_WRONLY);
    CHECK(fd >= 0 && nul >= 0);
    CHECK(vsyscall(SYS_lseek, fd, INT64_MAX, SEEK_END, 0, 0, 0) == -VE_OVERFLOW);
    CHECK(lseek(fd, INT64_MAX, SEEK_END) == -1 && errno == EOVERFLOW);
    CHECK(lseek(fd, 5, SEEK_SET) == 5);                  /* a failed seek moved nothing */
    CHECK(vsyscall(SYS_lseek, fd, INT64_MAX, SEEK_CUR, 0, 0, 0) == -VE_OVERFLOW);
    CHECK(vsyscall(SYS_lseek, fd, INT64_MAX - 5, SEEK_CUR, 0, 0, 0) == INT64_MAX);
    CHECK(vsyscall(SYS_lseek, fd, INT64_MAX, SEEK_SET, 0, 0, 0) == INT64_MAX);
    CHECK(read(fd, buf, sizeof(buf)) == 0);              /* far past the end: end of file */
    CHECK(vsyscall(SYS_lseek, fd, INT64_MIN, SEEK_END, 0, 0, 0) == -VE_INVAL);
    CHECK(vsyscall(SYS_write, nul, (long)buf, ~0L, 0, 0, 0) == -VE_INVAL);
    CHECK(vsyscall(SYS_write, nul, (long)buf, (long)((uint64_t)INT64_MAX + 1), 0, 0, 0) == -VE_INVAL);
    CHECK(vsyscall(SYS_write, nul, (long)buf, INT64_MAX, 0, 0, 0) == INT64_MAX);
    CHECK(vsyscall(SYS_read, fd, (long)buf, ~0L, 0, 0, 0) == -VE_INVAL);
    CHECK(vsyscall(SYS_valloc, 0, ~0L, VA_RESERVE, 0, 0, 0) == -VE_INVAL);   /* size rounds to 0 */
    CHECK(vsyscall(SYS_vfree, 0x10000, ~0L, VF_DECOMMIT, 0, 0, 0) == -VE_INVAL);
    struct vtimespec forever = { 1L << 40, 0 };          /* its nanoseconds once wrapped: no sleep */
    CHECK(vsyscall(SYS_nanosleep, (long)&forever, 0, 0, 0, 0, 0) == -VE_INVAL);
    close(fd);
    close(nul);
}

/* ---- the syscall fuzzer ------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15UL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return rng;
}

static char scratch[4 * PAGE];

/* A hostile argument: null, kernel, unmapped, misaligned, huge, or scratch. */
static long junk(void)
{
    static const long fixed[] = { 0, -1, 1, 3, 0x7FFFFFFF, 0x80000000L, (long)0xFFFFFFFF80000000UL,
                                  (long)0xFFFFFC0000000000UL, 0x10000, 0x7FFFE000, 0x7FFFDFF8,
                                  (long)0x0000010000000000UL, 1L << 42, -4096, 4096 };
    uint64_t r = next_rand();
    switch (r % 4) {
    case 0: return fixed[(r >> 8) % (sizeof(fixed) / sizeof(fixed[0]))];
    case 1: return (long)(uintptr_t)scratch + (long)((r >> 8) % sizeof(scratch));
    case 2: return (long)(r >> 8) % 100000;
    default: return (long)next_rand();
    }
}

static int fuzz(const char *arg)
{
    /* Calls that would end or stall the fuzzer are not made: exit, kill,
     * spawn, nanosleep, read of the console, pipe2 (a read of its own empty
     * pipe sleeps for ever).  Everything else gets junk. */
    static const long nums[] = { SYS_ioctl, SYS_openat, SYS_close, SYS_lseek, SYS_read, SYS_write,
                                 SYS_clock_gettime, SYS_sched_yield, SYS_getpid, SYS_getppid,
                                 SYS_brk, SYS_wait, SYS_valloc, SYS_vfree, SYS_meminfo,
                                 SYS_procinfo, SYS_initrd_list, SYS_dup, SYS_dup3, SYS_chdir,
                                 SYS_getcwd, SYS_unlinkat, SYS_setpgid, 0, 999, 1007, 100000, -1 };
    long n = strtol(arg, NULL, 10), bad = 0;
    if (n < 1000)
        return 4;                                    /* a fuzzer that does nothing proves nothing */
    close(0);                                        /* fd 0 is never the console now */
    for (long i = 0; i < n; i++) {
        long num = nums[next_rand() % (sizeof(nums) / sizeof(nums[0]))];
        long a0 = junk(), a1 = junk(), a2 = junk();
        if ((num == SYS_read || num == SYS_write || num == SYS_ioctl || num == SYS_close ||
             num == SYS_dup || num == SYS_dup3) && a0 >= 0 && a0 < 3)
            a0 = 3 + (a0 & 7);                       /* keep the console out of it */
        if (num == SYS_dup3 && a1 >= 0 && a1 < 3)
            a1 = 3 + (a1 & 7);                       /* and out of dup3's target */
        if (num == SYS_brk)
            a0 = 0;                                  /* our own heap stays put */
        long r = vsyscall(num, a0, a1, a2, junk(), junk(), junk());
        bad += r < -4095;                            /* a result that is no errno */
        (void)r;
    }
    return bad ? 3 : 0;
}

static void t_fuzz(void)
{
    char why[VWHY_MAX] = "";
    CHECK(child("fuzzer", "20000", why, sizeof(why)) == 0);
    if (why[0])
        printf("  fuzzer killed: %s\n", why);
    CHECK(mem().free > 0);                           /* the kernel is alive */
}

/* ---- big data: more than a quarter of RAM ------------------------------ */

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void t_sort(void)
{
    struct vmeminfo m = mem();
    size_t bytes = m.total * PAGE / 4 + 1 * MiB, n = bytes / 4;
    uint32_t *a = malloc(bytes);
    CHECK(a != NULL);
    if (!a)
        return;
    uint64_t sum = 0, sum2 = 0;
    for (size_t i = 0; i < n; i++) {
        a[i] = (uint32_t)next_rand();
        sum += a[i];
    }
    qsort(a, n, 4, cmp_u32);
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        sorted &= i == 0 || a[i - 1] <= a[i];
        sum2 += a[i];
    }
    CHECK(sorted && sum == sum2);
    printf("  sorted %lu MiB of %lu MiB RAM\n", (unsigned long)(bytes / MiB),
           (unsigned long)(m.total * PAGE / MiB));
    free(a);
}

static void t_matmul(void)
{
    struct vmeminfo m = mem();
    size_t n = 64;
    while (3 * n * n * 8 <= m.total * PAGE / 4)
        n += 32;
    double *A = malloc(n * n * 8), *B = malloc(n * n * 8), *C = malloc(n * n * 8);
    double *x = malloc(n * 8), *y = malloc(n * 8), *z = malloc(n * 8);
    CHECK(A && B && C && x && y && z);
    if (!(A && B && C && x && y && z))
        return;
    for (size_t i = 0; i < n * n; i++) {
        A[i] = (double)(next_rand() % 7);
        B[i] = (double)(next_rand() % 5);
    }
    /* C = A B with B transposed first, so both operands are read in order
     * (a column walk would miss the 64-entry DTB on nearly every access). */
    double *Bt = malloc(n * n * 8);
    CHECK(Bt != NULL);
    if (!Bt)
        return;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            Bt[j * n + i] = B[i * n + j];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * Bt[j * n + k];
            C[i * n + j] = s;
        }
    free(Bt);
    /* Freivalds: C x == A (B x) for a random x (integers: exact in doubles). */
    for (size_t i = 0; i < n; i++)
        x[i] = (double)(next_rand() % 3);
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        y[i] = 0;
        for (size_t k = 0; k < n; k++)
            y[i] += B[i * n + k] * x[k];
    }
    for (size_t i = 0; i < n; i++) {
        double cx = 0, aby = 0;
        for (size_t k = 0; k < n; k++) {
            cx += C[i * n + k] * x[k];
            aby += A[i * n + k] * y[k];
        }
        z[i] = cx;
        ok &= cx == aby;
    }
    CHECK(ok);
    printf("  %lux%lu doubles: %lu KiB of data, %lu MiB RAM\n", (unsigned long)n,
           (unsigned long)n, (unsigned long)(3 * n * n * 8 / 1024),
           (unsigned long)(m.total * PAGE / MiB));
}

/* ---- pipes, dup, the current directory, RAM files ---------------------- */

/* Byte i of the pipe tests' stream. */
static char pattern(size_t i)
{
    return (char)(i * 7 % 251);
}

/* Spawn "--child name arg" with descriptor fd as its descriptor `as` (the
 * runner's own `as` is restored after): its pid, or -1. */
static int spawn_with(const char *name, const char *arg, int fd, int as)
{
    fflush(stdout);                                  /* nothing of ours goes down the pipe */
    int saved = dup(as);
    if (saved < 0 || dup2(fd, as) != as)
        return -1;
    int pid = gt_spawn(name, arg);
    dup2(saved, as);
    close(saved);
    return pid;
}

/* "pwrite N": wait until the parent sleeps (blocked reading the pipe), then
 * write N bytes of the pattern to stdout in odd-sized pieces. */
static int pwrite_child(const char *arg)
{
    size_t n = strtoul(arg, NULL, 10), done = 0;
    struct vprocinfo pi;
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    char buf[3001];

    nanosleep(&ts, NULL);
    for (int slot = 0; (slot = procinfo(slot, &pi)) > 0; )
        if (pi.pid == getppid() && pi.state != VPS_SLEEPING)
            return 3;                                /* the reader did not block */
    while (done < n) {
        size_t k = MIN(sizeof(buf), n - done);
        for (size_t i = 0; i < k; i++)
            buf[i] = pattern(done + i);
        if (write(1, buf, k) != (ssize_t)k)
            return 2;
        done += k;
    }
    return 0;
}

/* "phead N": read N bytes of stdin and exit (the writer then gets EPIPE). */
static int phead_child(const char *arg)
{
    char buf[64];
    long want = strtol(arg, NULL, 10);
    for (long got = 0, n; got < want; got += n)
        if ((n = read(0, buf, (size_t)MIN(want - got, (long)sizeof(buf)))) <= 0)
            return 1;
    return 0;
}

static void t_pipe(void)
{
    int fds[2], lowest = dup(0);
    char buf[16];

    close(lowest);
    CHECK(pipe(fds) == 0 && fds[0] == lowest && fds[1] == lowest + 1);
    CHECK(write(fds[1], "hello", 5) == 5);
    CHECK(read(fds[0], buf, sizeof(buf)) == 5 && !memcmp(buf, "hello", 5));
    CHECK(read(fds[1], buf, 1) == -1 && errno == EBADF);       /* each end one way */
    CHECK(write(fds[0], "x", 1) == -1 && errno == EBADF);
    CHECK(lseek(fds[0], 0, SEEK_SET) == -1 && errno == ESPIPE);
    int w2 = dup(fds[1]);                            /* a second writer keeps it open */
    CHECK(close(fds[1]) == 0 && write(w2, "ab", 2) == 2 && close(w2) == 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == 2);
    CHECK(read(fds[0], buf, sizeof(buf)) == 0);      /* EOF: every writer closed */
    CHECK(close(fds[0]) == 0);
    CHECK(pipe(fds) == 0 && close(fds[0]) == 0);
    unsigned long ign[3] = { 1 /* SIG_IGN: EPIPE, not death by SIGPIPE */, 0, 0 };
    CHECK(vsyscall(SYS_rt_sigaction, VSIGPIPE, (long)ign, 0, 8, 0, 0) == 0);
    CHECK(write(fds[1], "x", 1) == -1 && errno == EPIPE);   /* no reader */
    CHECK(close(fds[1]) == 0);
    /* Bad arguments: errors, and no descriptor or page left behind. */
    CHECK(pipe(NULL) == -1 && errno == EFAULT);
    CHECK(pipe((int *)0xFFFFFFFF80100000UL) == -1 && errno == EFAULT);
    CHECK(pipe((int *)(uintptr_t)t_pipe) == -1 && errno == EFAULT);     /* text */
    CHECK(vsyscall(SYS_pipe2, (long)fds, 1, 0, 0, 0, 0) == -VE_INVAL);
    CHECK(dup(0) == lowest && close(lowest) == 0);
}

/* A reader blocks and wakes; 1 MiB (128 times the ring) goes through,
 * byte for byte; the child writes to the pipe as its inherited fd 1. */
static void t_pipebig(void)
{
    int fds[2], st = -1;
    size_t total = 0, bad = 0;
    char buf[4096];
    ssize_t n;

    CHECK(pipe(fds) == 0);
    int pid = spawn_with("pwrite", "1048576", fds[1], 1);
    CHECK(pid > 0 && close(fds[1]) == 0);
    while ((n = read(fds[0], buf, sizeof(buf))) > 0) {
        for (ssize_t i = 0; i < n; i++)
            bad += buf[i] != pattern(total + (size_t)i);
        total += (size_t)n;
    }
    CHECK(n == 0 && total == 1048576 && bad == 0);
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 0);
    CHECK(close(fds[0]) == 0);
}

/* A writer gets EPIPE when its reader exits; a reader blocked in a pipe can
 * be killed; descriptors above 2 are not inherited. */
static void t_pipeend(void)
{
    int fds[2], st = -1;
    char buf[1024], arg[16];

    /* SIGPIPE's default action ends a writer to a pipe nobody reads; with
     * SIGPIPE ignored the write returns EPIPE (both as on Linux). */
    CHECK(gt_child("sigpipe", NULL, NULL, 0) == 128 + VSIGPIPE);
    unsigned long ign[3] = { 1 /* SIG_IGN */, 0, 0 };
    CHECK(vsyscall(SYS_rt_sigaction, VSIGPIPE, (long)ign, 0, 8, 0, 0) == 0);
    memset(buf, 'p', sizeof(buf));
    CHECK(pipe(fds) == 0);
    int pid = spawn_with("phead", "100", fds[0], 0);
    CHECK(pid > 0 && close(fds[0]) == 0);
    long sent = 0, w;
    while ((w = write(fds[1], buf, sizeof(buf))) > 0 && sent < (long)(4 * MiB))
        sent += w;
    CHECK(w == -1 && errno == EPIPE && sent >= 100);
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 0);
    CHECK(close(fds[1]) == 0);

    CHECK(pipe(fds) == 0);
    pid = spawn_with("phead", "1", fds[0], 0);       /* blocks: we write nothing */
    CHECK(pid > 0);
    struct timespec ts = { 0, 10 * 1000 * 1000 };
    nanosleep(&ts, NULL);
    CHECK(kill(pid, 9) == 0 && vwait(pid, &st, NULL, 0) == pid && st == 128 + VSIG_KILL);
    snprintf(arg, sizeof(arg), "%d", fds[1]);
    CHECK(gt_child("noinherit", arg, NULL, 0) == 0);
    CHECK(close(fds[0]) == 0 && close(fds[1]) == 0);
    /* The last writer closes (exits) while the reader sleeps: it wakes with EOF. */
    CHECK(pipe(fds) == 0);
    pid = spawn_with("pwrite", "0", fds[1], 1);      /* waits until we sleep, writes nothing */
    CHECK(pid > 0 && close(fds[1]) == 0);
    CHECK(read(fds[0], buf, sizeof(buf)) == 0);
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 0 && close(fds[0]) == 0);
}

static void t_dup(void)
{
    char buf[8];
    int fd = open("motd", O_RDONLY), d = dup(fd);

    CHECK(fd >= 3 && d > fd);
    CHECK(read(fd, buf, 3) == 3 && read(d, buf, 4) == 4 && !memcmp(buf, "come", 4));  /* one offset */
    CHECK(dup2(fd, fd) == fd && dup2(fd, 9) == 9 && dup2(d, 9) == 9);   /* 9 closed, reused */
    CHECK(read(9, buf, 1) == 1);
    CHECK(dup2(42, 5) == -1 && errno == EBADF);
    CHECK(dup2(fd, 16) == -1 && errno == EBADF);
    CHECK(dup2(fd, -1) == -1 && errno == EBADF);
    CHECK(dup2(11, 11) == -1 && errno == EBADF);
    CHECK(dup(99) == -1 && errno == EBADF);
    CHECK(vsyscall(SYS_dup3, fd, 9, 1, 0, 0, 0) == -VE_INVAL);
    CHECK(vsyscall(SYS_dup3, fd, fd, 0, 0, 0, 0) == -VE_INVAL);
    CHECK(close(9) == 0 && close(d) == 0 && close(fd) == 0);
    /* A full table: EMFILE, and a pipe that cannot get both ends gets none. */
    int first = dup(0), last = first, fds[2];
    while (last >= 0 && dup(0) >= 0)
        last++;
    CHECK(errno == EMFILE && last == 15);
    CHECK(close(15) == 0 && pipe(fds) == -1 && errno == EMFILE);
    CHECK(dup(0) == 15);                             /* the read end was given back */
    for (int i = first; i <= 15; i++)
        close(i);
}

static void t_cwd(void)
{
    char buf[VPATH_MAX], longname[100];
    int fd;

    CHECK(getcwd(buf, sizeof(buf)) == buf && !strcmp(buf, "/"));
    CHECK(chdir(".") == 0 && chdir("/") == 0 && chdir("..") == 0 && chdir("//./") == 0);
    CHECK(getcwd(buf, 1) == NULL && errno == ERANGE);
    CHECK(getcwd((char *)8, sizeof(buf)) == NULL && errno == EFAULT);
    CHECK(chdir("motd") == -1 && errno == ENOTDIR);
    CHECK(chdir("nosuch") == -1 && errno == ENOENT);
    CHECK(chdir("") == -1 && errno == ENOENT);
    CHECK(chdir((char *)8) == -1 && errno == EFAULT);
    memset(longname, 'a', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = 0;
    CHECK(chdir(longname) == -1 && errno == ENAMETOOLONG);
    static const char *const motds[] = { "motd", "./motd", "/motd", "../../motd", "//motd" };
    for (size_t i = 0; i < sizeof(motds) / sizeof(motds[0]); i++) {
        CHECK((fd = open(motds[i], O_RDONLY)) >= 0);
        close(fd);
    }
    /* A directory implied by a file's name: cd into it; relative paths and
     * spawn start there; the child inherits it. */
    CHECK((fd = open("d/x", O_WRONLY | O_CREAT, 0644)) >= 0 && close(fd) == 0);
    CHECK(chdir("d") == 0 && getcwd(buf, sizeof(buf)) && !strcmp(buf, "/d"));
    CHECK((fd = open("x", O_RDONLY)) >= 0 && close(fd) == 0);
    CHECK((fd = open("../motd", O_RDONLY)) >= 0 && close(fd) == 0);
    CHECK(vspawn("true", NULL) == -1 && errno == ENOENT);      /* there is no /d/true */
    CHECK(vrun("/usertests", (char *[]){ "usertests", "--child", "incwd", "/d", NULL }, NULL, 0) == 0);
    CHECK(chdir("..") == 0 && unlink("d/x") == 0);
    CHECK(chdir("d") == -1 && errno == ENOENT);      /* gone with its last file */
    CHECK(open("motd/x", O_WRONLY | O_CREAT, 0644) == -1 && errno == ENOTDIR);
}

/* setpgid: the caller or a child, to its own group or one that exists. */
static void t_pgid(void)
{
    int pid = gt_spawn("sleeper", NULL), st = -1;

    CHECK(pid > 0);
    CHECK(setpgid(0, 0) == 0 && setpgid(getpid(), 0) == 0);
    CHECK(setpgid(pid, 0) == 0 && setpgid(pid, getpid()) == 0);     /* back into ours */
    CHECK(setpgid(getppid(), 0) == -1 && errno == ESRCH);            /* not our child */
    CHECK(setpgid(-1, 0) == -1 && errno == EINVAL);
    CHECK(setpgid(0, -5) == -1 && errno == EINVAL);
    CHECK(setpgid(0, 0x7FFFFFF0) == -1 && errno == EPERM);           /* no such group */
    CHECK(kill(pid, 9) == 0 && vwait(pid, &st, NULL, 0) == pid && st == 128 + VSIG_KILL);
    CHECK(setpgid(pid, 0) == -1 && errno == ESRCH);                  /* gone */
}

static void t_ramfile(void)
{
    char buf[16];
    int fd;

    CHECK((fd = open("t.out", O_WRONLY | O_CREAT | O_TRUNC, 0644)) >= 0);
    CHECK(write(fd, "abc", 3) == 3 && read(fd, buf, 1) == -1 && errno == EBADF && close(fd) == 0);
    CHECK((fd = open("t.out", O_WRONLY | O_APPEND)) >= 0);
    CHECK(lseek(fd, 0, SEEK_SET) == 0 && write(fd, "de", 2) == 2 && close(fd) == 0);
    CHECK((fd = open("t.out", O_RDONLY)) >= 0);
    CHECK(read(fd, buf, sizeof(buf)) == 5 && !memcmp(buf, "abcde", 5));
    CHECK(lseek(fd, 0, SEEK_END) == 5);
    CHECK(open("t.out", O_WRONLY | O_CREAT | O_EXCL, 0644) == -1 && errno == EEXIST);
    CHECK(unlink("t.out") == 0 && open("t.out", O_RDONLY) == -1 && errno == ENOENT);
    CHECK(lseek(fd, 1, SEEK_SET) == 1 && read(fd, buf, 2) == 2 && !memcmp(buf, "bc", 2));
    CHECK(close(fd) == 0 && unlink("t.out") == -1 && errno == ENOENT);
    /* The initrd stays read-only; a RAM file has a size limit. */
    CHECK(open("motd", O_WRONLY | O_CREAT | O_TRUNC, 0644) == -1 && errno == EACCES);
    CHECK(unlink("motd") == -1 && errno == EACCES);
    /* A directory opens read-only (for getdents64), as on Linux; never for writing. */
    CHECK((fd = open("/", O_RDONLY)) >= 0 && close(fd) == 0);
    CHECK(open("/", O_WRONLY) == -1 && errno == EISDIR);
    char *big = malloc(600 * 1024);
    CHECK(big != NULL && (fd = open("t.big", O_RDWR | O_CREAT, 0644)) >= 0);
    if (big) {
        memset(big, 'b', 600 * 1024);
        CHECK(write(fd, NULL, 10) == -1 && errno == EFAULT);
        CHECK(write(fd, big, 600 * 1024) == 512 * 1024);
        CHECK(write(fd, big, 1) == -1 && errno == EFBIG);
    }
    CHECK(close(fd) == 0 && unlink("t.big") == 0);
    free(big);
}

/* ---- demand paging seen from malloc ------------------------------------ */

/* malloc takes pages from the kernel without touching them: the first touch
 * of each page is the program's, and one demand-zero fault. */
static void t_demand(void)
{
    const size_t size = 64 * PAGE;
    struct vmeminfo m0 = mem();
    char *p = malloc(size);
    struct vmeminfo m1 = mem();

    CHECK(p != NULL);
    if (!p)
        return;
    CHECK(m1.self_faults - m0.self_faults <= 2);     /* the headers' pages at most */
    char *first = (char *)ROUNDUP((uintptr_t)p, PAGE) + PAGE, *end = p + size;
    size_t pages = 0;
    for (char *q = first; q + PAGE <= end; q += PAGE, pages++)
        CHECK(*q == 0);                              /* demand-zero */
    struct vmeminfo m2 = mem();
    CHECK(pages >= 60 && m2.self_faults - m1.self_faults == pages);
    for (char *q = first; q + PAGE <= end; q += PAGE)
        *q = 1;                                      /* resident now: no fault */
    CHECK(mem().self_faults == m2.self_faults);
    free(p);
}

/* The runtime's malloc: calloc zeroes reused memory, realloc keeps the
 * contents, freed neighbours merge and are reused, overflow is ENOMEM. */
static void t_malloc(void)
{
    char *a = malloc(1000), *b = malloc(1000);
    CHECK(a && b && ((uintptr_t)a & 15) == 0 && ((uintptr_t)b & 15) == 0);
    if (!a || !b)
        return;
    memset(a, 0x77, 1000);
    memset(b, 0x66, 1000);
    uintptr_t lo = (uintptr_t)MIN(a, b), hi = (uintptr_t)(a < b ? b : a);
    free(a);
    free(b);
    char *c = calloc(2000, 1);                   /* a and b merged: the same memory */
    CHECK(c != NULL && (uintptr_t)c >= lo && (uintptr_t)c <= hi);
    bool zero = c != NULL;
    for (size_t i = 0; c && i < 2000; i++)
        zero &= c[i] == 0;
    CHECK(zero);
    memcpy(c, "keep", 5);
    char *d = realloc(c, 100000);
    CHECK(d != NULL && !strcmp(d, "keep"));
    free(d);
    volatile size_t huge = SIZE_MAX - 8;         /* volatile: gcc would refuse the constant */
    CHECK(calloc(huge / 2, 4) == NULL && errno == ENOMEM);
    CHECK(malloc(huge) == NULL && errno == ENOMEM);
}

/* ---- fork: copy-on-write, commit at fork (issue 21) ------------------- */

static char cow_page[2 * PAGE] = "parent";

/* fork as a Linux program makes it: clone(SIGCHLD), the child gets 0. */
static long fork_raw(void)
{
    return vsyscall(SYS_clone, VSIGCHLD, 0, 0, 0, 0, 0);
}

/* A child that waits until fd reads end of file, then exits with status. */
static _Noreturn void wait_eof_exit(int fd, int status)
{
    char c;

    while (read(fd, &c, 1) > 0)
        ;
    _exit(status);
}

/* The child's write copies the page: the parent's stays.  While both live
 * the frames are shared (FR_COW, state 7) and the books balance; the runner
 * checks that every frame is back once both have exited. */
static void t_cow(void)
{
    struct vmemaudit a0, a1;
    int p[2], st = -1;

    CHECK(pipe(p) == 0);
    cow_page[PAGE] = 'P';
    long pid = fork_raw();
    if (pid == 0) {
        char c;
        close(p[1]);
        (void)read(p[0], &c, 1);            /* until the parent has looked */
        strcpy(cow_page, "child");          /* the first write copies */
        _exit(!strcmp(cow_page, "child") && cow_page[PAGE] == 'P' ? 0 : 1);
    }
    CHECK(pid > 0);
    CHECK(memaudit(&a0) == 0 && a0.state[7] > 0);
    CHECK(a0.proc_shared == a0.cow_refs && a0.unbalanced == 0);
    close(p[0]);
    close(p[1]);                            /* the child reads end of file */
    CHECK(vsyscall(SYS_wait4, pid, (long)&st, 0, 0, 0, 0) == pid && st == 0);
    CHECK(!strcmp(cow_page, "parent") && cow_page[PAGE] == 'P');
    cow_page[0] = 'p';                      /* the last reference: kept, not copied */
    CHECK(memaudit(&a1) == 0 && a1.proc_shared == a1.cow_refs && a1.unbalanced == 0);
    pid = fork_raw();
    if (pid == 0)
        *(volatile char *)0 = 1;            /* killed: wait4 says SIGSEGV */
    CHECK(vsyscall(SYS_wait4, pid, (long)&st, 0, 0, 0, 0) == pid && st == VSIG_SEGV);
}

/* Fork charges the child's commit at once: with a third of what the
 * commit limit has left committed (and the per-process limit respected),
 * the first fork fits, a later one gets ENOMEM at fork, and nothing leaks. */
static void t_forklimit(void)
{
    struct vmeminfo m = mem();
    size_t room = USER_END - USER_BASE - USER_STACK_MAX - 128 * MiB;
    size_t n = MIN(MIN((m.proc_limit - m.self_committed) * PAGE - 2 * MiB, room),
                   (m.commit_limit - m.committed) / 3 * PAGE);
    long pids[NPROC_MAX], r = 0;
    int k = 0, p[2], st;

    n = ROUNDDOWN_PAGE(n);
    CHECK(vmem_alloc(NULL, n, VA_RESERVE | VA_COMMIT) != NULL);   /* committed, not touched */
    CHECK(pipe(p) == 0);
    while (k < NPROC_MAX && (r = fork_raw()) > 0)
        pids[k++] = r;
    if (r == 0) {
        close(p[1]);
        wait_eof_exit(p[0], 0);
    }
    CHECK(r == -VE_NOMEM && k >= 1);
    close(p[0]);
    close(p[1]);
    for (int i = 0; i < k; i++)
        CHECK(vwait((int)pids[i], &st, NULL, 0) == pids[i] && st == 0);
    struct vmemaudit au;
    CHECK(memaudit(&au) == 0 && au.unbalanced == 0);
}

/* ---- the runner ------------------------------------------------------- */

static const struct gtest tests[] = {
    { "zerofill", t_zerofill, false }, { "guard", t_guard, false },
    { "sparse", t_sparse, false },     { "limit", t_limit, false },
    { "faults", t_faults, false },     { "isolation", t_isolation, false },
    { "preempt", t_preempt, false },   { "fpu", t_fpu, false },
    { "sleepkill", t_sleep_kill, false }, { "files", t_files, false },
    { "fuzz", t_fuzz, false },         { "errno_range", t_overflow, false },
    { "pipe", t_pipe, false },         { "pipebig", t_pipebig, false },
    { "pipeend", t_pipeend, false },   { "dup", t_dup, false },
    { "cwd", t_cwd, false },           { "ramfile", t_ramfile, false },
    { "demand", t_demand, false },     { "malloc", t_malloc, false },
    { "pgid", t_pgid, false },         { "cow", t_cow, false },
    { "forklimit", t_forklimit, false }, { "sigkill", t_sigkill, false },
    { "sort", t_sort, true },          { "matmul", t_matmul, true },
};

/* Child entry points: the helpers tests spawn, and the tests themselves. */
static int run_child(const char *name, const char *arg)
{
    if (!strcmp(name, "overflow")) return recurse(0);
    if (!strcmp(name, "hog")) return hog(arg);
    if (!strcmp(name, "fault")) return fault_child(arg);
    if (!strcmp(name, "peek-bss")) return secret == 0 ? 0 : 1;
    if (!strcmp(name, "peek")) return (int)*(volatile char *)(uintptr_t)strtoul(arg, NULL, 10);
    if (!strcmp(name, "spin")) return spin(arg);
    if (!strcmp(name, "fp")) return fp_work();
    if (!strcmp(name, "sigloop")) return sig_loop();
    if (!strcmp(name, "sleeper")) { struct timespec ts = { 1000000, 0 }; nanosleep(&ts, NULL); return 1; }
    if (!strcmp(name, "fuzzer")) return fuzz(arg);
    if (!strcmp(name, "pwrite")) return pwrite_child(arg);
    if (!strcmp(name, "phead")) return phead_child(arg);
    if (!strcmp(name, "sigpipe")) { int f[2]; return pipe(f) || close(f[0]) ? 2 : write(f[1], "x", 1) == -1 ? 1 : 0; }
    if (!strcmp(name, "noinherit")) return write(atoi(arg), "x", 1) == -1 && errno == EBADF ? 0 : 1;
    if (!strcmp(name, "incwd")) { char b[VPATH_MAX]; return getcwd(b, sizeof(b)) && !strcmp(b, arg) ? 0 : 1; }
    return gt_run_named(name);
}

int main(int argc, char **argv)
{
    return gt_main(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), run_child);
}
