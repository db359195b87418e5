/*
 * vlmtests — guest tests of the VLM driver (issue 4, DESIGN.md section 8),
 * meant for a scaled-down machine (tests/guest/run.sh: 64 MiB RAM, 4 MiB
 * per-process limit).  Sizes are multiples of the limit L read from meminfo.
 * Every test runs in a child and must give back every frame (gtest.h),
 * donors included.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "workloads/lib/gtest.h"
#include "workloads/lib/vlmlib.h"
#include "workloads/lib/vlmos_user.h"

#define PAGE 8192UL

static uint64_t L;                          /* the per-process limit, bytes */

static uint64_t limit(void)
{
    if (!L)
        L = gt_mem().proc_limit * PAGE;
    return L;
}

static void nap(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    nanosleep(&ts, NULL);
}

static inline uint64_t pattern(uint64_t o, uint64_t seed)
{
    return (o >> 3) * 0x9E3779B97F4A7C15UL ^ seed;
}

/* Write the pattern over [0, size) of handle h through a window of `win`
 * bytes that is remapped piece by piece, then verify it through the window
 * and by read requests.  Returns true if every word matched. */
static bool pattern_roundtrip(int h, uint64_t size, uint64_t win, uint64_t seed)
{
    static uint64_t buf[4096];
    int b = vlm_buf_create(h, 0, size);
    void *va = NULL;
    bool ok = b >= 0;

    for (int pass = 0; pass < 2 && ok; pass++)
        for (uint64_t off = 0; off < size && ok; off += win) {
            uint64_t len = size - off < win ? size - off : win;
            void *m = vlm_map(b, off, len, va, VLM_MAP_REPLACE, NULL);
            ok = m != NULL;
            va = m;
            volatile uint64_t *w = m;
            for (uint64_t i = 0; ok && i < len / 8; i++) {
                if (pass == 0)
                    w[i] = pattern(off + 8 * i, seed);
                else
                    ok = w[i] == pattern(off + 8 * i, seed);
            }
        }
    for (uint64_t off = 0; off < size && ok; off += sizeof(buf)) {
        size_t len = size - off < sizeof(buf) ? size - off : sizeof(buf);
        ok = vlm_read(h, off, buf, len) == (ssize_t)len;
        for (size_t i = 0; ok && i < len / 8; i++)
            ok = buf[i] == pattern(off + 8 * i, seed);
    }
    if (va)
        vlm_unmap(va);
    if (b >= 0)
        vlm_buf_release(b);
    return ok;
}

/* pids of live vlmdonor processes. */
static int donors(int *pids, int max)
{
    struct vprocinfo p;
    int n = 0;

    for (int slot = 0; (slot = procinfo(slot, &p)) > 0 && n < max; )
        if (!strcmp(p.name, "vlmdonor") && p.state != VPS_ZOMBIE)
            pids[n++] = p.pid;
    return n;
}

/* ---- donor counts (FIG. 7 702) ----------------------------------------- */

static void t_donor_counts(void)
{
    uint64_t l = limit();
    struct { uint64_t size; unsigned donors; } c[] = {
        { l, 0 }, { l + PAGE, 1 }, { 2 * l, 1 }, { 2 * l + PAGE, 2 }, { 4 * l, 3 }, { 5 * l, 4 },
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        struct vlm_alloc info;
        int h = vlm_alloc(c[i].size, 0, &info);
        CHECK(h >= 0);
        if (h < 0)
            continue;
        if (info.donors != c[i].donors || info.direct != l)
            printf("  %lu KiB: %u donors (want %u), %lu KiB direct\n",
                   (unsigned long)(c[i].size >> 10), info.donors, c[i].donors,
                   (unsigned long)(info.direct >> 10));
        CHECK(info.donors == c[i].donors);
        CHECK(info.direct == (c[i].size < l ? c[i].size : l));
        struct vlm_stat st;
        CHECK(vlm_stat(h, &st) == 0 && st.pages == c[i].size / PAGE && st.donors == c[i].donors);
        CHECK(vlm_free(h) == 0);
    }
}

/* ---- the pattern over the whole allocation, and zeroed frames ----------- */

