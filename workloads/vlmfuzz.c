/*
 * vlmfuzz — a property fuzzer for VLM/OS and the VLM driver.
 *
 *   vlmfuzz [--seed S] [--calls N] [--procs K] [--forks P]
 *
 * Starts K processes (consumers of the VLM driver, with the donors the driver
 * starts for them, and bystanders) that make N random system calls and VLM
 * ioctls in all, with random and edge-case arguments.  Each process keeps a
 * model of what it owns (its committed pages, its handles' contents, its
 * window mappings) and checks after every call that
 *   - the result is >= 0 or a defined -errno, and the one the model predicts
 *     (a pointer to memory the caller does not own gives -EFAULT, a VLM_MAP
 *     outside the window -EINVAL, lseek and write past INT64_MAX an error);
 *   - memory it owns holds what it wrote there (nobody else wrote into it);
 * and after every round of calls (memaudit, docs/vlmos.md) that
 *   - frames are conserved: the frame database's states add up to RAM, match
 *     the allocator's counts, and the owners' own accounts (resident pages,
 *     page tables, the driver's pool); the commit charge is the processes'
 *     plus the driver's;
 *   - no process is over the per-process limit;
 *   - no ended process holds a slot (detached zombies are reaped at once).
 *   - every frame in use is paid for by a budget (memaudit's own check,
 *     `unbalanced`, docs/vlmos.md "Who pays for what").
 * Each process also keeps RAM files and a pipe with a model of their
 * contents (a write the kernel refuses for lack of room is ENOSPC, and the
 * file is then dropped), calls VLM_SHUTDOWN (it may take only the caller's
 * own handles: a consumer forgets its own, everybody else's stay whole), and
 * the spawner kills short-lived consumers and donors at random points.
 * With --forks P, one call in P is a process op (issue 21): a consumer forks
 * (the child writes COW pages, touches the window and dies of SIGSEGV, calls
 * the driver with the parent's handle, or is killed) or runs 2-4 threads on
 * the driver; any process execs a child, or signals one blocked in VLM_ALLOC
 * (handlers, the kernel's trampoline); the spawner stops donors and continues
 * or kills them.  Each waits for the exact status and audits the books
 * (copy-on-write frames counted once).
 * At the end every frame, commit page, budget charge and process slot is back.
 *
 * Seeded and deterministic on the instruction clock: a failure prints the
 * command line that replays it.  Not called: exit, a real signal to anyone
 * but a donor, a victim consumer or a child of the caller's own, and console
 * reads.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define PAGE      8192UL
#define ROUND     64                     /* calls between audits */
#define NREG      6                      /* regions a process keeps */
#define REGPAGES  8                      /* pages per region, at most */
#define NHAND     2                      /* handles a consumer keeps */
#define HPAGES    1600                   /* pages per handle, at most (shadowed) */
#define NBUF      4
#define NMAP      6
#define NFILE     2                      /* RAM files a process keeps */
#define FPAGES    64                     /* pages of a RAM file (512 KiB) */
#define PIPECAP   8192                   /* a pipe's ring (guestos/pipe.h PIPE_BUF_SIZE) */

/* ---- the run, and failure ---------------------------------------------- */

static struct {
    long seed, calls;                    /* the whole run's, for the replay line */
    int procs;
    const char *role;
    long call;                           /* calls made by this process */
    uint64_t probe;                      /* the last probe pointer, for the report */
    uint64_t rng;
    int pid, vfd, nul, motd;
    long forks;                          /* one call in this many is a process op (fork, ...) */
    bool threads;                        /* threads of ours use the window too */
    bool tramp;                          /* a handler installed: the trampoline page is mapped */
    long forked, execed, signalled, threaded, stopped;  /* process ops done, for the report */
    uint64_t motd_size, motd_off;
    struct vmeminfo mi;
} F;

static void replay_line(void);
static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
    va_list ap;
    printf("vlmfuzz: FAIL: %s (pid %d) call %ld: ", F.role, getpid(), F.call);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf(" [last probe pointer %#lx]\n", (unsigned long)F.probe);
    if (F.calls)                                  /* the runner: the children's parent prints it */
        replay_line();
    exit(1);
}

static uint64_t rnd(void)
{
    F.rng ^= F.rng << 13;
    F.rng ^= F.rng >> 7;
    F.rng ^= F.rng << 17;
    return F.rng;
}

static uint64_t pick(uint64_t n) { return n ? rnd() % n : 0; }

/* Every errno the kernel defines (abi/vlmos.h). */
static bool defined_errno(long e)
{
    static const int ok[] = { VE_ALL };
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (e == ok[i])
            return true;
    return false;
}

/* One system call, counted, its result checked for errno discipline. */
static long sys(const char *what, long n, long a, long b, long c)
{
    long r = vsyscall(n, a, b, c, 0, 0, 0);
    F.call++;
    if (r < 0 && !defined_errno(-r))
        fail("%s(%#lx, %#lx, %#lx) returned %ld: no defined errno", what, a, b, c, r);
    return r;
}

static long vioctl(const char *what, unsigned long cmd, long arg)
{
    return sys(what, SYS_ioctl, F.vfd, (long)cmd, arg);
}

/* The result must be want (or, when alt is nonzero, alt). */
static void expect(const char *what, long r, long want, long alt)
{
    if (r != want && (!alt || r != alt))
        fail("%s returned %ld, expected %ld%s", what, r, want, alt ? " (or another)" : "");
}

/* ---- the model: what this process owns ------------------------------- */

struct region { uint64_t va; unsigned pages, committed; uint64_t tag[REGPAGES]; };
struct handle { int h; uint64_t pages; uint64_t shadow[HPAGES]; };
struct buf    { int b, hi; uint64_t first, pages; int maps; };
struct map    { uint64_t va, pages, first; int bi; bool ro; };   /* first: handle page */

static struct region reg[NREG];
static struct handle hand[NHAND];        /* h < 0: unused */
static struct buf bufs[NBUF];            /* b < 0: unused */
static struct map maps[NMAP];            /* va 0: unused */
/* Owned and writable: one whole page of bss, so that no probe into it can
 * reach the fuzzer's own variables. */
static uint64_t scratch[PAGE / 8] __attribute__((aligned(PAGE)));
/* RAM files: the first word of each page (0 for a hole), and the size. */
struct rfile { bool used; uint64_t size; uint64_t tag[FPAGES]; };
static struct rfile files[NFILE];
/* The pipe: its fds (-1: none), and the bytes written and read, a running sequence. */
static struct { int fd[2]; uint64_t wseq, rseq; } pipe_m = { { -1, -1 }, 0, 0 };

static struct map *map_at(uint64_t va)
{
    for (int i = 0; i < NMAP; i++)
        if (maps[i].va && va >= maps[i].va && va < maps[i].va + maps[i].pages * PAGE)
            return &maps[i];
    return NULL;
}

/* Can the kernel write (or read) this page of ours?  Only addresses the
 * model knows exactly are ever probed. */
static bool page_owned(uint64_t va, bool write)
{
    va &= ~(PAGE - 1);
    for (int i = 0; i < NREG; i++)
        if (reg[i].va && va >= reg[i].va && va < reg[i].va + reg[i].pages * PAGE)
            return reg[i].committed >> ((va - reg[i].va) / PAGE) & 1;
    struct map *m = map_at(va);
    if (m)
        return !(write && m->ro);
    uint64_t s = (uint64_t)(uintptr_t)scratch;
    return va >= (s & ~(PAGE - 1)) && va < s + sizeof(scratch);
}

static bool text_addr(uint64_t a);

static bool owned(uint64_t va, uint64_t len, bool write)
{
    if (text_addr(va))
        return !write;
    if (F.tramp && va >= VSIGTRAMP_VA && va + len <= VSIGTRAMP_VA + PAGE && va + len > va)
        return !write;                            /* the signal trampoline: read-only */
    if (va + len < va)
        return false;                             /* wraps: the kernel's top page */
    for (uint64_t p = va & ~(PAGE - 1); p < va + len; p += PAGE)
        if (!page_owned(p, write))
            return false;
    return true;
}

/* The kernel wrote [p, p + len) for us: a tagged word (the first of a
 * page) in it holds what was written now. */
static void clobbered(uint64_t p, uint64_t len)
{
    for (uint64_t pg = p & ~(PAGE - 1); pg < p + len; pg += PAGE) {
        if (pg + 8 <= p || !page_owned(pg, false))
            continue;                             /* the tagged word is not in range, or not ours */
        uint64_t w = *(volatile uint64_t *)(uintptr_t)pg;
        for (int i = 0; i < NREG; i++)
            if (reg[i].va && pg >= reg[i].va && pg < reg[i].va + reg[i].pages * PAGE)
                reg[i].tag[(pg - reg[i].va) / PAGE] = w;
        struct map *m = map_at(pg);
        if (m)
            hand[bufs[m->bi].hi].shadow[m->first + (pg - m->va) / PAGE] = w;
    }
}

/* A pointer to probe with: in memory we own, or in memory we do not. */
static uint64_t probe_pick(uint64_t len);
static bool in_thread_stack(uint64_t p, uint64_t len);
static uint64_t probe_addr(uint64_t len)
{
    F.probe = probe_pick(len);
    if (in_thread_stack(F.probe, len))
        F.probe = 0;                              /* a running thread's stack: not the model's */
    return F.probe;
}

