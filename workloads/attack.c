/*
 * attack — no user action stops the kernel (issue 18).
 *
 *   attack [--seed S] [--orders N]
 *
 * For each order of the four fills — RAM files, pipes, page tables (sparse
 * touches), VLM handles; 24 orders, the first N of them — an attacker
 * process commits memory without touching it, then fills each resource until
 * the kernel refuses.  Helper processes ("hogs") it starts hold pipes and
 * sparse page tables of their own, so the fills reach every frame of the
 * machine, not one process's limits.  Then the attacker ends one of three
 * ways (the order's number mod 3): it frees everything and exits, it exits
 * holding everything, or the runner kills it at a random point.  Checked:
 *   - every refusal is an errno at the call that asked, one that call may
 *     give (ENOSPC, ENOMEM, EAGAIN, EMFILE, ...), never a kill or a panic;
 *   - the pages committed before the fills can all be touched after them
 *     (commit guarantees the frames: no "out of memory" kill);
 *   - a non-owner's VLM_SHUTDOWN and its probes of every handle number leave
 *     the attacker's handles whole and get EPERM or EINVAL;
 *   - after each run memaudit balances (unbalanced == 0: every frame in use
 *     is paid for by a budget) and is back to its baseline.
 * A kernel panic ends the machine with status 255; tests/guest/run.sh runs
 * this at 16M, 64M and 1G of RAM.  Every wait is bounded.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define PAGE     8192UL
#define L3SPAN   (PAGE * 1024)            /* VA one L3 table maps */
#define NFILES   32
#define MAXPIPES 4                        /* pipes the attacker holds: 16 fds less console,
                                             control pipe, /dev/vlm, two spare */
#define HOGPIPES 6                        /* a hog has 13 free fds */
#define MAXHOGS  48
#define MAXHAND  16
#define FILL_RAM 0
#define FILL_PIPE 1
#define FILL_PTAB 2
#define FILL_VLM 3

static uint64_t rng;
static char chunk[64 << 10];

static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void fail(const char *what, long r) __attribute__((noreturn));
static void fail(const char *what, long r)
{
    printf("attack: FAIL: pid %d: %s returned %ld\n", getpid(), what, r);
    exit(1);
}

/* r must be >= 0 or one of the errnos listed (0-terminated). */
static long allowed(const char *what, long r, const int *ok)
{
    if (r >= 0)
        return r;
    for (; *ok; ok++)
        if (r == -*ok)
            return r;
    fail(what, r);
}

static const int E_SPACE[] = { VE_NOSPC, VE_NOMEM, VE_MFILE, VE_NFILE, 0 };
static const int E_FILE[] = { VE_NOSPC, VE_FBIG, 0 };
static const int E_MEM[] = { VE_NOMEM, VE_AGAIN, 0 };
static const int E_VLM[] = { VE_NOMEM, VE_AGAIN, VE_CANCELED, 0 };

static long sys3(long n, long a, long b, long c) { return vsyscall(n, a, b, c, 0, 0, 0); }

/* ---- the fills ------------------------------------------------------------ */

static int nfiles;

/* RAM files attack<pid>.<i>, 64 KiB writes, until the kernel has no room. */
static void fill_ram(void)
{
    char name[32];
    for (nfiles = 0; nfiles < NFILES; nfiles++) {
        snprintf(name, sizeof(name), "atk%d.%d", getpid(), nfiles);
        long fd = allowed("openat(O_CREAT)", sys3(SYS_openat, 0, (long)name, VO_WRONLY | VO_CREAT), E_SPACE);
        if (fd < 0)
            return;
        long w;
        while ((w = allowed("write(ram file)", sys3(SYS_write, fd, (long)chunk, sizeof(chunk)), E_FILE)) > 0)
            ;
        sys3(SYS_close, fd, 0, 0);
        if (w == -VE_NOSPC) {
            nfiles++;
            return;
        }
    }
}

static int pipes[HOGPIPES][2], npipes;