static void t_pattern(void)
{
    uint64_t size = 6 * limit();
    struct vlm_alloc info;
    int h = vlm_alloc(size, 0, &info);
    CHECK(h >= 0 && info.donors == 5);
    CHECK(pattern_roundtrip(h, size, 2 * limit(), 0x1234));
    CHECK(vlm_free(h) == 0);
}

static void t_zeroed(void)
{
    static uint64_t buf[1024];
    uint64_t size = 3 * limit();
    for (int round = 0; round < 2; round++) {
        int h = vlm_alloc(size, 0, NULL);
        CHECK(h >= 0);
        if (h < 0)
            return;
        int b = vlm_buf_create(h, 0, size);
        volatile uint64_t *w = vlm_map(b, 0, size, NULL, 0, NULL);
        CHECK(w != NULL);
        bool zero = true;
        for (uint64_t i = 0; w && i < size / 8; i++) {
            zero &= w[i] == 0;
            w[i] = ~0UL;                             /* dirty every frame for the next round */
        }
        CHECK(zero);
        memset(buf, 0xA5, sizeof(buf));
        CHECK(vlm_write(h, size - sizeof(buf), buf, sizeof(buf)) == (ssize_t)sizeof(buf));
        vlm_unmap((void *)w);
        vlm_buf_release(b);
        CHECK(vlm_free(h) == 0);
    }
    /* The frames came back zero the second time although round 1 left them
     * all ones: the driver and the frame database clear them. */
}

/* ---- isolation -------------------------------------------------------- */

static void t_foreign_handle(void)
{
    int h = vlm_alloc(2 * limit(), 0, NULL);
    char arg[16];
    if (h < 0)
        printf("  vlm_alloc: %s\n", strerror(errno));
    CHECK(h >= 0);
    snprintf(arg, sizeof(arg), "%d", h);
    CHECK(gt_child("foreign", arg, NULL, 0) == 0);   /* every use was refused */
    CHECK(pattern_roundtrip(h, 2 * limit(), limit(), 7));   /* and nothing changed */
    CHECK(vlm_free(h) == 0);
}

/* A process that is not the handle's consumer, and not a donor: every use
 * of another's handle is EPERM, and its VLM_SHUTDOWN (it is not pid 1)
 * shuts down only its own requests (issue 18, finding 3). */
static int foreign(const char *arg)
{
    int h = atoi(arg), bad = 0;
    uint64_t x = 0;
    struct vlm_stat st;
    struct vlm_donor_range r = { 0x40000000, PAGE, 0 };

    bad += vlm_buf_create(h, 0, PAGE) != -1 || errno != EPERM;
    bad += vlm_read(h, 0, &x, 8) != -1 || errno != EPERM;
    bad += vlm_write(h, 0, &x, 8) != -1 || errno != EPERM;
    bad += vlm_stat(h, &st) != -1 || errno != EPERM;
    bad += vlm_free(h) != -1 || errno != EPERM;
    bad += vlm_shutdown() != 0;                      /* the consumer's roundtrip checks it */
    bad += vlm_stat(h + 1000, &st) != -1 || errno != EINVAL;   /* no such handle at all */
    bad += ioctl(vlm_fd(), VLM_DONOR_REGISTER, (long)&r) != -1 || errno != EPERM;
    bad += ioctl(vlm_fd(), VLM_DONOR_PENDING, 0) != -1 || errno != EPERM;
    return bad;
}

/* Donors touch what they donated: each is killed for it (the console says
 * "access to unmapped memory"), and the consumer's memory is unharmed. */
static void t_donor_cannot_touch(void)
{
    struct vlm_alloc info;
    int h = vlm_alloc(3 * limit(), VLM_TEST_DONOR_TOUCH, &info), pids[8];
    CHECK(h >= 0 && info.donors == 2);
    for (int i = 0; i < 100 && donors(pids, 8); i++)
        nap(1000);
    CHECK(donors(pids, 8) == 0);                     /* both were killed */
    CHECK(pattern_roundtrip(h, 3 * limit(), limit(), 99));
    CHECK(vlm_free(h) == 0);                         /* no donor left to wait for */
}

/* ---- abnormal paths ----------------------------------------------------- */

/* The consumer ends with a handle allocated, mapped and written. */
static void t_consumer_exits(void)
{
    CHECK(gt_child("hold-and-exit", NULL, NULL, 0) == 0);
}