static uint64_t probe_pick(uint64_t len)
{
    static const uint64_t fixed[] = {
        0, 8, PAGE, USER_BASE - 16, USER_END, USER_END - 8, VLM_WINDOW - 8, VLM_WINDOW,
        VLM_WINDOW_END - 8, VLM_WINDOW_END, 0xFFFFFC0000000000UL, 0xFFFFFFFF80000000UL,
        ~0UL - 7, 1UL << 63, 0xFFFFFFFFFFFFE000UL,
    };
    struct region *r = &reg[pick(NREG)];
    struct map *m = &maps[pick(NMAP)];

    switch (pick(5)) {
    case 0:  return (uint64_t)(uintptr_t)scratch + pick(sizeof(scratch) - len + 1);
    case 1:  if (r->va) return r->va + pick(r->pages * PAGE - len + 1) + (pick(4) ? 0 : len / 2);
             break;
    case 2:  if (m->va) return m->va + pick(m->pages * PAGE - len + 1) + (pick(4) ? 0 : len / 2);
             break;
    case 3:  return (uint64_t)(uintptr_t)&fail;             /* text: readable, not writable */
    default: break;
    }
    return fixed[pick(sizeof(fixed) / sizeof(fixed[0]))];
}

static bool text_addr(uint64_t a) { return a == (uint64_t)(uintptr_t)&fail; }

/* Edge-case numbers for lengths, offsets and addresses. */
static uint64_t edge(void)
{
    static const uint64_t e[] = { 0, 1, 7, PAGE - 1, PAGE, PAGE + 1, 0x7FFFFFFFFFFFFFFFUL,
                                  0x8000000000000000UL, ~0UL, ~0UL - PAGE + 1, 1UL << 32,
                                  USER_END, VLM_WINDOW_END, 0xFFFFFFFFFFFFE000UL };
    return pick(3) ? e[pick(sizeof(e) / sizeof(e[0]))] : rnd() >> pick(64);
}

/* ---- system calls other than the VLM driver's ------------------------- */

/* clock_gettime writes 16 bytes: a probe of what the kernel lets us write. */
static void op_clock(void)
{
    uint64_t clk = pick(4) ? pick(VCLOCK_NCLOCKS) : edge(), p = probe_addr(16);
    long r = sys("clock_gettime", SYS_clock_gettime, (long)clk, (long)p, 0);
    expect("clock_gettime", r, clk >= VCLOCK_NCLOCKS ? -VE_INVAL : owned(p, 16, true) ? 0 : -VE_FAULT,
           0);
    if (!r)
        clobbered(p, 16);
}

/* /dev/null: write returns the length asked (never a negative number),
 * read returns 0; neither touches the buffer. */
static void op_null(void)
{
    uint64_t len = edge(), p = probe_addr(8);
    if (pick(2)) {
        long r = sys("write(/dev/null)", SYS_write, F.nul, (long)p, (long)len);
        expect("write(/dev/null)", r, len > (uint64_t)INT64_MAX ? -VE_INVAL : (long)len, 0);
    } else {
        long r = sys("read(/dev/null)", SYS_read, F.nul, (long)p, (long)len);
        expect("read(/dev/null)", r, len > (uint64_t)INT64_MAX ? -VE_INVAL : 0, 0);
    }
}

/* lseek on an initrd file: the model predicts the new offset exactly. */
static void op_lseek(void)
{
    int whence = (int)pick(4);
    int64_t off = pick(2) ? (int64_t)pick(2 * F.motd_size) - (int64_t)F.motd_size : (int64_t)edge();
    int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)F.motd_off : (int64_t)F.motd_size;
    long want;
    if (whence == 3)
        want = -VE_INVAL;
    else if (off < -base)
        want = -VE_INVAL;
    else if (off > INT64_MAX - base)
        want = -VE_OVERFLOW;
    else
        want = base + off;
    long r = sys("lseek", SYS_lseek, F.motd, off, whence);
    expect("lseek", r, want, 0);
    if (r >= 0)
        F.motd_off = (uint64_t)r;
}

/* read from the file into a probe: bytes, 0 at the end, or -EFAULT. */
static void op_read_file(void)
{
    uint64_t len = pick(64) + 1, p = probe_addr(len);
    uint64_t n = F.motd_off < F.motd_size ? F.motd_size - F.motd_off : 0;
    n = n < len ? n : len;
    long r = sys("read(motd)", SYS_read, F.motd, (long)p, (long)len);
    expect("read(motd)", r, !n ? 0 : owned(p, n, true) ? (long)n : -VE_FAULT, 0);
    if (r > 0) {
        F.motd_off += (uint64_t)r;
        clobbered(p, (uint64_t)r);
    }
}

/* Descriptors that are not open, and bad paths. */
static void op_files(void)
{
    static const uint64_t bad[] = { 9, 13, 15, 16, 1000, 1UL << 32, ~0UL };   /* 0-5 are open */
    uint64_t fd = bad[pick(sizeof(bad) / sizeof(bad[0]))], p = probe_addr(8);
    switch (pick(5)) {
    case 0: expect("close(bad)", sys("close", SYS_close, (long)fd, 0, 0), -VE_BADF, 0); break;
    case 1: expect("read(bad)", sys("read", SYS_read, (long)fd, (long)p, 8), -VE_BADF, 0); break;
    case 2: expect("ioctl(bad)", sys("ioctl", SYS_ioctl, (long)fd, VLM_STAT, (long)p), -VE_BADF, 0); break;
    case 3: {
        long r = sys("openat", SYS_openat, 0, (long)p, 0);
        if (r >= 0)
            sys("close", SYS_close, r, 0, 0);
        else if (r != -VE_FAULT && r != -VE_NOENT && r != -VE_NAMETOOLONG &&
                 r != -VE_ISDIR && r != -VE_NOTDIR)  /* the bytes may say "/" or "motd/x" */
            fail("openat(%#lx) returned %ld", (unsigned long)p, r);
        break;
    }
    default: {
        char own[32];                     /* "nosuch" made with O_CREAT: this process's own */
        snprintf(own, sizeof(own), "nosuch%ld", (long)F.pid);
        const char *const paths[] = { own, "motd", "/dev/null", "", "/", "motd/x" };
        const char *path = paths[pick(6)];
        uint64_t flags = pick(3) ? pick(3) : edge();
        long r = sys("openat", SYS_openat, 0, (long)path, (long)flags);
        uint64_t known = VO_ACCMODE | VO_CREAT | VO_EXCL | VO_TRUNC | VO_APPEND | VO_NONBLOCK |
                         VO_DIRECTORY | VO_NOFOLLOW | VO_CLOEXEC | VO_LARGEFILE | 0400;
        bool motd = !strcmp(path, "motd");
        if (flags & ~known || (flags & VO_ACCMODE) == VO_ACCMODE)
            expect("openat(flags)", r, -VE_INVAL, 0);
        else if (!*path)
            expect("openat(\"\")", r, -VE_NOENT, 0);
        else if (!strcmp(path, "/") && (flags & VO_ACCMODE) != VO_RDONLY)
            expect("openat(/, for writing)", r, -VE_ISDIR, 0);
        else if (!strcmp(path, "/")) {                /* a directory opens read-only */
            if (r < 0)
                fail("openat(/) returned %ld", r);
            else
                sys("close", SYS_close, r, 0, 0);
        } else if (!strcmp(path, "motd/x"))           /* a file on the way */
            expect("openat(motd/x)", r, -VE_NOTDIR, (flags & VO_DIRECTORY) ? -VE_NOENT : 0);
        else if (flags & VO_DIRECTORY)
            expect("openat(O_DIRECTORY)", r, path == own ? -VE_NOENT : -VE_NOTDIR, 0);
        else if (motd && (flags & VO_CREAT) && (flags & VO_EXCL))
            expect("openat(motd, O_EXCL)", r, -VE_EXIST, 0);
        else if (motd && (flags & VO_ACCMODE))
            expect("openat(motd, write)", r, -VE_ACCES, 0);
        else if (r >= 0 && sys("close", SYS_close, r, 0, 0) == 0 && path == own)
            expect("unlinkat", sys("unlinkat", SYS_unlinkat, 0, (long)path, 0), 0, 0);
        else if (r < 0)                 /* O_CREAT: every RAM file may be taken, by anyone */
            expect("openat", r, -VE_NOENT, path == own && (flags & VO_CREAT) ? -VE_NOSPC : 0);
    }
    }
}

/* kill with signal 0 (a probe), or bad arguments: never hurts anybody.
 * pid 0 and negative pids name process groups (-1: everybody else). */
static void op_kill(void)
{
    long pid = pick(3) ? (long)pick(300) : (long)edge(), sig = pick(4) ? 0 : (long)edge();
    if (sig > 0 && sig <= 64 && pid <= 0x7FFFFFFF)
        pid = 0x70000000 + (long)pick(1000);      /* a real signal only where nobody lives */
    long r = sys("kill", SYS_kill, pid, sig, 0);
    if (pid < -0x80000000L || pid > 0x7FFFFFFF || sig < 0 || sig > 64)
        expect("kill(bad)", r, -VE_INVAL, 0);
    else if (sig == 0)
        expect("kill(pid, 0)", r, 0, -VE_SRCH);
    else if (r != -VE_SRCH)                      /* only pids that do not exist get a signal */
        fail("kill(%ld, %ld) returned %ld", pid, sig, r);
}

