#define _GNU_SOURCE
/* VLM/OS only (issue 21): a threaded process gives every frame back when
 * its last thread ends.  The parent (no argument) takes memaudit, spawns
 * itself (VLM/OS's spawn) in each mode, waits, and takes memaudit again:
 * the books balance and every figure is back where it was.  Modes:
 *   join   8 threads that allocate, touch their stacks, and are joined
 *   group  a thread calls exit(3) while five others spin or sleep (it first
 *          checks what procinfo shows: 7 threads, one tgid, one leader)
 *   fault  a thread stores to NULL while the others run (the whole process dies)
 *   leader the main thread leaves first (pthread_exit), the others later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "guestos/abi/vlmos.h"       /* memaudit, spawn, wait (run.sh builds with -I.) */

static volatile int running;

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

static int child(const char *mode)
{
    pthread_t t[8];

    if (!strcmp(mode, "join")) {
        for (int i = 0; i < 8; i++)
            pthread_create(&t[i], NULL, busy, (void *)(long)i);
        for (int i = 0; i < 8; i++)
            pthread_join(t[i], NULL);
        return 0;
    }
    if (!strcmp(mode, "leader")) {
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, busy, (void *)(long)i);
        pthread_exit(NULL);
    }
    for (int i = 0; i < 5; i++)
        pthread_create(&t[i], NULL, spin, (void *)(long)(i & 1));
    pthread_create(&t[5], NULL, ender, (void *)(long)!strcmp(mode, "fault"));
    pthread_join(t[0], NULL);
    return 1;
}

static void audit(struct vmemaudit *a)
{
    if (syscall(SYS_memaudit, a) != 0)
        printf("memaudit failed\n");
}

int main(int argc, char **argv)
{
    static const char *const modes[] = { "join", "group", "fault", "leader" };
    struct vmemaudit a0, a1;
    char self[64] = "";

    if (argc > 1)
        return child(argv[1]);
    if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
        return 2;
    printf("threads: spawning %s in 4 modes\n", self);   /* stdout's buffer: before a0 */
    audit(&a0);
    for (int m = 0; m < 4; m++) {
        const char *args[] = { self, modes[m], NULL };
        char why[VWHY_MAX] = "";
        int status = -1;
        long pid = syscall(SYS_spawn, self, args);
        long r = syscall(SYS_wait, pid, &status, why, sizeof(why));
        audit(&a1);
        printf("%s: wait %s status %d why \"%s\"\n", modes[m], r == pid ? "ok" : "bad", status, why);
        printf("%s: unbalanced %lu, slots %lu->%lu, zombies %lu, resident %lu->%lu, "
               "tables %lu->%lu, committed %lu->%lu, kernel %lu->%lu\n", modes[m], a1.unbalanced,
               a0.slots, a1.slots, a1.zombies, a0.proc_resident, a1.proc_resident, a0.proc_ptables,
               a1.proc_ptables, a0.committed, a1.committed, a0.state[3], a1.state[3]);
        printf("%s: %s\n", modes[m], !a1.unbalanced && a1.slots == a0.slots && !a1.zombies &&
               a1.proc_resident == a0.proc_resident && a1.proc_ptables == a0.proc_ptables &&
               a1.committed == a0.committed && a1.state[3] == a0.state[3] ? "all back" : "LEAK");
    }
    return 0;
}