static void fill_pipes(int max)
{
    for (npipes = 0; npipes < max; npipes++) {
        long r = allowed("pipe2", sys3(SYS_pipe2, (long)pipes[npipes], 0, 0), E_SPACE);
        if (r < 0)
            return;
        if (write(pipes[npipes][1], chunk, 100) != 100)       /* the ring is used */
            fail("write(pipe)", -1);
    }
}

/* One committed, touched page every L3SPAN of a reservation: a page table each. */
static void fill_ptables(void)
{
    long base = allowed("valloc(reserve)", sys3(SYS_valloc, 0, 1536L << 20, VA_RESERVE), E_MEM);
    if (base < 0)
        return;
    for (long va = base; va < base + (1536L << 20); va += L3SPAN) {
        if (allowed("valloc(commit, sparse)", sys3(SYS_valloc, va, PAGE, VA_COMMIT), E_MEM) < 0)
            return;
        *(volatile long *)va = va;
    }
}

/* ---- hogs: helpers that hold what one process cannot ---------------------- */

static int hogs[MAXHOGS], nhogs, ctl[2] = { -1, -1 };

/* A hog fills, then sleeps reading fd 0 (the attacker's control pipe) until
 * the attacker is gone; then it exits, giving everything back. */
static int hog(const char *what)
{
    char c;
    if (!strcmp(what, "pipe"))
        fill_pipes(HOGPIPES);
    else if (!strcmp(what, "ptab"))
        fill_ptables();
    else if (!strcmp(what, "probe")) {            /* a non-owner: nothing of another's */
        struct vlm_stat st;
        for (int h = 0; h < 256; h++) {
            char b[8];
            st.handle = h;
            long r = ioctl(vlm_fd(), VLM_STAT, &st);
            if (r == 0 || (errno != EPERM && errno != EINVAL))
                fail("VLM_STAT(another's handle)", r);
            if (vlm_read(h, 0, b, 8) != -1 || (errno != EPERM && errno != EINVAL))
                fail("VLM_READ(another's handle)", -errno);
            if (vlm_free(h) != -1 || (errno != EPERM && errno != EINVAL))
                fail("VLM_FREE(another's handle)", -errno);
        }
        if (vlm_shutdown() != 0)
            fail("VLM_SHUTDOWN(non-owner)", -errno);
        return 0;
    }
    while (read(0, &c, 1) > 0)
        ;
    return 0;
}