static void op_misc(void)
{
    struct vtimespec ts = { 0, 0 };
    uint64_t p = probe_addr(sizeof(struct vmeminfo)), slot = pick(2) ? pick(70) : edge();   /* the larger */
    long r;
    switch (pick(7)) {
    case 0: expect("getpid", sys("getpid", SYS_getpid, 0, 0, 0), F.pid, 0); break;
    case 1: expect("sched_yield", sys("sched_yield", SYS_sched_yield, 0, 0, 0), 0, 0); break;
    case 2:
        ts.tv_nsec = pick(2) ? 0 : (long)edge();
        ts.tv_sec = pick(2) ? 0 : (long)(edge() | 1UL << 40);      /* 0, or too long: refused */
        r = sys("nanosleep", SYS_nanosleep, (long)&ts, 0, 0);
        expect("nanosleep", r, ts.tv_sec || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L ? -VE_INVAL : 0, 0);
        break;
    case 3:
        r = sys("procinfo", SYS_procinfo, (long)slot, (long)p, 0);
        if (slot >= 64 ? r != 0 : r > 0 ? !owned(p, sizeof(struct vprocinfo), true)
                                        : r == -VE_FAULT && owned(p, sizeof(struct vprocinfo), true))
            fail("procinfo(%lu, %#lx) returned %ld", (unsigned long)slot, (unsigned long)p, r);
        if (r > 0)
            clobbered(p, sizeof(struct vprocinfo));
        break;
    case 4:
        r = sys("meminfo", SYS_meminfo, (long)p, 0, 0);
        expect("meminfo", r, owned(p, sizeof(struct vmeminfo), true) ? 0 : -VE_FAULT, 0);
        if (!r)
            clobbered(p, sizeof(struct vmeminfo));
        break;
    case 5:
        r = sys("initrd_list", SYS_initrd_list, (long)slot, (long)p, 16);
        if (r > 0 && !owned(p, 1, true))
            fail("initrd_list wrote to %#lx, which is not ours", (unsigned long)p);
        if (r > 0)
            clobbered(p, 16);
        break;
    default: {
        static const long nosys[] = { 0, 30, SYS_rseq, 999, SYS_memaudit + 1, 1UL << 32, -1 };
        expect("nosys", sys("nosys", nosys[pick(7)], 0, 0, 0), -VE_NOSYS, 0);
    }
    }
}

/* ---- memory: valloc / vfree / brk --------------------------------------- */

static uint64_t tag_of(uint64_t va) { return va * 0x9E3779B97F4A7C15UL ^ (uint64_t)F.pid << 48 ^ F.call; }

/* Write a fresh tag into every committed page of r (the page's first word). */
static void region_tag(struct region *r)
{
    for (unsigned i = 0; i < r->pages; i++)
        if (r->committed >> i & 1)
            *(volatile uint64_t *)(uintptr_t)(r->va + i * PAGE) = r->tag[i] = tag_of(r->va + i * PAGE);
}

/* Valid requests mostly (the model follows them), edge cases sometimes. */
static void op_valloc(void)
{
    struct region *r = &reg[pick(NREG)];
    if (r->va) {                                  /* decommit some pages, or release all */
        unsigned first = (unsigned)pick(r->pages), n = (unsigned)pick(r->pages - first) + 1;
        if (pick(2)) {
            expect("vfree(release)", sys("vfree", SYS_vfree, (long)r->va, 0, VF_RELEASE), 0, 0);
            r->va = 0;
        } else {
            expect("vfree(decommit)", sys("vfree", SYS_vfree, (long)(r->va + first * PAGE),
                                          (long)(n * PAGE), VF_DECOMMIT), 0, 0);
            r->committed &= ~(((1u << n) - 1) << first);
        }
        return;
    }
    if (pick(4) == 0) {                           /* edge cases: refused, or released at once */
        uint64_t addr = pick(2) ? 0 : edge() & ~(PAGE - 1), size = edge(), fl = pick(8);
        for (int i = 0; i < NREG; i++)            /* a commit there would change the model */
            if (reg[i].va && addr >= reg[i].va && addr < reg[i].va + reg[i].pages * PAGE)
                addr = 0;
        long a = sys("valloc(edge)", SYS_valloc, (long)addr, (long)size, (long)fl);
        if (a >= 0 && ((uint64_t)a < USER_BASE || (uint64_t)a + size > USER_END || a & (PAGE - 1)))
            fail("valloc(%#lx, %#lx, %lu) gave %#lx", (unsigned long)addr, (unsigned long)size,
                 (unsigned long)fl, (unsigned long)a);
        if (a >= 0)
            expect("vfree(release)", sys("vfree", SYS_vfree, a, 0, VF_RELEASE), 0, 0);
        return;
    }
    unsigned pages = (unsigned)pick(REGPAGES) + 1;
    long a = sys("valloc", SYS_valloc, 0, (long)(pages * PAGE), VA_RESERVE | VA_COMMIT | (pick(2) ? VA_POPULATE : 0));
    if (a == -VE_NOMEM)
        return;                                   /* the limit or the global commit */
    if (a < (long)USER_BASE || (uint64_t)a + pages * PAGE > USER_END || owned((uint64_t)a, pages * PAGE, false))
        fail("valloc(0, %u pages) gave %ld: not a fresh user range", pages, a);
    *r = (struct region){ (uint64_t)a, pages, (1u << pages) - 1, { 0 } };
    region_tag(r);
}

/* brk: a query, or a change it refuses; it answers the break. */
static void op_brk(void)
{
    long cur = sys("brk(0)", SYS_brk, 0, 0, 0);
    uint64_t to = pick(2) ? edge() : (uint64_t)cur - 1 - pick(PAGE);
    if (to >= (uint64_t)cur)
        return;                                   /* growing is fine but leaves nothing to check */
    expect("brk(below the base)", sys("brk", SYS_brk, (long)to, 0, 0), cur, 0);
}

/* spawn and wait: a child that ends at once, sometimes killed first. */
static void op_spawn(void)
{
    char why[VWHY_MAX];
    int st = -1;
    long pid = sys("spawn", SYS_spawn, pick(8) ? (long)"true" : (long)probe_addr(8), 0, 0);
    if (pid == -VE_FAULT || pid == -VE_NOENT || pid == -VE_NOEXEC || pid == -VE_AGAIN ||
        pid == -VE_NOMEM || pid == -VE_NAMETOOLONG)  /* a probe's bytes: no path, or 64 without a NUL */
        return;
    if (pid <= 0)
        fail("spawn returned %ld", pid);
    if (pick(2))
        expect("kill(child, 9)", sys("kill", SYS_kill, pid, VSIG_KILL, 0), 0, -VE_SRCH);
    expect("wait", sys("wait", SYS_wait, pid, (long)&st, (long)why), pid, 0);
    if (st != 0 && st != 128 + VSIG_KILL)
        fail("child %ld ended with status %d", pid, st);
    expect("wait(none)", sys("wait", SYS_wait, -1, 0, 0), -VE_CHILD, 0);
}

/* Kill a donor: the driver must cope (a consumer's allocation fails with
 * ECANCELED; a completed handle stays whole). */
static void op_kill_donor(void)
{
    struct vprocinfo pi;
    for (long slot = 0; (slot = sys("procinfo", SYS_procinfo, slot, (long)&pi, 0)) > 0; )
        if (!strcmp(pi.name, "vlmdonor") && pi.state != VPS_ZOMBIE && !pick(3)) {
            expect("kill(donor)", sys("kill", SYS_kill, pi.pid, VSIG_KILL, 0), 0, -VE_SRCH);
            return;
        }
}

/* ---- RAM files and pipes: kernel pages each charged to its budget ------- */

static void file_name(int i, char *name, size_t n) { snprintf(name, n, "fz%d.%d", F.pid, i); }

/* Remove RAM file i and forget it (its pages go back at once: it is closed). */
static void file_drop(int i)
{
    char name[32];
    file_name(i, name, sizeof(name));
    expect("unlinkat(ram file)", sys("unlinkat", SYS_unlinkat, 0, (long)name, 0), 0, 0);
    files[i].used = false;
}

/* Write n whole pages at page pg of open file i; a refusal for lack of room
 * (ENOSPC) leaves what it wrote unknown, so the file is dropped. */
static void file_write(int i, long fd, uint64_t pg, uint64_t n)
{
    static uint64_t wbuf[8 * PAGE / 8];
    for (uint64_t k = 0; k < n; k++)
        wbuf[k * PAGE / 8] = tag_of(pg + k) | 1;
    expect("lseek(ram file)", sys("lseek", SYS_lseek, fd, (long)(pg * PAGE), VSEEK_SET), (long)(pg * PAGE), 0);
    long r = sys("write(ram file)", SYS_write, fd, (long)wbuf, (long)(n * PAGE));
    if (r == -VE_NOSPC) {
        sys("close", SYS_close, fd, 0, 0);
        file_drop(i);
        return;
    }
    expect("write(ram file)", r, (long)(n * PAGE), 0);
    for (uint64_t k = 0; k < n; k++)
        files[i].tag[pg + k] = wbuf[k * PAGE / 8];
    files[i].size = files[i].size > (pg + n) * PAGE ? files[i].size : (pg + n) * PAGE;
    sys("close", SYS_close, fd, 0, 0);
}

/* Read the first word of page pg of open file i: what the model says. */
static void file_check(int i, long fd, uint64_t pg)
{
    uint64_t w = 0;
    expect("lseek(ram file)", sys("lseek", SYS_lseek, fd, (long)(pg * PAGE), VSEEK_SET), (long)(pg * PAGE), 0);
    long r = sys("read(ram file)", SYS_read, fd, (long)&w, 8);
    if (pg * PAGE >= files[i].size ? r != 0 : r != 8 || w != files[i].tag[pg])
        fail("RAM file %d page %lu: read %ld, %#lx, not %#lx", i, (unsigned long)pg, r,
             (unsigned long)w, (unsigned long)files[i].tag[pg]);
    sys("close", SYS_close, fd, 0, 0);
}

