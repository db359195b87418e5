#define _GNU_SOURCE
/* VLM/OS only (issue 21): a threaded process gives every frame back when
 * its last thread ends.  The parent (no argument) takes memaudit, spawns
 * itself (VLM/OS's spawn) in each mode, waits, and takes memaudit again:
 * the books balance and every figure is back where it was.  Modes:
 *   join   8 threads that allocate, touch their stacks, and are joined
 *   group  a thread calls exit(3) while five others spin or sleep (it first
 *          checks what procinfo shows: 7 threads, one tgid, one leader)
 *   fault  a thread stores to NULL while the others run (the whole process dies)
 *   leader the main thread leaves first (pthread_exit), the others later
 *   vlm    a VLM consumer with threads: the main thread allocates 64 MiB
 *          (donors) and makes a buffer, a thread maps it into the window and
 *          writes it, another reads it there and through VLM_READ (the
 *          handle is the process's, not a thread's); the main thread leaves
 *          first and the last thread ends with the map and handle still held */
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "guestos/abi/vlmos.h"       /* memaudit, spawn, wait (run.sh builds with -I.) */
#include "vlmdrv/vlm_abi.h"

#define VLM_MB 64
static int vfd, vhandle, vbuf;
static char *vwin;

static volatile int running;
static pthread_attr_t small;           /* 256 KiB stacks: every mode fits a 40 MiB limit */

static void *busy(void *arg)
{
    char stack[64 * 1024];                    /* touched: stack pages become resident */
    char *heap = malloc(256 * 1024);
    memset(stack, (int)(long)arg, sizeof(stack));
    memset(heap, 1, 256 * 1024);
    __atomic_add_fetch(&running, 1, __ATOMIC_SEQ_CST);
    return (void *)(long)(stack[100] + heap[1000]);
}

static void *spin(void *arg)
{
    struct timespec ts = { 0, 100000 };
    busy(arg);
    while (running >= 0)
        if (arg)
            nanosleep(&ts, NULL);
    return NULL;
}

/* What procinfo (ps) shows of this process now: its threads, one leader. */
static void show_threads(void)
{
    struct vprocinfo pi;
    int n = 0, leaders = 0, counted = 0;

    for (long slot = 0; (slot = syscall(SYS_procinfo, slot, &pi)) > 0; )
        if (pi.tgid == getpid() && pi.state != VPS_ZOMBIE) {
            n++;
            leaders += pi.pid == pi.tgid;
            counted = pi.nthreads;
        }
    printf("procinfo: %d threads of pid %s, nthreads %d, %d leader\n", n,
           getpid() == gettid() ? "= tid (wrong)" : "!= tid", counted, leaders);
}

static void *ender(void *arg)
{
    struct timespec ms = { 0, 1000000 };
    while (__atomic_load_n(&running, __ATOMIC_SEQ_CST) < 5)
        nanosleep(&ms, NULL);
    if (!arg)
        show_threads();
    if (arg)
        *(volatile int *)0 = 1;
    exit(3);
}

/* Thread 1 of the vlm mode: map the buffer into the window, fill it. */
static void *vlm_mapper(void *arg)
{
    struct vlm_map m = { .buf = vbuf, .length = VLM_MB << 20 };
    (void)arg;
    if (ioctl(vfd, VLM_MAP, &m) < 0)
        return (void *)1L;
    vwin = (char *)m.va;
    for (long i = 0; i < VLM_MB << 20; i += 4096)
        vwin[i] = (char)(i >> 12);
    return NULL;
}

/* Thread 2: read the window the other thread mapped, and the handle. */
static void *vlm_reader(void *arg)
{
    char b[16];
    struct vlm_rw rw = { .handle = vhandle, .offset = 5 << 12, .buf = (uint64_t)b, .length = 1 };
    int bad = 0;
    (void)arg;
    for (long i = 0; i < VLM_MB << 20; i += 4096)
        bad += vwin[i] != (char)(i >> 12);
    if (ioctl(vfd, VLM_READ, &rw) < 0 || b[0] != 5)
        bad++;
    printf("vlm: a thread read the window another mapped: %s\n", bad ? "WRONG" : "ok");
    struct timespec ms = { 0, 2000000 };
    nanosleep(&ms, NULL);                     /* outlive the main thread */
    return NULL;
}