/* Wait (bounded) until pid sleeps or has ended: a hog that has filled. */
static void wait_settled(int pid)
{
    struct vprocinfo pi;
    for (int i = 0; i < 4000; i++) {
        bool alive = false;
        for (int s = 0; (s = procinfo(s, &pi)) > 0; )
            if (pi.pid == pid) {
                alive = true;
                if (pi.state == VPS_SLEEPING || pi.state == VPS_ZOMBIE)
                    return;
            }
        if (!alive)
            return;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    fail("a hog never settled", pid);
}

/* Start hogs of one kind until the kernel refuses a process (or MAXHOGS). */
static void spawn_hogs(const char *what, int max)
{
    int save = dup(0);
    if (save < 0 || dup2(ctl[0], 0) < 0)
        fail("dup(control pipe)", -errno);
    for (int i = 0; i < max && nhogs < MAXHOGS; i++) {
        char *argv[] = { "attack", "--hog", (char *)what, NULL };
        long pid = allowed("spawn(hog)", sys3(SYS_spawn, (long)"attack", (long)argv, 0), E_MEM);
        if (pid < 0)
            break;
        hogs[nhogs++] = (int)pid;
        wait_settled((int)pid);
    }
    dup2(save, 0);
    close(save);
}

/* ---- VLM handles -------------------------------------------------------- */

static int hand[MAXHAND], nhand;

static void fill_vlm(void)
{
    struct vmeminfo mi;
    meminfo(&mi);
    uint64_t size = (mi.commit_limit - mi.committed) * PAGE;
    while (size >= PAGE && nhand < MAXHAND) {
        struct vlm_alloc a = { .size = size };
        long r = allowed("VLM_ALLOC", sys3(SYS_ioctl, vlm_fd(), VLM_ALLOC, (long)&a), E_VLM);
        if (r < 0) {
            size /= 2;
            continue;
        }
        hand[nhand] = a.handle;
        if (vlm_write(a.handle, 0, &hand[nhand], sizeof(int)) != sizeof(int))
            fail("VLM_WRITE", -errno);
        nhand++;
    }
}

/* Each handle still holds what was written: nobody took it away. */
static void check_handles(void)
{
    for (int i = 0; i < nhand; i++) {
        int v = -1;
        if (vlm_read(hand[i], 0, &v, sizeof(v)) != sizeof(v) || v != hand[i])
            fail("VLM_READ after a non-owner's probes and shutdown", v);
    }
}

/* ---- the attacker --------------------------------------------------------- */

static const int orders[24][4] = {
    {0,1,2,3},{0,1,3,2},{0,2,1,3},{0,2,3,1},{0,3,1,2},{0,3,2,1},
    {1,0,2,3},{1,0,3,2},{1,2,0,3},{1,2,3,0},{1,3,0,2},{1,3,2,0},
    {2,0,1,3},{2,0,3,1},{2,1,0,3},{2,1,3,0},{2,3,0,1},{2,3,1,0},
    {3,0,1,2},{3,0,2,1},{3,1,0,2},{3,1,2,0},{3,2,0,1},{3,2,1,0},
};

static void free_all(void)
{
    char name[32];
    for (int i = 0; i < nhand; i++)
        if (vlm_free(hand[i]) != 0)
            fail("VLM_FREE", -errno);
    for (int i = 0; i < npipes; i++)
        close(pipes[i][0]), close(pipes[i][1]);
    for (int i = 0; i < nfiles; i++) {
        snprintf(name, sizeof(name), "atk%d.%d", getpid(), i);
        unlink(name);
    }
    close(ctl[1]);                                /* the hogs read end of file and exit */
    for (int i = 0; i < nhogs; i++) {
        int st;
        if (vwait(hogs[i], &st, NULL, 0) != hogs[i] || st != 0)
            fail("a hog's status", st);
    }
}

static int attacker(int order, int end)
{
    struct vmeminfo mi;
    if (vlm_fd() < 0 || pipe(ctl) < 0 || meminfo(&mi) < 0)
        fail("setup", -errno);
    uint64_t n = (mi.commit_limit - mi.committed) / 4;
    n = n < mi.proc_limit / 4 ? n : mi.proc_limit / 4;
    n = n < 2048 ? n : 2048;
    volatile uint64_t *c = vmem_alloc(NULL, n * PAGE, VA_RESERVE | VA_COMMIT);
    if (!c)
        fail("valloc(commit) at the start", -errno);
    for (int k = 0; k < 4; k++)
        switch (orders[order][k]) {
        case FILL_RAM:  fill_ram(); break;
        case FILL_PIPE: fill_pipes(MAXPIPES); spawn_hogs("pipe", MAXHOGS / 2); break;
        case FILL_PTAB: fill_ptables(); spawn_hogs("ptab", MAXHOGS / 2); break;
        default:        fill_vlm(); spawn_hogs("probe", 1); check_handles(); break;
        }
    struct vmemaudit a;
    memaudit(&a);
    printf("attack: filled: %d RAM files, %d pipes, %d hogs, %d handles; %lu frames free of %lu\n",
           nfiles, npipes, nhogs, nhand, a.state[0] + a.state[1], a.total);
    for (uint64_t i = 0; i < n; i++)              /* committed: the frames are there */
        c[i * PAGE / 8] = i + 1;
    for (uint64_t i = 0; i < n; i++)
        if (c[i * PAGE / 8] != i + 1)
            fail("a committed page lost its value", (long)i);
    if (end == 0)
        free_all();
    else if (end == 2)
        for (int i = 0; i < 100000; i++)          /* the runner kills it (bounded) */
            sched_yield();
    return 0;
}

/* ---- the runner ------------------------------------------------------------ */

/* Bounded wait until the driver has no donors and only `slots` processes live. */
static bool settled(unsigned long slots)
{
    for (int i = 0; i < 4000; i++) {
        struct vmemaudit a;
        struct vlm_stat st = { .handle = -1 };
        if (memaudit(&a) == 0 && vlm_stat(-1, &st) == 0 && !st.drv_donors && a.slots == slots)
            return true;
        struct timespec ts = { 0, 1000000 };
        nanosleep(&ts, NULL);
    }
    return false;
}

static void check_books(const char *when, const struct vmemaudit *a)
{
    if (a->unbalanced)
        printf("attack: FAIL: %s: memaudit unbalanced %#lx (limit %lu; commit %lu, tables %lu, "
               "stacks %lu, heap %lu, pipes %lu, ram files %lu)\n", when, a->unbalanced,
               a->budget_limit, a->budget[VB_COMMIT], a->budget[VB_PTABLE], a->budget[VB_KSTACK],
               a->budget[VB_HEAP], a->budget[VB_PIPE], a->budget[VB_RAMFS]);
}

static int run(long seed, int norders)
{
    struct vmemaudit a0, a;
    int bad = 0;
    rng = (uint64_t)seed * 0x9E3779B97F4A7C15UL | 1;
    /* What the runner keeps for itself comes first: stdout's buffer, /dev/vlm. */
    printf("attack: seed %ld, %d orders of RAM files (0), pipes (1), page tables (2), VLM (3)\n",
           seed, norders);
    if (vlm_fd() < 0 || memaudit(&a0) != 0)
        fail("memaudit", -errno);
    check_books("at the start", &a0);
    for (int o = 0; o < norders; o++) {
        char arg[8], endarg[8], why[VWHY_MAX];
        int end = o % 3, st = -1;
        snprintf(arg, sizeof(arg), "%d", o);
        snprintf(endarg, sizeof(endarg), "%d", end);
        char *argv[] = { "attack", "--attacker", arg, endarg, NULL };
        int pid = vspawn("attack", argv);
        if (pid < 0)
            fail("spawn(attacker)", -errno);
        if (end == 2) {
            struct timespec ts = { 0, (long)(rnd() % 50) * 1000000L };
            nanosleep(&ts, NULL);
            kill(pid, VSIG_KILL);
        }
        if (vwait(pid, &st, why, sizeof(why)) != pid ||
            (st != 0 && !(end == 2 && st == 128 + VSIG_KILL))) {
            printf("attack: FAIL: order %d (end %d): attacker status %d %s\n", o, end, st, why);
            bad++;
        }
        unlink_prefixed("atk");   /* RAM files outlive their writers */
        if (!settled(a0.slots))
            printf("attack: FAIL: order %d: processes or donors are left\n", o), bad++;
        memaudit(&a);
        check_books("after a run", &a);
        bad += a.unbalanced != 0;
        if (a.state[0] + a.state[1] != a0.state[0] + a0.state[1] || a.committed != a0.committed ||
            a.state[6] || a.budget[VB_RAMFS] || a.budget[VB_PIPE]) {
            printf("attack: FAIL: order %d: %lu frames free (%lu at the start), %lu committed (%lu), "
                   "%lu VLM frames\n", o, a.state[0] + a.state[1], a0.state[0] + a0.state[1],
                   a.committed, a0.committed, a.state[6]);
            bad++;
        }
        printf("attack: order %d%d%d%d, end %s: %s\n", orders[o][0], orders[o][1], orders[o][2],
               orders[o][3], end == 0 ? "free" : end == 1 ? "exit" : "killed", st == 0 ? "exit 0" : why);
    }
    if (bad)
        printf("attack: FAIL: %d check(s) failed\n", bad);
    else
        printf("attack: PASS: %d orders, every refusal an errno, the books balanced and back\n", norders);
    return bad != 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--hog"))
        return hog(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "--attacker"))
        return attacker(atoi(argv[2]), atoi(argv[3]));
    long seed = 1;
    int norders = 24;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--seed"))
            seed = atol(argv[i + 1]);
        else if (!strcmp(argv[i], "--orders"))
            norders = atoi(argv[i + 1]);
    }
    if (norders < 1 || norders > 24) {
        printf("usage: attack [--seed S] [--orders 1..24]\n");
        return 2;
    }
    return run(seed, norders);
}