static void op_ramfile(void)
{
    int i = (int)pick(NFILE);
    char name[32];
    if (files[i].used && !pick(8)) {
        file_drop(i);
        return;
    }
    file_name(i, name, sizeof(name));
    long fd = sys("openat(ram file)", SYS_openat, 0, (long)name, VO_RDWR | VO_CREAT);
    if (fd == -VE_NOSPC || fd == -VE_NOMEM)
        return;                                   /* 32 files, or no heap left: refused */
    if (fd < 0)
        fail("openat(%s, O_CREAT) returned %ld", name, fd);
    if (!files[i].used)
        files[i] = (struct rfile){ .used = true };
    uint64_t pg = pick(FPAGES), room = FPAGES - pg;
    if (pick(2))
        file_write(i, fd, pg, 1 + pick(room < 8 ? room : 8));
    else
        file_check(i, fd, pg);
}

/* The pipe: writes never more than the ring has room for, reads never more
 * than it holds, so nothing sleeps; every byte comes out as it went in. */
static void op_pipe(void)
{
    static uint8_t pb[PIPECAP];
    uint64_t inside = pipe_m.wseq - pipe_m.rseq, n;
    long r;
    if (pipe_m.fd[0] < 0) {
        r = sys("pipe2", SYS_pipe2, (long)pipe_m.fd, 0, 0);
        if (r == -VE_NOMEM || r == -VE_MFILE)
            pipe_m.fd[0] = pipe_m.fd[1] = -1;     /* no frame (VB_PIPE) or no descriptor */
        else
            expect("pipe2", r, 0, 0);
        pipe_m.wseq = pipe_m.rseq = 0;
        return;
    }
    switch (pick(5)) {
    case 0:
        sys("close", SYS_close, pipe_m.fd[0], 0, 0);
        sys("close", SYS_close, pipe_m.fd[1], 0, 0);
        pipe_m.fd[0] = pipe_m.fd[1] = -1;
        break;
    case 1: case 2:
        n = pick(PIPECAP - inside + 1);
        for (uint64_t k = 0; k < n; k++)
            pb[k] = (uint8_t)((pipe_m.wseq + k) * 131 >> 3);
        expect("write(pipe)", sys("write(pipe)", SYS_write, pipe_m.fd[1], (long)pb, (long)n), (long)n, 0);
        pipe_m.wseq += n;
        break;
    default:
        if (!inside)
            break;
        n = 1 + pick(inside);
        expect("read(pipe)", sys("read(pipe)", SYS_read, pipe_m.fd[0], (long)pb, (long)n), (long)n, 0);
        for (uint64_t k = 0; k < n; k++)
            if (pb[k] != (uint8_t)((pipe_m.rseq + k) * 131 >> 3))
                fail("pipe byte %lu is %u", (unsigned long)(pipe_m.rseq + k), pb[k]);
        pipe_m.rseq += n;
    }
}

/* ---- the VLM driver ------------------------------------------------------ */

static struct handle *any_handle(void)
{
    struct handle *h = &hand[pick(NHAND)];
    return h->h >= 0 ? h : NULL;
}

/* Forget handle hi's buffers and mappings (VLM_FREE drops them). */
static void forget_handle(int hi)
{
    for (int i = 0; i < NBUF; i++)
        if (bufs[i].b >= 0 && bufs[i].hi == hi) {
            for (int k = 0; k < NMAP; k++)
                if (maps[k].va && maps[k].bi == i)
                    maps[k].va = 0;
            bufs[i].b = -1;
        }
    hand[hi].h = -1;
}

/* Sizes around the limit L: direct, with donors, and refused ones. */
static void op_alloc(void)
{
    int hi = (int)pick(NHAND);
    uint64_t L = F.mi.proc_limit * PAGE, sizes[] = { PAGE, L / 2, L, L + PAGE, 2 * L + 3 * PAGE, 0,
                                                     1UL << 43, ~0UL };
    if (hand[hi].h >= 0) {
        expect("VLM_FREE", vioctl("VLM_FREE", VLM_FREE, hand[hi].h), 0, 0);
        forget_handle(hi);
        return;
    }
    /* Flags: none; a donation that fails half-way (its donors check that the
     * pages taken are out of reach, and report on the console); or junk. */
    uint32_t fl = pick(8) ? 0 : pick(2) ? VLM_TEST_DONATE_NOMEM : (uint32_t)edge() & ~1u;
    struct vlm_alloc a = { .size = sizes[pick(8)], .flags = fl };
    long r = vioctl("VLM_ALLOC", VLM_ALLOC, (long)&a);
    bool bad = !a.size || a.size > (1UL << 42) ||
               a.flags & ~(uint32_t)(VLM_TEST_DONOR_TOUCH | VLM_TEST_DONOR_SLOW | VLM_TEST_DONATE_NOMEM);
    if (r >= 0 && !bad && a.size > HPAGES * PAGE) {     /* too big to model: give it back */
        expect("VLM_FREE", vioctl("VLM_FREE", VLM_FREE, a.handle), 0, 0);
        return;
    }
    if (bad || r < 0) {
        if (r >= 0)
            fail("VLM_ALLOC(%#lx, flags %#x) succeeded", (unsigned long)a.size, a.flags);
        if (bad ? r != -VE_INVAL && r != -VE_NOMEM
                : r != -VE_NOMEM && r != -VE_AGAIN && r != -VE_CANCELED && r != -VE_INTR)
            fail("VLM_ALLOC(%#lx) returned %ld", (unsigned long)a.size, r);
        return;
    }
    hand[hi].h = a.handle;
    hand[hi].pages = (a.size + PAGE - 1) / PAGE;
    memset(hand[hi].shadow, 0, sizeof(hand[hi].shadow));          /* frames come zeroed */
}

static void op_buf(void)
{
    struct handle *h = any_handle();
    int bi = (int)pick(NBUF);
    if (bufs[bi].b >= 0) {
        long r = vioctl("VLM_BUF_RELEASE", VLM_BUF_RELEASE, bufs[bi].b);
        expect("VLM_BUF_RELEASE", r, bufs[bi].maps ? -VE_BUSY : 0, 0);
        if (!r)
            bufs[bi].b = -1;
        return;
    }
    if (!h)
        return;
    uint64_t first = pick(h->pages), pages = pick(h->pages - first) + 1;
    struct vlm_buf b = { h->h, -1, first * PAGE, pages * PAGE };
    bool ok = true;
    if (!pick(4)) {                               /* an edge case: refused */
        b.offset = pick(2) ? edge() : b.offset + 1;
        b.length = pick(2) ? edge() : b.length;
        ok = !(b.offset & (PAGE - 1)) && !(b.length & (PAGE - 1)) && b.length &&
             b.offset <= h->pages * PAGE && b.length <= h->pages * PAGE - b.offset;
    }
    long r = vioctl("VLM_BUF_CREATE", VLM_BUF_CREATE, (long)&b);
    if (ok ? r != 0 && r != -VE_AGAIN : r != -VE_INVAL)
        fail("VLM_BUF_CREATE(off %#lx, len %#lx) returned %ld", (unsigned long)b.offset,
             (unsigned long)b.length, r);
    if (!r)
        bufs[bi] = (struct buf){ b.buf, (int)(h - hand), b.offset / PAGE, b.length / PAGE, 0 };
}

/* The first word of handle page pg, through the driver. */
static uint64_t vlm_peek(struct handle *h, uint64_t pg)
{
    uint64_t w = ~0UL;
    struct vlm_rw rw = { h->h, 0, pg * PAGE, (uint64_t)(uintptr_t)&w, 8 };
    expect("VLM_READ", vioctl("VLM_READ", VLM_READ, (long)&rw), 8, 0);
    return w;
}

static bool map_overlaps(uint64_t va, uint64_t len)
{
    for (int i = 0; i < NMAP; i++)
        if (maps[i].va && maps[i].va < va + len && va < maps[i].va + maps[i].pages * PAGE)
            return true;
    return false;
}

/* Where to ask for a mapping: 0 (the driver chooses) or an edge address. */
static uint64_t map_va(uint64_t len)
{
    static const uint64_t e[] = { 0xFFFFFFFFFFFFE000UL, VLM_WINDOW_END, VLM_WINDOW_END + PAGE,
                                  VLM_WINDOW_END - PAGE, VLM_WINDOW - PAGE, USER_BASE, 0x40000000UL };
    if (F.threads)
        return 0;                                 /* an address chosen here could replace a thread's */
    switch (pick(6)) {
    case 0:  return e[pick(sizeof(e) / sizeof(e[0]))];
    case 1:  return VLM_WINDOW_END - len;
    case 2:  return VLM_WINDOW + pick(1UL << 20) * PAGE;
    default: return 0;
    }
}