static int hold_and_exit(void)
{
    int h = vlm_alloc(4 * limit(), 0, NULL), b = vlm_buf_create(h, 0, 4 * limit());
    volatile uint64_t *w = vlm_map(b, 0, 4 * limit(), NULL, 0, NULL);
    if (!w)
        return 1;
    for (uint64_t i = 0; i < 4 * limit() / 8; i += 1024)
        w[i] = i;
    return 0;                                        /* exit without vlm_free */
}

/* Start a child consumer that allocates `mult` limits, wait until donors
 * exist, then kill it: during allocation, or (after > 0) later. */
static void kill_consumer(const char *how, int mult)
{
    char arg[8];
    int pid, st, pids[32];
    snprintf(arg, sizeof(arg), "%d", mult);
    pid = gt_spawn(how, arg);
    CHECK(pid > 0);
    for (int i = 0; i < 2000 && donors(pids, 32) == 0; i++)
        sched_yield();
    if (!strcmp(how, "alloc-and-spin"))
        nap(20000);                                  /* let it finish allocating and run */
    CHECK(kill(pid, 9) == 0);
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 128 + VSIG_KILL);
}

static void t_consumer_killed_allocating(void) { kill_consumer("alloc", 8); }
static void t_consumer_killed_mapped(void)     { kill_consumer("alloc-and-spin", 3); }

static int alloc_child(const char *arg, bool spin)
{
    uint64_t size = (uint64_t)atoi(arg) * limit();
    int h = vlm_alloc(size, spin ? 0 : VLM_TEST_DONOR_SLOW, NULL);
    if (h < 0 || !spin)
        return h < 0 ? 1 : 0;
    int b = vlm_buf_create(h, 0, size);
    volatile uint64_t *w = vlm_map(b, 0, size, NULL, 0, NULL);
    for (;;)
        for (uint64_t i = 0; w && i < size / 8; i += 512)
            w[i]++;
}

/* A donor is killed while the allocation is still going on. */
static void t_donor_killed_allocating(void)
{
    int killer = gt_spawn("kill-a-donor", NULL), st;
    CHECK(killer > 0);
    int h = vlm_alloc(8 * limit(), VLM_TEST_DONOR_SLOW, NULL);
    if (h != -1 || errno != ECANCELED)
        printf("  vlm_alloc: %d (%s)\n", h, strerror(errno));
    CHECK(h == -1 && errno == ECANCELED);
    CHECK(vwait(killer, &st, NULL, 0) == killer && st == 0);
}

static int kill_a_donor(void)
{
    int pids[32], n;
    for (int i = 0; i < 100000; i++) {
        if ((n = donors(pids, 32)) > 0)
            return kill(pids[n - 1], 9) == 0 ? 0 : 2;
        sched_yield();
    }
    return 1;
}

/* Donors are killed while they hold the memory: the handle stays usable
 * (the driver owns the frames), and freeing it waits for nobody. */
static void t_donor_killed_holding(void)
{
    struct vlm_alloc info;
    int h = vlm_alloc(4 * limit(), 0, &info), pids[8], n = donors(pids, 8);
    CHECK(h >= 0 && info.donors == 3 && n == 3);
    for (int i = 0; i < n; i++)
        CHECK(kill(pids[i], 9) == 0);
    for (int i = 0; i < 100 && donors(pids, 8); i++)
        nap(1000);
    CHECK(pattern_roundtrip(h, 4 * limit(), 2 * limit(), 5));
    CHECK(vlm_free(h) == 0);
}

/* Job control on donors (issue 21): a donor stopped and continued while it
 * holds its memory keeps holding it (a stop is no terminate notification),
 * and the handle stays whole. */
static void t_donor_stopped_holding(void)
{
    struct vlm_alloc info;
    int h = vlm_alloc(4 * limit(), 0, &info), pids[8], n = donors(pids, 8);
    CHECK(h >= 0 && info.donors == 3 && n == 3);
    nap(10000);                                       /* they reach 814 and sleep there */
    for (int i = 0; i < n; i++)
        CHECK(kill(pids[i], VSIGSTOP) == 0);
    nap(10000);
    for (int i = 0; i < n; i++)
        CHECK(kill(pids[i], VSIGCONT) == 0);   /* Linux numbers, not picolibc's */
    nap(20000);
    CHECK(donors(pids, 8) == 3);                      /* none took the stop for the end */
    CHECK(pattern_roundtrip(h, 4 * limit(), 2 * limit(), 7));
    CHECK(vlm_free(h) == 0);
}