static int vlm_child(void)
{
    struct vlm_alloc a = { .size = VLM_MB << 20 };
    struct vlm_buf b = { .offset = 0, .length = VLM_MB << 20 };
    pthread_t t[2];

    if ((vfd = open(VLM_DEVICE, O_RDWR)) < 0 || ioctl(vfd, VLM_ALLOC, &a) < 0)
        return 4;
    printf("vlm: %d MiB from %s\n", VLM_MB, a.donors ? "donors" : "the direct part only");
    b.handle = vhandle = a.handle;
    if (ioctl(vfd, VLM_BUF_CREATE, &b) < 0)
        return 5;
    vbuf = b.buf;
    void *rv;
    pthread_create(&t[0], &small, vlm_mapper, NULL);
    pthread_join(t[0], &rv);
    if (rv)
        return 6;
    pthread_create(&t[1], &small, vlm_reader, NULL);
    pthread_exit(NULL);                       /* the reader ends the process, the map still up */
}

static int child(const char *mode)
{
    pthread_t t[8];

    if (!strcmp(mode, "vlm"))
        return vlm_child();
    if (!strcmp(mode, "join")) {
        for (int i = 0; i < 8; i++)
            pthread_create(&t[i], &small, busy, (void *)(long)i);
        for (int i = 0; i < 8; i++)
            pthread_join(t[i], NULL);
        return 0;
    }
    if (!strcmp(mode, "leader")) {
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], &small, busy, (void *)(long)i);
        pthread_exit(NULL);
    }
    for (int i = 0; i < 5; i++)
        pthread_create(&t[i], &small, spin, (void *)(long)(i & 1));
    pthread_create(&t[5], &small, ender, (void *)(long)!strcmp(mode, "fault"));
    pthread_join(t[0], NULL);
    return 1;
}

/* memaudit once the VLM driver's donors are gone (they end after their
 * consumer: bounded wait). */
static void audit(struct vmemaudit *a)
{
    struct timespec ms = { 0, 1000000 };
    struct vlm_stat st = { .handle = -1 };
    int f = open(VLM_DEVICE, O_RDWR);

    for (int i = 0; f >= 0 && i < 2000 && (ioctl(f, VLM_STAT, &st) < 0 || st.drv_donors); i++)
        nanosleep(&ms, NULL);
    if (f >= 0)
        close(f);
    if (syscall(SYS_memaudit, a) != 0)
        printf("memaudit failed\n");
}

int main(int argc, char **argv)
{
    static const char *const modes[] = { "join", "group", "fault", "leader", "vlm" };
    struct vmemaudit a0, a1;
    char self[64] = "";

    pthread_attr_init(&small);
    pthread_attr_setstacksize(&small, 256 * 1024);
    if (argc > 1)
        return child(argv[1]);
    if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
        return 2;
    printf("threads: spawning %s in 5 modes\n", self);   /* stdout's buffer: before a0 */
    audit(&a0);
    for (int m = 0; m < 5; m++) {
        const char *args[] = { self, modes[m], NULL };
        char why[VWHY_MAX] = "";
        int status = -1;
        long pid = syscall(SYS_spawn, self, args);
        long r = syscall(SYS_wait, pid, &status, why, sizeof(why));
        audit(&a1);
        printf("%s: wait %s status %d why \"%s\"\n", modes[m], r == pid ? "ok" : "bad", status, why);
        printf("%s: unbalanced %lu, slots %lu->%lu, zombies %lu, resident %lu->%lu, "
               "tables %lu->%lu, committed %lu->%lu, kernel %lu->%lu, vlm %lu->%lu\n", modes[m],
               a1.unbalanced, a0.slots, a1.slots, a1.zombies, a0.proc_resident, a1.proc_resident,
               a0.proc_ptables, a1.proc_ptables, a0.committed, a1.committed, a0.state[3],
               a1.state[3], a0.state[6], a1.state[6]);
        printf("%s: %s\n", modes[m], !a1.unbalanced && a1.slots == a0.slots && !a1.zombies &&
               a1.proc_resident == a0.proc_resident && a1.proc_ptables == a0.proc_ptables &&
               a1.committed == a0.committed && a1.state[3] == a0.state[3] &&
               a1.state[6] == a0.state[6] && a1.vlm_pool == a0.vlm_pool ? "all back" : "LEAK");
    }
    return 0;
}