static void op_map(void)
{
    int bi = (int)pick(NBUF), slot = -1;
    for (int i = 0; i < NMAP; i++)
        if (!maps[i].va)
            slot = i;
    if (bufs[bi].b < 0 || slot < 0)
        return;
    struct buf *b = &bufs[bi];
    uint64_t off = pick(b->pages), pages = pick(b->pages - off) + 1;
    struct vlm_map m = { b->b, (uint32_t)pick(4), off * PAGE, pages * PAGE, map_va(pages * PAGE), 0, 0 };
    bool inside = m.va >= VLM_WINDOW && m.va < VLM_WINDOW_END && m.length <= VLM_WINDOW_END - m.va;
    if (inside && m.flags & VLM_MAP_REPLACE)
        for (int i = 0; i < NMAP; i++)            /* the driver unmaps these first */
            if (maps[i].va && maps[i].va < m.va + m.length && m.va < maps[i].va + maps[i].pages * PAGE) {
                bufs[maps[i].bi].maps--;
                maps[i].va = 0;
            }
    bool ok = !m.va || (inside && !map_overlaps(m.va, m.length));
    uint64_t asked = m.va;
    long r = vioctl("VLM_MAP", VLM_MAP, (long)&m);
    if (ok ? r != 0 && r != -VE_NOMEM && r != -VE_AGAIN : r != -VE_INVAL)
        fail("VLM_MAP(va %#lx, %lu pages, flags %u) returned %ld", (unsigned long)asked,
             (unsigned long)pages, m.flags, r);
    if (r)
        return;
    if (m.va < VLM_WINDOW || m.va >= VLM_WINDOW_END || m.length > VLM_WINDOW_END - m.va ||
        (asked && m.va != asked) || map_overlaps(m.va, m.length) || m.ptes != pages)
        fail("VLM_MAP(va %#lx, %lu pages) mapped %lu PTEs at %#lx: outside the window or over "
             "another mapping", (unsigned long)asked, (unsigned long)pages, (unsigned long)m.ptes,
             (unsigned long)m.va);
    /* The window is reused: a driver-chosen address lies within what the
     * live mappings take (each rounded to a 4 MiB block, plus one of slack)
     * above the window's start.  An allocator that only moves on breaks it. */
    uint64_t used = 4UL << 20;
    for (int i = 0; i < NMAP; i++)
        if (maps[i].va)
            used += ((maps[i].pages * PAGE + (4UL << 20) - 1) & ~((4UL << 20) - 1)) + (4UL << 20);
    if (!asked && !F.threads && m.va >= VLM_WINDOW + used)
        fail("VLM_MAP chose %#lx: beyond the %lu MiB the live mappings need (window not reused)",
             (unsigned long)m.va, (unsigned long)(used >> 20));
    maps[slot] = (struct map){ m.va, pages, b->first + off, bi, m.flags & VLM_MAP_READONLY };
    b->maps++;
}

/* Unmap one of ours, or an address that is no mapping's start. */
static void op_unmap(void)
{
    struct map *m = &maps[pick(NMAP)];
    if (m->va && pick(4)) {
        expect("VLM_UNMAP", vioctl("VLM_UNMAP", VLM_UNMAP, (long)m->va), 0, 0);
        bufs[m->bi].maps--;
        m->va = 0;
        return;
    }
    if (F.threads)
        return;                                   /* an edge address could be a thread's mapping */
    uint64_t va = pick(2) ? edge() : m->va + PAGE;
    for (int i = 0; i < NMAP; i++)
        if (maps[i].va == va)
            return;
    expect("VLM_UNMAP(not a mapping)", vioctl("VLM_UNMAP", VLM_UNMAP, (long)va), -VE_INVAL, 0);
}

/* VLM_WRITE put `before` into the tagged word of handle page pg.  If the
 * source was a window view (alias), read what the page holds now. */
static void rw_written(struct handle *h, uint64_t pg, bool alias, uint64_t before)
{
    for (int i = 0; alias && i < NMAP; i++)
        if (maps[i].va && &hand[bufs[maps[i].bi].hi] == h && pg >= maps[i].first &&
            pg < maps[i].first + maps[i].pages) {
            h->shadow[pg] = *(volatile uint64_t *)(uintptr_t)(maps[i].va + (pg - maps[i].first) * PAGE);
            return;
        }
    h->shadow[pg] = before;
}

/* VLM_READ copied 8 bytes at offset off of h to p: a tagged word must be
 * what was written there; then p holds new data. */
static void rw_read(struct handle *h, uint64_t off, uint64_t p, bool alias)
{
    uint64_t got = *(volatile uint64_t *)(uintptr_t)p;
    if (!alias && !(off & (PAGE - 1)) && got != h->shadow[off / PAGE])
        fail("VLM_READ of handle page %lu gave %#lx, not %#lx", (unsigned long)(off / PAGE),
             (unsigned long)got, (unsigned long)h->shadow[off / PAGE]);
    clobbered(p, 8);
}

/* A word into a handle page: through a mapping (a store) or VLM_WRITE from a
 * probe pointer, which must be refused unless we own it. */
static void op_poke(void)
{
    struct map *m = &maps[pick(NMAP)];
    if (m->va && !m->ro && pick(2)) {
        uint64_t k = pick(m->pages), v = tag_of(m->va + k * PAGE);
        *(volatile uint64_t *)(uintptr_t)(m->va + k * PAGE) = v;
        hand[bufs[m->bi].hi].shadow[m->first + k] = v;
        return;
    }
    struct handle *h = any_handle();
    if (!h)
        return;
    uint64_t pg = pick(h->pages), len = 8, p = probe_addr(len);
    struct vlm_rw rw = { h->h, 0, pg * PAGE, p, len };
    bool wr = pick(2);
    if (!pick(5))                 /* 8-aligned writes: a tagged word whole (recorded) or none */
        rw.offset = wr ? edge() & ~7UL : edge();
    bool range = rw.offset <= h->pages * PAGE && len <= h->pages * PAGE - rw.offset;
    /* The probe may be a window view of the very page copied (the kernel's
     * copy then overlaps itself): take the value from before the call, and
     * trust no content read back through a mapping. */
    bool alias = map_at(p) || map_at(p + len - 1);
    uint64_t before = wr && owned(p, len, false) ? *(volatile uint64_t *)(uintptr_t)p : 0;
    long r = vioctl(wr ? "VLM_WRITE" : "VLM_READ", wr ? VLM_WRITE : VLM_READ, (long)&rw);
    expect(wr ? "VLM_WRITE" : "VLM_READ", r, !range ? -VE_INVAL : owned(p, len, !wr) ? 8 : -VE_FAULT, 0);
    if (r != 8)
        return;
    if (wr && !(rw.offset & (PAGE - 1)))
        rw_written(h, rw.offset / PAGE, alias, before);
    else if (!wr)
        rw_read(h, rw.offset, p, alias);
}

/* VLM_SHUTDOWN from a process that is not pid 1: it ends only the caller's
 * own requests (a consumer forgets its handles); every other process's
 * handles stay whole, which their models check (issue 18, finding 3). */
static void op_shutdown(bool consumer)
{
    expect("VLM_SHUTDOWN", vioctl("VLM_SHUTDOWN", VLM_SHUTDOWN, 0), 0, 0);
    for (int hi = 0; consumer && hi < NHAND; hi++)
        if (hand[hi].h >= 0)
            forget_handle(hi);
}

/* A short-lived consumer (a victim), killed at a random point of its calls:
 * during an allocation, holding handles, mapped.  It checks itself until then. */
static void op_victim(void)
{
    char seed[24], why[VWHY_MAX];
    int st = -1;
    snprintf(seed, sizeof(seed), "%lu", (unsigned long)rnd() >> 1);
    char *argv[] = { "vlmfuzz", "--child", "victim", seed, "400", "0", NULL };
    long pid = sys("spawn(victim)", SYS_spawn, (long)"vlmfuzz", (long)argv, 0);
    if (pid == -VE_AGAIN || pid == -VE_NOMEM)
        return;
    if (pid <= 0)
        fail("spawn(victim) returned %ld", pid);
    for (uint64_t k = pick(400); k; k--)
        sys("sched_yield", SYS_sched_yield, 0, 0, 0);
    expect("kill(victim, 9)", sys("kill", SYS_kill, pid, VSIG_KILL, 0), 0, -VE_SRCH);
    expect("wait(victim)", sys("wait", SYS_wait, pid, (long)&st, (long)why), pid, 0);
    if (st != 0 && st != 128 + VSIG_KILL)
        fail("victim %ld ended with status %d: %s", pid, st, why);
}

static void op_vlm_misc(void)
{
    struct handle *h = any_handle();
    struct vlm_stat st = { .handle = h && pick(2) ? h->h : (int32_t)edge() };
    static const unsigned long donor_cmds[] = { VLM_DONOR_WAIT_CMD, VLM_DONOR_ALLOCATED, VLM_DONOR_REGISTER,
                                                VLM_DONOR_PENDING, VLM_DONOR_DEALLOCATE };
    long r;
    switch (pick(3)) {
    case 0:
        r = vioctl("VLM_STAT", VLM_STAT, (long)&st);
        if (h && st.handle == h->h ? r != 0 || st.pages != h->pages
                                   : st.handle >= 0 && r != -VE_INVAL && r != -VE_PERM && r != 0)
            fail("VLM_STAT(%d) returned %ld, %lu pages", st.handle, r, (unsigned long)st.pages);
        break;
    case 1:                                       /* the donor interface is for donors */
        expect("donor ioctl", vioctl("donor ioctl", donor_cmds[pick(5)], (long)probe_addr(32)), -VE_PERM, 0);
        break;
    default:
        expect("ioctl(unknown)", vioctl("ioctl", VLM_IOC(11 + pick(20)), (long)probe_addr(8)), -VE_NOTTY, 0);
    }
}

/* ---- the checks after each round ---------------------------------------- */

/* Everything we own holds what we put there. */
static void verify_owned(void)
{
    for (int i = 0; i < NREG; i++)
        for (unsigned k = 0; reg[i].va && k < reg[i].pages; k++) {
            uint64_t va = reg[i].va + k * PAGE;
            if (reg[i].committed >> k & 1 && *(volatile uint64_t *)(uintptr_t)va != reg[i].tag[k])
                fail("page %#lx holds %#lx, not the %#lx written there", (unsigned long)va,
                     (unsigned long)*(volatile uint64_t *)(uintptr_t)va, (unsigned long)reg[i].tag[k]);
        }
    for (int i = 0; i < NMAP; i++)
        for (uint64_t k = 0; maps[i].va && k < maps[i].pages; k++) {
            uint64_t va = maps[i].va + k * PAGE, want = hand[bufs[maps[i].bi].hi].shadow[maps[i].first + k];
            if (*(volatile uint64_t *)(uintptr_t)va != want)
                fail("window page %#lx (handle page %lu) holds %#lx, not %#lx", (unsigned long)va,
                     (unsigned long)(maps[i].first + k), (unsigned long)*(volatile uint64_t *)(uintptr_t)va,
                     (unsigned long)want);
        }
    for (int i = 0; i < NHAND; i++)
        if (hand[i].h >= 0) {
            uint64_t pg = pick(hand[i].pages), w = vlm_peek(&hand[i], pg);
            if (w != hand[i].shadow[pg])
                fail("handle %d page %lu reads %#lx, not %#lx", hand[i].h, (unsigned long)pg,
                     (unsigned long)w, (unsigned long)hand[i].shadow[pg]);
        }
}