/* Driver shutdown with a handle in use: the donors' pending requests are
 * cancelled (they deallocate and end), the handle is gone. */
static void t_shutdown(void)
{
    int h = vlm_alloc(4 * limit(), 0, NULL), pids[8];
    struct vlm_stat st;
    CHECK(h >= 0 && pattern_roundtrip(h, 4 * limit(), 4 * limit(), 3));
    CHECK(vlm_shutdown() == 0);
    for (int i = 0; i < 100 && donors(pids, 8); i++)
        nap(1000);
    CHECK(donors(pids, 8) == 0);
    CHECK(vlm_stat(h, &st) == -1 && errno == EINVAL);
    CHECK(vlm_free(h) == -1 && errno == EINVAL);
    h = vlm_alloc(2 * limit(), 0, NULL);             /* the driver works again */
    CHECK(h >= 0 && vlm_free(h) == 0);
}

/* Another process's VLM_SHUTDOWN while a request is being allocated: only
 * pid 1 may shut the driver down for everybody, so the request completes. */
static void t_shutdown_allocating(void)
{
    int pid = gt_spawn("shutdown-when-donors", NULL), st;
    int h = vlm_alloc(8 * limit(), VLM_TEST_DONOR_SLOW, NULL);
    CHECK(h >= 0 && pattern_roundtrip(h, 8 * limit(), 4 * limit(), 9));
    CHECK(vwait(pid, &st, NULL, 0) == pid && st == 0);
    CHECK(h < 0 || vlm_free(h) == 0);
}

static int shutdown_when_donors(void)
{
    int pids[32];
    for (int i = 0; i < 100000; i++) {
        if (donors(pids, 32) > 0)
            return vlm_shutdown();
        sched_yield();
    }
    return 1;
}

/* Memory runs out at the k-th donor: a clean ENOMEM, everything given back. */
static void t_out_of_memory(void)
{
    struct vmeminfo m = gt_mem();
    int h = vlm_alloc(m.commit_limit * PAGE, 0, NULL);
    CHECK(h == -1 && errno == ENOMEM);
    h = vlm_alloc((m.commit_limit + 1) * PAGE, 0, NULL);   /* refused before any donor */
    CHECK(h == -1 && errno == ENOMEM);
}

/* ---- concurrency and a soak ------------------------------------------- */

static void t_two_consumers(void)
{
    int a = gt_spawn("consumer", "11"), b = gt_spawn("consumer", "22"), sa = -1, sb = -1;
    CHECK(a > 0 && b > 0);
    CHECK(vwait(a, &sa, NULL, 0) == a && vwait(b, &sb, NULL, 0) == b);
    if (sa || sb)
        printf("  consumers ended with %d and %d\n", sa, sb);
    CHECK(sa == 0 && sb == 0);
}

static int consumer(const char *arg)
{
    uint64_t size = 3 * limit() + 5 * PAGE;
    int h = vlm_alloc(size, 0, NULL);
    if (h < 0) {
        printf("  consumer %s: vlm_alloc: %s\n", arg, strerror(errno));
        return 1;
    }
    bool ok = pattern_roundtrip(h, size, limit(), (uint64_t)atoi(arg));
    if (!ok)
        printf("  consumer %s: the pattern did not survive\n", arg);
    int f = vlm_free(h);
    if (f)
        printf("  consumer %s: vlm_free: %s\n", arg, strerror(errno));
    return ok && f == 0 ? 0 : 2;
}

static void t_soak(void)
{
    uint64_t seed = 1;
    for (int i = 0; i < 24; i++) {
        seed = seed * 6364136223846793005UL + 1442695040888963407UL;
        uint64_t pages = 1 + (seed >> 33) % (5 * limit() / PAGE);
        int h = vlm_alloc(pages * PAGE, 0, NULL);
        CHECK(h >= 0);
        if (h < 0)
            break;
        uint64_t v = seed ^ (uint64_t)i, x = 0;
        CHECK(vlm_write(h, (pages - 1) * PAGE, &v, 8) == 8);
        CHECK(vlm_read(h, (pages - 1) * PAGE, &x, 8) == 8 && x == v);
        CHECK(vlm_read(h, pages * PAGE - 4, &x, 8) == -1 && errno == EINVAL);   /* past the end */
        CHECK(vlm_free(h) == 0);
    }
}

/* The interface refuses misuse with errors. */
static void t_bad_calls(void)
{
    int h = vlm_alloc(limit(), 0, NULL), b;
    uint64_t x;
    CHECK(h >= 0);
    CHECK(vlm_alloc(0, 0, NULL) == -1 && errno == EINVAL);
    CHECK(vlm_buf_create(h, 100, PAGE) == -1 && errno == EINVAL);          /* unaligned */
    CHECK(vlm_buf_create(h, 0, 2 * limit()) == -1 && errno == EINVAL);     /* too long */
    CHECK((b = vlm_buf_create(h, 0, limit())) >= 0);
    void *va = vlm_map(b, 0, PAGE, NULL, 0, NULL);
    CHECK(va != NULL);
    CHECK(vlm_map(b, 0, PAGE, va, 0, NULL) == NULL && errno == EINVAL);    /* occupied */
    CHECK(vlm_map(b, 0, PAGE, (void *)0x40000000, 0, NULL) == NULL && errno == EINVAL);   /* not the window */
    CHECK(vlm_buf_release(b) == -1 && errno == EBUSY);                     /* 610 before 612 */
    CHECK(vlm_unmap((char *)va + PAGE) == -1 && errno == EINVAL);
    CHECK(vlm_read(h, 0, (void *)0xFFFFFFFF80000000UL, 8) == -1 && errno == EFAULT);
    CHECK(vlm_read(h, ~0UL - 4, &x, 8) == -1 && errno == EINVAL);
    CHECK(ioctl(vlm_fd(), 0x564C0063, 0) == -1 && errno == ENOTTY);
    CHECK(vlm_unmap(va) == 0 && vlm_buf_release(b) == 0 && vlm_free(h) == 0);
}

/* ---- adversarial use (issue 10) ---------------------------------------- */

/* VLM_MAP takes only ranges inside the window [VLM_WINDOW, VLM_WINDOW_END). */
static void t_window_bounds(void)
{
    int h = vlm_alloc(limit(), 0, NULL), b = vlm_buf_create(h, 0, limit());
    struct timespec ts;
    CHECK(h >= 0 && b >= 0);
    /* The end bound once wrapped: this range covered page 0. */
    CHECK(vlm_map(b, 0, 2 * PAGE, (void *)0xFFFFFFFFFFFFE000UL, 0, NULL) == NULL && errno == EINVAL);
    CHECK(clock_gettime(CLOCK_MONOTONIC, (struct timespec *)0) == -1 && errno == EFAULT);
    CHECK(clock_gettime(CLOCK_MONOTONIC, (struct timespec *)PAGE) == -1 && errno == EFAULT);
    CHECK(vlm_map(b, 0, PAGE, (void *)(VLM_WINDOW_END + PAGE), 0, NULL) == NULL && errno == EINVAL);
    CHECK(vlm_map(b, 0, PAGE, (void *)VLM_WINDOW_END, 0, NULL) == NULL && errno == EINVAL);
    CHECK(vlm_map(b, 0, 2 * PAGE, (void *)(VLM_WINDOW_END - PAGE), 0, NULL) == NULL && errno == EINVAL);
    CHECK(vlm_map(b, 0, PAGE, (void *)(VLM_WINDOW - PAGE), 0, NULL) == NULL && errno == EINVAL);
    CHECK(vlm_map(b, 0, PAGE, (void *)(VLM_WINDOW_END + PAGE), VLM_MAP_REPLACE, NULL) == NULL &&
          errno == EINVAL);
    /* The last page of the window is the window's. */
    volatile uint64_t *last = vlm_map(b, 0, PAGE, (void *)(VLM_WINDOW_END - PAGE), 0, NULL);
    CHECK(last == (uint64_t *)(VLM_WINDOW_END - PAGE));
    if (last) {
        last[PAGE / 8 - 1] = 0x1234;
        CHECK(clock_gettime(CLOCK_MONOTONIC, &ts) == 0);
        CHECK(vlm_read(h, PAGE - 8, &ts, 8) == 8 && *(uint64_t *)&ts == 0x1234);
        CHECK(vlm_unmap((void *)last) == 0);
    }
    CHECK(vlm_buf_release(b) == 0 && vlm_free(h) == 0);
}