/* The kernel's books balance (see the header comment).  Returns the audit. */
static struct vmemaudit audit(const char *when)
{
    struct vmemaudit a;
    unsigned long sum = 0;
    if (vsyscall(SYS_memaudit, (long)&a, 0, 0, 0, 0, 0) != 0)
        fail("%s: memaudit failed", when);
    for (int s = 0; s < VAUDIT_STATES; s++) {
        sum += a.state[s];
        if (a.state[s] != a.counted[s])
            fail("%s: %lu frames in state %d, the allocator counts %lu", when, a.state[s], s, a.counted[s]);
    }
    if (sum != a.total)
        fail("%s: frame states add up to %lu of %lu frames", when, sum, a.total);
    if (a.state[5] != a.proc_resident || a.state[4] != a.proc_ptables)
        fail("%s: %lu process frames, %lu resident pages; %lu table frames, processes count %lu",
             when, a.state[5], a.proc_resident, a.state[4], a.proc_ptables);
    if (a.state[6] != a.vlm_pool)
        fail("%s: %lu VLM frames, the driver accounts for %lu", when, a.state[6], a.vlm_pool);
    if (a.committed != a.proc_committed + a.vlm_pool + a.vlm_reserved)
        fail("%s: commit %lu != processes %lu + driver %lu + reserved %lu", when, a.committed,
             a.proc_committed, a.vlm_pool, a.vlm_reserved);
    if (a.max_charge > a.proc_limit || a.max_direct > a.proc_limit)
        fail("%s: a process is charged %lu pages (direct VLM %lu), over the limit of %lu", when,
             a.max_charge, a.max_direct, a.proc_limit);
    if (a.detached_zombies)
        fail("%s: %lu ended processes still hold slots", when, a.detached_zombies);
    if (a.unbalanced)
        fail("%s: the budgets do not pay for the frames in use (memaudit %#lx): limit %lu; "
             "commit %lu, tables %lu, stacks %lu, heap %lu, pipes %lu, RAM files %lu", when,
             a.unbalanced, a.budget_limit, a.budget[VB_COMMIT], a.budget[VB_PTABLE],
             a.budget[VB_KSTACK], a.budget[VB_HEAP], a.budget[VB_PIPE], a.budget[VB_RAMFS]);
    return a;
}

/* ---- fork, exec, signals and threads (issue 21) --------------------------- */

/* Linux wait statuses (wait4): an exit code, or the signal that killed. */
#define WEXITED_WITH(c) ((c) << 8)
#define WKILLED_BY(s)   (s)
#define BOUND_MS        20000              /* no join or wait here may take longer */

/* Copy-on-write pages are each one frame shared, counted once (memaudit). */
static void audit_shared(const char *when)
{
    struct vmemaudit a = audit(when);
    if (a.proc_shared != a.cow_refs)
        fail("%s: %lu shared frames, %lu copy-on-write references", when, a.proc_shared, a.cow_refs);
}

/* A fork child's model: it inherits none of the caller's handles, buffers,
 * mappings (the window is not inherited) or RAM files (their names are the
 * caller's); its regions are its own copies. */
static void forget_inherited(const char *role)
{
    F.role = role;
    F.pid = getpid();
    for (int i = 0; i < NHAND; i++)
        hand[i].h = -1;
    for (int i = 0; i < NBUF; i++)
        bufs[i].b = -1;
    for (int i = 0; i < NMAP; i++)
        maps[i].va = 0;
    for (int i = 0; i < NFILE; i++)
        files[i].used = false;
    pipe_m.fd[0] = pipe_m.fd[1] = -1;             /* the ends stay open, unused */
}

/* fork (clone with SIGCHLD only).  Returns the child's pid in the parent
 * and 0 in the child, whose role is `role`; -1 in the parent if there is no
 * room (a slot, memory). */
static long fork_child(const char *role)
{
    fflush(stdout);
    long pid = sys("clone(fork)", SYS_clone, VSIGCHLD, 0, 0);
    if (pid == -VE_AGAIN || pid == -VE_NOMEM)
        return -1;
    if (pid < 0)
        fail("clone(SIGCHLD) returned %ld", pid);
    if (!pid)
        forget_inherited(role);
    return pid;
}

static void child_exit(int code)
{
    fflush(stdout);
    vsyscall(SYS_exit_group, code, 0, 0, 0, 0, 0);
    for (;;)
        ;
}

/* Some yields: a random point in the other process's life. */
static void yields(uint64_t n)
{
    for (uint64_t k = pick(n); k; k--)
        sys("sched_yield", SYS_sched_yield, 0, 0, 0);
}

/* Reap child pid (wait4) and check its status is one of want[0..n). */
static void reap(const char *what, long pid, const int *want, int n)
{
    int st = -1;
    expect("wait4", sys("wait4", SYS_wait4, pid, (long)&st, 0), pid, 0);
    for (int i = 0; i < n; i++)
        if (st == want[i])
            return;
    fail("%s child %ld: wait status %#x, expected %#x%s", what, pid, st, want[0], n > 1 ? " or another" : "");
}

/* The fork child's random short life.  Returns its exit code. */
static int forked_life(int parent_h, int action)
{
    struct vlm_stat vs = { .handle = parent_h };
    switch (action) {
    case 0:                                       /* write copy-on-write pages */
        for (int i = 0; i < NREG; i++)
            if (reg[i].va && pick(2))
                region_tag(&reg[i]);
        verify_owned();
        return 40;
    case 1:                                       /* the window is not inherited */
        (void)*(volatile uint64_t *)(uintptr_t)(maps[0].va ? maps[0].va : VLM_WINDOW);
        return 41;
    case 2:                                       /* nor are the caller's handles */
        if (parent_h >= 0)
            expect("VLM_STAT(parent's handle)", vioctl("VLM_STAT", VLM_STAT, (long)&vs), -VE_INVAL, -VE_PERM);
        return 42;
    default:                                      /* live until killed (bounded) */
        for (int k = 0; k < 100000; k++)
            sys("sched_yield", SYS_sched_yield, 0, 0, 0);
        return 43;
    }
}

/* A consumer forks: the child lives briefly (writes COW pages, touches the
 * window and dies of SIGSEGV, calls the driver with the caller's handle,
 * exits) or is killed at a random point; the books balance throughout and
 * the caller's memory and window hold what they held. */
static void op_fork(void)
{
    int action = (int)pick(4), parent_h = -1;
    for (int i = 0; i < NHAND; i++)
        if (hand[i].h >= 0)
            parent_h = hand[i].h;
    bool kill_it = action == 3 || !pick(4);
    long pid = fork_child("fork child");
    if (pid < 0)
        return;
    if (!pid)
        child_exit(forked_life(parent_h, action));
    F.forked++;
    audit_shared("after fork");
    if (kill_it) {
        yields(200);
        expect("kill(fork child, 9)", sys("kill", SYS_kill, pid, VSIG_KILL, 0), 0, 0);
    }
    int code = WEXITED_WITH(40 + action), segv = WKILLED_BY(VSIG_SEGV), killed = WKILLED_BY(VSIG_KILL);
    int want[2] = { action == 1 ? segv : code, killed };
    reap("fork", pid, want, kill_it ? 2 : 1);
    verify_owned();
    audit_shared("after the fork child");
}

/* A child execs: a bad path first (an errno, and the child goes on), then
 * `true` or this program told to exit at once; killed at a random point. */
static void op_exec(void)
{
    int code = pick(2) ? 0 : (int)pick(100) + 1;
    bool kill_it = !pick(4);
    long pid = fork_child("exec child");
    if (pid < 0)
        return;
    if (!pid) {
        char num[8];
        snprintf(num, sizeof(num), "%d", code);
        char *argv[] = { code ? "vlmfuzz" : "true", "--exit", num, NULL };
        if (pick(2)) {
            uint64_t bad = pick(2) ? (uint64_t)(uintptr_t)"nosuch-program" : probe_addr(8);
            long r = sys("execve(bad)", SYS_execve, (long)bad, (long)argv, 0);
            if (r != -VE_NOENT && r != -VE_FAULT && r != -VE_NOEXEC && r != -VE_NAMETOOLONG &&
                r != -VE_ISDIR && r != -VE_NOTDIR && r != -VE_ACCES)
                fail("execve(%#lx) returned %ld", (unsigned long)bad, r);
        }
        long r = sys("execve", SYS_execve, (long)argv[0], (long)argv, 0);
        if (r != -VE_NOMEM && r != -VE_AGAIN)
            fail("execve(%s) returned %ld", argv[0], r);
        child_exit(code);                         /* no room: as if it had run */
    }
    if (kill_it) {
        yields(300);
        expect("kill(exec child, 9)", sys("kill", SYS_kill, pid, VSIG_KILL, 0), 0, 0);
    }
    int want[2] = { WEXITED_WITH(code), WKILLED_BY(VSIG_KILL) };
    reap("exec", pid, want, kill_it ? 2 : 1);
    F.execed++;
}

/* ---- signals: a handler (the kernel's return trampoline), and donors stopped */

static volatile int sig_usr1, sig_usr2, sig_bad;
static volatile int sig_from;            /* the pid kill() must report */

static void on_signal(int sig, struct vlinux_siginfo *si, void *uc)
{
    (void)uc;
    if (si->signo != sig || si->code != VSI_USER || si->u.kill.pid != sig_from)
        sig_bad++;
    if (sig == VSIGUSR1)
        sig_usr1++;
    else
        sig_usr2++;
}