/* The window is reused after an unmap: a map/unmap cycle always gets the same
 * address back (the old driver moved on by 4 MiB per cycle and ran out of
 * window after 786,432 cycles).  arg: the number of cycles. */
static int window_cycles(const char *arg)
{
    long n = atol(arg);
    int h = vlm_alloc(limit(), 0, NULL), b = vlm_buf_create(h, 0, limit());
    char *first = NULL;
    if (h < 0 || b < 0)
        return 1;
    for (long i = 0; i < n; i++) {
        char *va = vlm_map(b, 0, 2 * PAGE, NULL, 0, NULL);
        if (!va || (first && va != first) || (uint64_t)va < VLM_WINDOW ||
            (uint64_t)va + 2 * PAGE > VLM_WINDOW_END || vlm_unmap(va)) {
            printf("  cycle %ld: va %p (first %p): %s\n", i, (void *)va, (void *)first, strerror(errno));
            return 2;
        }
        first = va;
    }
    /* Two live mappings get different addresses; the first's comes back. */
    char *a = vlm_map(b, 0, limit(), NULL, 0, NULL), *c = vlm_map(b, 0, PAGE, NULL, 0, NULL);
    bool ok = a && c && (c >= a + limit() || c + PAGE <= a);
    ok = ok && vlm_unmap(a) == 0 && vlm_map(b, 0, PAGE, NULL, 0, NULL) == a;
    printf("  %ld map/unmap cycles, every one at %p%s\n", n, (void *)first, ok ? "" : "; reuse FAILED");
    return ok && vlm_free(h) == 0 ? 0 : 3;
}

static void t_window_reuse(void)
{
    char why[VWHY_MAX];
    CHECK(gt_child("window-cycles", "20000", why, sizeof(why)) == 0);
}

/* The 10^6 cycles of the reproducer (make soak). */
static void t_window_reuse_big(void)
{
    char why[VWHY_MAX];
    CHECK(gt_child("window-cycles", "1000000", why, sizeof(why)) == 0);
}

static int busy(void)
{
    volatile unsigned long n = 0;
    while (n != ~0UL)                       /* until killed */
        n++;
    return 0;
}

/* Dead donors are reaped while the CPU is busy: 30 allocations with 3 donors
 * each beside a process that never sleeps (the idle loop never runs).  Once
 * only the idle loop reaped, 62 zombies filled the table and VLM_ALLOC failed
 * with EAGAIN. */
static void t_reap_busy(void)
{
    struct vmemaudit a0, a;
    int spinner = gt_spawn("busy", NULL), st, failed = 0;
    CHECK(spinner > 0 && memaudit(&a0) == 0);
    for (int i = 0; i < 30; i++) {
        int h = vlm_alloc(4 * limit(), 0, NULL);
        failed += h < 0 || vlm_free(h) != 0;
        CHECK(memaudit(&a) == 0);
        if (a.detached_zombies || a.slots > a0.slots) {
            printf("  cycle %d: %lu slots (%lu before), %lu unreaped zombies\n", i, a.slots,
                   a0.slots, a.detached_zombies);
            failed++;
            break;
        }
    }
    CHECK(failed == 0);
    CHECK(kill(spinner, SIGKILL) == 0 && vwait(spinner, &st, NULL, 0) == spinner);
}

/* A donation that fails half-way (no frame for a page, VLM_TEST_DONATE_NOMEM)
 * still takes the pages it moved out of the donor's TLB: each donor touched
 * its first page (a TLB entry), the driver took that page, then failed; the
 * donor's store to it must kill it (run.sh checks the report), and the
 * allocation fails with ENOMEM, every frame back. */