/* SIGUSR1 and SIGUSR2 run on_signal (SA_SIGINFO, no SA_RESTORER: the
 * kernel's trampoline returns); a fork child inherits this. */
static void handle_usr_signals(void)
{
    struct vlinux_sigaction act = { (unsigned long)(uintptr_t)on_signal, VSA_SIGINFO, 0 };
    expect("rt_sigaction(SIGUSR1)", vsyscall(SYS_rt_sigaction, VSIGUSR1, (long)&act, 0, 8, 0, 0), 0, 0);
    expect("rt_sigaction(SIGUSR2)", vsyscall(SYS_rt_sigaction, VSIGUSR2, (long)&act, 0, 8, 0, 0), 0, 0);
    F.tramp = true;
}

/* The signalled child: VLM allocations big enough to need donors (it
 * blocks in them) until SIGUSR2; exits with the SIGUSR1s it handled. */
static int signalled_life(void)
{
    uint64_t L = F.mi.proc_limit * PAGE;
    for (int k = 0; !sig_usr2 && k < 100000; k++) {
        sys("sched_yield", SYS_sched_yield, 0, 0, 0);     /* the sender runs between our calls */
        struct vlm_alloc a = { .size = pick(2) ? L + PAGE : PAGE };
        long r = vioctl("VLM_ALLOC", VLM_ALLOC, (long)&a);
        if (r != 0 && r != -VE_INTR && r != -VE_NOMEM && r != -VE_AGAIN && r != -VE_CANCELED)
            fail("VLM_ALLOC(%#lx) with signals coming returned %ld", (unsigned long)a.size, r);
        if (!r && (r = vioctl("VLM_FREE", VLM_FREE, a.handle)) != 0 && r != -VE_INTR)
            fail("VLM_FREE with signals coming returned %ld", r);
    }
    if (!sig_usr2)
        fail("no SIGUSR2 came");
    return sig_bad ? 250 : sig_usr1 > 100 ? 100 : sig_usr1;
}

/* A child blocked in VLM calls gets SIGUSR1s at random points, then
 * SIGUSR2 (or SIGKILL); it must have handled at least one SIGUSR1 of those
 * sent (several may merge into one) and no more. */
static void op_signal(void)
{
    int n = (int)pick(5), st = -1;
    bool kill_it = !pick(4);
    handle_usr_signals();
    sig_from = F.pid;
    sig_usr1 = sig_usr2 = sig_bad = 0;
    long pid = fork_child("signalled child");
    if (pid < 0)
        return;
    if (!pid)
        child_exit(signalled_life());
    for (int i = 0; i < n; i++) {
        yields(300);
        expect("kill(child, SIGUSR1)", sys("kill", SYS_kill, pid, VSIGUSR1, 0), 0, 0);
    }
    yields(100);
    expect("kill(child)", sys("kill", SYS_kill, pid, kill_it ? VSIG_KILL : VSIGUSR2, 0), 0, 0);
    expect("wait4", sys("wait4", SYS_wait4, pid, (long)&st, 0), pid, 0);
    if (kill_it ? st != WKILLED_BY(VSIG_KILL) && (st & 0xff)
                : (st & 0xff) || (st >> 8) > n || (n && !(st >> 8)))
        fail("signalled child %ld: wait status %#x after %d SIGUSR1", pid, st, n);
    F.signalled++;
}

/* Stop a donor (while it allocates or holds), let the others run, then
 * continue or kill it: its consumer waits meanwhile, and no frame is lost. */
static void op_stop_donor(void)
{
    struct vprocinfo pi;
    for (long slot = 0; (slot = sys("procinfo", SYS_procinfo, slot, (long)&pi, 0)) > 0; )
        if (!strcmp(pi.name, "vlmdonor") && pi.state != VPS_ZOMBIE && !pick(2)) {
            if (sys("kill(donor, SIGSTOP)", SYS_kill, pi.pid, VSIGSTOP, 0) != 0)
                return;                           /* gone already */
            F.stopped++;
            yields(400);
            expect("kill(donor)", sys("kill", SYS_kill, pi.pid, pick(3) ? VSIGCONT : VSIG_KILL, 0), 0, -VE_SRCH);
            return;
        }
}

/* ---- threads ----------------------------------------------------------------- */

#define NTHREAD   4
#define TSTACK    (64 * 1024)
#define TPAGES    4                      /* handle pages each thread owns */

struct vthr {
    int tid, index, handle, exit_at;     /* exit_at: the step to call exit_group at, or -1 */
    uint64_t rng;
    uint64_t *stack;
};

static uint64_t *tstacks[NTHREAD];       /* the threads' stacks (NULL: none) */

static bool in_thread_stack(uint64_t p, uint64_t len)
{
    for (int i = 0; F.threads && i < NTHREAD; i++) {
        uint64_t s = (uint64_t)(uintptr_t)tstacks[i];
        if (s && p < s + TSTACK && s < p + len)
            return true;
    }
    return false;
}

/* A thread's failure: a line, then the whole process ends with status 1. */
static void thread_fail(struct vthr *t, const char *what, long r)
{
    char line[160];
    int n = snprintf(line, sizeof(line), "vlmfuzz: FAIL: thread %d of pid %d: %s returned %ld\n",
                     t->index, F.pid, what, r);
    vsyscall(SYS_write, 1, (long)line, n, 0, 0, 0);
    vsyscall(SYS_exit_group, 1, 0, 0, 0, 0, 0);
}

static long tcall(struct vthr *t, const char *what, unsigned long cmd, void *arg, long want, long alt)
{
    long r = vsyscall(SYS_ioctl, F.vfd, (long)cmd, (long)(uintptr_t)arg, 0, 0, 0);
    if (r != want && (!alt || r != alt))
        thread_fail(t, what, r);
    return r;
}

/* One page of the thread's own: written through the driver or through a
 * mapping of its own, read back both ways. */
static void thread_step(struct vthr *t)
{
    uint64_t pg = (uint64_t)t->index * TPAGES + (t->rng >> 7) % TPAGES, v = t->rng | 1, w = 0;
    struct vlm_rw rw = { t->handle, 0, pg * PAGE, (uint64_t)(uintptr_t)&v, 8 };
    tcall(t, "VLM_WRITE", VLM_WRITE, &rw, 8, 0);
    rw.buf = (uint64_t)(uintptr_t)&w;
    tcall(t, "VLM_READ", VLM_READ, &rw, 8, 0);
    if (w != v)
        thread_fail(t, "VLM_READ (its own word differs)", (long)w);
    struct vlm_buf b = { t->handle, -1, pg * PAGE, PAGE };
    if (tcall(t, "VLM_BUF_CREATE", VLM_BUF_CREATE, &b, 0, -VE_AGAIN))
        return;
    struct vlm_map m = { b.buf, 0, 0, PAGE, 0, 0, 0 };
    if (!tcall(t, "VLM_MAP", VLM_MAP, &m, 0, -VE_NOMEM)) {
        volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)m.va;
        if (*p != v)
            thread_fail(t, "a window load", (long)*p);
        *p = v ^ 0x5A5A;
        tcall(t, "VLM_UNMAP", VLM_UNMAP, (void *)(uintptr_t)m.va, 0, 0);
        tcall(t, "VLM_READ", VLM_READ, &rw, 8, 0);
        if (w != (v ^ 0x5A5A))
            thread_fail(t, "VLM_READ after a window store", (long)w);
    }
    tcall(t, "VLM_BUF_RELEASE", VLM_BUF_RELEASE, (void *)(uintptr_t)b.buf, 0, 0);
}