static void t_donate_nomem(void)
{
    CHECK(vlm_alloc(3 * limit(), VLM_TEST_DONATE_NOMEM, NULL) == -1 && errno == ENOMEM);
    int h = vlm_alloc(3 * limit(), 0, NULL);                /* the driver is fine afterwards */
    CHECK(h >= 0 && vlm_free(h) == 0);
}

/* ---- a consumer that forks (issue 21) ----------------------------------- */

/* The child of a consumer gets a copy-on-write copy of its memory but not
 * its window (the range is empty: a load there kills it) nor its handles
 * (a handle has one consumer); the parent's window keeps its data, and the
 * books balance with the window and shared pages side by side.  The runner
 * checks that every frame is back. */
static void t_consumer_forks(void)
{
    uint64_t size = 2 * limit();
    int h = vlm_alloc(size, 0, NULL), st = -1;
    int b = h >= 0 ? vlm_buf_create(h, 0, size) : -1;
    volatile uint64_t *w = b >= 0 ? vlm_map(b, 0, size, NULL, 0, NULL) : NULL;

    CHECK(w != NULL);
    if (!w)
        return;
    w[0] = 0x1111;
    w[size / 8 - 1] = 0x2222;
    long pid = vsyscall(SYS_clone, VSIGCHLD, 0, 0, 0, 0, 0);
    if (pid == 0) {
        struct vlm_stat vs;
        if (vlm_stat(h, &vs) == 0)
            _exit(3);                                 /* the parent's handle is not the child's */
        _exit((int)w[0]);                             /* never: the window is not inherited */
    }
    CHECK(pid > 0);
    struct vmemaudit au;
    CHECK(memaudit(&au) == 0 && au.unbalanced == 0 && au.proc_shared == au.cow_refs);
    CHECK(vsyscall(SYS_wait4, pid, (long)&st, 0, 0, 0, 0) == pid && st == VSIG_SEGV);
    CHECK(w[0] == 0x1111 && w[size / 8 - 1] == 0x2222);
    vlm_unmap((void *)w);
    vlm_buf_release(b);
    CHECK(vlm_free(h) == 0);
}

/* ---- the runner ------------------------------------------------------ */

static const struct gtest tests[] = {
    { "donor_counts", t_donor_counts, false },     { "pattern", t_pattern, false },
    { "zeroed", t_zeroed, false },                 { "foreign_handle", t_foreign_handle, false },
    { "donor_cannot_touch", t_donor_cannot_touch, false },
    { "consumer_exits", t_consumer_exits, false },
    { "consumer_killed_allocating", t_consumer_killed_allocating, false },
    { "consumer_killed_mapped", t_consumer_killed_mapped, false },
    { "donor_killed_allocating", t_donor_killed_allocating, false },
    { "donor_killed_holding", t_donor_killed_holding, false },
    { "donor_stopped_holding", t_donor_stopped_holding, false },
    { "shutdown", t_shutdown, false },             { "shutdown_allocating", t_shutdown_allocating, false },
    { "out_of_memory", t_out_of_memory, false },   { "two_consumers", t_two_consumers, false },
    { "soak", t_soak, false },                     { "bad_calls", t_bad_calls, false },
    { "window_bounds", t_window_bounds, false },   { "window_reuse", t_window_reuse, false },
    { "reap_busy", t_reap_busy, false },           { "donate_nomem", t_donate_nomem, false },
    { "consumer_forks", t_consumer_forks, false },
    { "window_reuse_big", t_window_reuse_big, true },
};

static int run_child(const char *name, const char *arg)
{
    if (!strcmp(name, "foreign")) return foreign(arg);
    if (!strcmp(name, "hold-and-exit")) return hold_and_exit();
    if (!strcmp(name, "alloc")) return alloc_child(arg, false);
    if (!strcmp(name, "alloc-and-spin")) return alloc_child(arg, true);
    if (!strcmp(name, "kill-a-donor")) return kill_a_donor();
    if (!strcmp(name, "shutdown-when-donors")) return shutdown_when_donors();
    if (!strcmp(name, "consumer")) return consumer(arg);
    if (!strcmp(name, "window-cycles")) return window_cycles(arg);
    if (!strcmp(name, "busy")) return busy();
    return gt_run_named(name);
}

int main(int argc, char **argv)
{
    return gt_main(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), run_child);
}