static void thread_main(void *arg)
{
    struct vthr *t = arg;
    for (int k = 0; k < 40; k++) {
        t->rng ^= t->rng << 13;
        t->rng ^= t->rng >> 7;
        t->rng ^= t->rng << 17;
        if (k == t->exit_at)
            vsyscall(SYS_exit_group, 0x44, 0, 0, 0, 0, 0);
        thread_step(t);
        if (t->rng & 1)
            vsyscall(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
    }
}

/* The main thread meanwhile: the VLM calls that leave the threads' mappings
 * alone (F.threads: VLM_MAP lets the driver choose, VLM_UNMAP takes only
 * mappings of its own), and the common calls. */
static void main_thread_calls(int n)
{
    static void (*const ops[])(void) = { op_alloc, op_buf, op_map, op_unmap, op_poke, op_poke, op_vlm_misc,
                                 op_clock, op_null, op_misc, op_valloc };   /* not op_lseek: the offset is shared */
    for (int i = 0; i < n; i++)
        ops[pick(sizeof(ops) / sizeof(ops[0]))]();
    verify_owned();
}

/* The threaded child: a handle of its own for the threads, 2-4 threads on it
 * while the main thread works; all joined (exit 0x33), or one calls
 * exit_group (0x44).  Its parent may kill it at any point. */
static int threaded_life(void)
{
    static struct vthr th[NTHREAD];
    int n = 2 + (int)pick(NTHREAD - 1), exiter = pick(3) ? -1 : (int)pick((uint64_t)n);
    struct vlm_alloc a = { .size = (uint64_t)NTHREAD * TPAGES * PAGE };
    long r = vioctl("VLM_ALLOC", VLM_ALLOC, (long)&a);
    if (r == -VE_NOMEM || r == -VE_AGAIN)
        return 0x33;                              /* no room: nothing to run on */
    expect("VLM_ALLOC(threads' handle)", r, 0, 0);
    F.threads = true;
    for (int i = 0; i < n; i++) {
        th[i] = (struct vthr){ 0, i, a.handle, i == exiter ? (int)pick(40) : -1, rnd() | 1,
                               vmem_alloc(NULL, TSTACK, VA_RESERVE | VA_COMMIT) };
        tstacks[i] = th[i].stack;
        if (!th[i].stack)
            return 0x33;                          /* no memory: the threads started end it */
        long tid = vthread_start(thread_main, &th[i], th[i].stack, TSTACK, &th[i].tid);
        if (tid == -VE_AGAIN || tid == -VE_NOMEM)
            return 0x33;
        if (tid <= 0 || tid != th[i].tid)
            fail("vthread_start returned %ld, tid word %d", tid, th[i].tid);
    }
    main_thread_calls((int)pick(60));
    for (int i = 0; i < n; i++)
        if (vthread_join(&th[i].tid, BOUND_MS))
            fail("thread %d (tid %d) still runs after %d ms", i, th[i].tid, BOUND_MS);
    if (exiter >= 0)
        fail("thread %d should have called exit_group", exiter);
    expect("VLM_FREE(threads' handle)", vioctl("VLM_FREE", VLM_FREE, a.handle), 0, 0);
    return 0x33;
}

/* A consumer's child runs threads that call the driver concurrently; the
 * child ends by joining them, by a thread's exit_group, or killed. */
static void op_threads(void)
{
    bool kill_it = !pick(3);
    long pid = fork_child("threaded child");
    if (pid < 0)
        return;
    if (!pid)
        child_exit(threaded_life());
    if (kill_it) {
        yields(2000);
        expect("kill(threaded child, 9)", sys("kill", SYS_kill, pid, VSIG_KILL, 0), 0, 0);
    }
    int want[3] = { WEXITED_WITH(0x33), WEXITED_WITH(0x44), WKILLED_BY(VSIG_KILL) };
    reap("threaded", pid, want, kill_it ? 3 : 2);
    F.threaded++;
    audit_shared("after the threaded child");
}

/* ---- the processes --------------------------------------------------------- */

typedef void (*op_fn)(void);

static const op_fn common_ops[] = { op_clock, op_null, op_lseek, op_read_file, op_files, op_kill,
                                    op_misc, op_valloc, op_valloc, op_brk, op_ramfile, op_pipe };
static const op_fn vlm_ops[] = { op_alloc, op_buf, op_buf, op_map, op_map, op_unmap, op_poke,
                                 op_poke, op_poke, op_vlm_misc };

/* A process op (issue 21): a consumer forks, runs threads, or any process
 * signals or execs a child of its own. */
static void process_op(bool consumer, bool spawner)
{
    static void (*const any[])(void) = { op_exec, op_signal };
    static void (*const cons[])(void) = { op_fork, op_fork, op_threads, op_threads, op_exec, op_signal };
    static void (*const spawn[])(void) = { op_exec, op_signal, op_stop_donor, op_stop_donor };
    if (consumer)
        cons[pick(sizeof(cons) / sizeof(cons[0]))]();
    else if (spawner)
        spawn[pick(sizeof(spawn) / sizeof(spawn[0]))]();
    else
        any[pick(sizeof(any) / sizeof(any[0]))]();
}

static void one_call(bool consumer, bool spawner)
{
    if (F.forks > 0 && !pick((uint64_t)F.forks))
        process_op(consumer, spawner);
    else if (!pick(500))
        op_shutdown(consumer);
    else if (consumer && pick(2))
        vlm_ops[pick(sizeof(vlm_ops) / sizeof(vlm_ops[0]))]();
    else if (spawner && !pick(50))
        pick(3) ? op_spawn() : pick(2) ? op_kill_donor() : op_victim();
    else
        common_ops[pick(sizeof(common_ops) / sizeof(common_ops[0]))]();
}

static void setup(const char *role, uint64_t seed)
{
    F.role = role;
    F.rng = seed * 0x9E3779B97F4A7C15UL | 1;
    F.pid = getpid();
    F.vfd = vlm_fd();
    F.nul = open("/dev/null", 2);
    F.motd = open("motd", 0);
    F.motd_size = (uint64_t)lseek(F.motd, 0, 2);
    lseek(F.motd, 0, 0);
    if (F.vfd < 0 || F.nul < 0 || F.motd < 0 || meminfo(&F.mi) < 0)
        fail("setup: cannot open the files");
    for (int i = 0; i < NHAND; i++)
        hand[i].h = -1;
    for (int i = 0; i < NBUF; i++)
        bufs[i].b = -1;
}

/* A child: `calls` calls, checked, in rounds. */
static int child(const char *role, uint64_t seed, long calls, long forks)
{
    bool consumer = !strcmp(role, "consumer") || !strcmp(role, "victim"),
         spawner = !strcmp(role, "spawner");
    setup(role, seed);
    F.forks = strcmp(role, "victim") ? forks : 0;     /* a victim's children would outlive it */
    while (F.call < calls) {
        long round_end = F.call + ROUND;
        while (F.call < round_end && F.call < calls)
            one_call(consumer, spawner);
        verify_owned();
        audit("after a round");
    }
    for (int i = 0; i < NFILE; i++)             /* RAM files outlive their writer */
        if (files[i].used)
            file_drop(i);
    if (strcmp(role, "victim"))
        printf("vlmfuzz: %s pid %d: %ld calls (forks %ld, execs %ld, signalled %ld, threaded %ld, "
               "donors stopped %ld), every check passed\n", role, F.pid, F.call, F.forked, F.execed,
               F.signalled, F.threaded, F.stopped);
    return 0;
}

/* Wait until the driver has no live donors (they end after their consumer). */
static bool settle(void)
{
    struct vlm_stat st = { .handle = -1 };
    for (int i = 0; i < 2000; i++) {
        if (vioctl("VLM_STAT", VLM_STAT, (long)&st) != 0)
            return false;                         /* a failing stat is no answer */
        if (!st.drv_donors)
            return true;
        struct timespec ts = { 0, 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    return false;
}

static void usage(void)
{
    printf("usage: vlmfuzz [--seed S] [--calls N] [--procs K] [--forks P]   (K 1..16; one call in P\n"
           "       forks, execs, signals or runs threads; 0: never)\n");
    exit(2);
}

static void replay_line(void)
{
    printf("vlmfuzz: replay: alphavlm run --ram %luM --proc-limit %luM vlmfuzz --seed %ld "
           "--calls %ld --procs %d --forks %ld\n", F.mi.total * PAGE >> 20,
           F.mi.proc_limit * PAGE >> 20, F.seed, F.calls, F.procs, F.forks);
}

/* Start the children, wait for them, then check that everything came back. */
static int run(void)
{
    static const char *const roles[] = { "consumer", "bystander", "consumer", "spawner" };
    int pids[16], bad = 0, st;
    char seed[24], calls[24], forks[24], why[VWHY_MAX];

    setup("runner", (uint64_t)F.seed);
    if (!settle())
        fail("the driver has donors before the run");
    struct vmemaudit a0 = audit("before the run");
    for (int i = 0; i < F.procs; i++) {
        snprintf(seed, sizeof(seed), "%lu", (unsigned long)F.seed * 1000003UL + (unsigned long)i);
        snprintf(calls, sizeof(calls), "%ld", F.calls / F.procs);
        snprintf(forks, sizeof(forks), "%ld", F.forks);
        char *argv[] = { "vlmfuzz", "--child", (char *)roles[i % 4], seed, calls, forks, NULL };
        if ((pids[i] = vspawn("vlmfuzz", argv)) < 0)
            fail("cannot start child %d", i);
    }
    for (int i = 0; i < F.procs; i++)
        if (vwait(pids[i], &st, why, sizeof(why)) != pids[i] || st != 0) {
            printf("vlmfuzz: child %d (%s) ended with status %d%s%s\n", pids[i], roles[i % 4], st,
                   why[0] ? ": " : "", why);
            bad++;
        }
    if (!settle())
        fail("donors still alive after the run");
    unlink_prefixed("fz");   /* RAM files outlive their writers */
    struct vmemaudit a = audit("after the run");
    if (a.state[0] + a.state[1] != a0.state[0] + a0.state[1] || a.committed != a0.committed ||
        a.slots != a0.slots || a.vlm_pool || a.state[6] || a.budget[VB_RAMFS] || a.budget[VB_PIPE])
        fail("after the run: %lu frames free (%lu before), %lu committed (%lu), %lu slots (%lu), "
             "%lu VLM frames", a.state[0] + a.state[1], a0.state[0] + a0.state[1], a.committed,
             a0.committed, a.slots, a0.slots, a.state[6]);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc == 6 && !strcmp(argv[1], "--child"))
        return child(argv[2], strtoull(argv[3], NULL, 10), atol(argv[4]), atol(argv[5]));
    if (argc == 3 && !strcmp(argv[1], "--exit"))      /* op_exec's program */
        return atoi(argv[2]);
    F.seed = 1;
    F.forks = 0;
    F.calls = 100000;
    F.procs = 4;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc)
            usage();
        if (!strcmp(argv[i], "--seed"))
            F.seed = atol(argv[++i]);
        else if (!strcmp(argv[i], "--calls"))
            F.calls = atol(argv[++i]);
        else if (!strcmp(argv[i], "--procs"))
            F.procs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--forks"))
            F.forks = atol(argv[++i]);
        else
            usage();
    }
    if (F.procs < 1 || F.procs > 16 || F.calls < 1 || F.forks < 0)
        usage();
    int bad = run();
    if (bad) {
        printf("vlmfuzz: FAIL: %d process(es) failed, seed %ld\n", bad, F.seed);
        replay_line();
        return 1;
    }
    printf("vlmfuzz: PASS: %ld calls in %d processes, seed %ld: every result, memory and frame "
           "check passed\n", F.calls, F.procs, F.seed);
    return 0;
}
