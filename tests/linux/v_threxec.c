#define _GNU_SOURCE
/* VLM/OS only (issue 21's integration): execve in a threaded process, and
 * fork + exec from one.  qemu-riscv64 cannot exec a RISC-V program (this
 * machine has no binfmt_misc), so run.sh checks these lines itself.  The
 * parent (no argument) takes memaudit, spawns itself in each mode, waits,
 * and takes memaudit again: every frame, table and slot is back.  Modes:
 *   thread  a thread that is not the leader execs /proc/self/exe while
 *           three others sleep and the leader waits in pthread_join: the
 *           others end, the new image has the process's pid and one thread
 *   leader  the same after the leader left first (pthread_exit)
 *   fork    a threaded process with a handler (its trampoline page shared
 *           copy-on-write by the fork) forks from a thread; the child (one
 *           thread) runs the handler, execs /proc/self/exe, and the parent
 *           reaps it
 *   term    pthread_kill(SIGTERM) to one thread, no handler: the default
 *           action ends every thread (status 143, the kill report's why)
 * The exec'd image ("execd PID") checks its pid and thread count and that
 * a handler runs (its trampoline page is the new image's), then exits 7. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "guestos/abi/vlmos.h"       /* memaudit, spawn, wait, procinfo (run.sh builds with -I.) */

static char self[64], pidarg[16];
static volatile int got;

static void nap(long us)
{
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Live threads of this process, by procinfo. */
static int threads_now(void)
{
    struct vprocinfo pi;
    int n = 0;

    for (long slot = 0; (slot = syscall(SYS_procinfo, slot, &pi)) > 0; )
        n += pi.tgid == getpid() && pi.state != VPS_ZOMBIE;
    return n;
}

static void on_usr1(int sig)
{
    got = sig;
}

static int execd(const char *before)
{
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    printf("execd: pid kept %d, pid is tid %d, threads %d, handler %d\n",
           getpid() == atoi(before), getpid() == gettid(), threads_now(),
           got == SIGUSR1);
    return 7;
}

static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        nap(1000);
    return NULL;
}

static void *execer(void *arg)
{
    nap((long)arg);
    execl(self, self, "execd", pidarg, (char *)NULL);
    printf("execl failed: errno %d\n", errno);
    exit(2);
}

static void *forker(void *arg)
{
    int st;
    (void)arg;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGUSR2);                      /* the parent's handler, on the shared trampoline */
        if (got != SIGUSR2)
            _exit(2);
        snprintf(pidarg, sizeof(pidarg), "%d", getpid());
        execl(self, self, "execd", pidarg, (char *)NULL);
        _exit(2);
    }
    printf("fork: child wait %d status %d\n", waitpid(pid, &st, 0) == pid, WEXITSTATUS(st));
    fflush(stdout);
    exit(0);
}

static int child(const char *mode)
{
    pthread_t t[4];

    snprintf(pidarg, sizeof(pidarg), "%d", getpid());
    for (int i = 0; i < 3; i++)
        pthread_create(&t[i], NULL, sleeper, NULL);
    if (!strcmp(mode, "term")) {
        nap(2000);
        pthread_kill(t[1], SIGTERM);
        for (;;)
            nap(1000);                       /* ended with the others */
    }
    if (!strcmp(mode, "fork")) {
        signal(SIGUSR2, on_usr1);
        pthread_create(&t[3], NULL, forker, NULL);
        pthread_join(t[3], NULL);
        return 3;
    }
    printf("%s: %d threads before the exec\n", mode, threads_now() + 1);
    fflush(stdout);
    pthread_create(&t[3], NULL, execer, (void *)(strcmp(mode, "leader") ? 2000L : 20000L));
    if (!strcmp(mode, "leader"))
        pthread_exit(NULL);
    pthread_join(t[3], NULL);
    return 3;                                /* not reached: the exec ends this thread */
}

int main(int argc, char **argv)
{
    static const char *const modes[] = { "thread", "leader", "fork", "term" };
    struct vmemaudit a0, a1;

    if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
        return 2;
    if (argc > 2 && !strcmp(argv[1], "execd"))
        return execd(argv[2]);
    if (argc > 1)
        return child(argv[1]);
    printf("threxec: 4 modes\n");            /* stdout's buffer: before a0 */
    fflush(stdout);
    syscall(SYS_memaudit, &a0);
    for (int m = 0; m < 4; m++) {
        const char *args[] = { self, modes[m], NULL };
        char why[VWHY_MAX] = "";
        int status = -1;
        long pid = syscall(SYS_spawn, self, args);
        long r = syscall(SYS_wait, pid, &status, why, sizeof(why));
        syscall(SYS_memaudit, &a1);
        printf("%s: wait %s status %d why \"%s\"\n", modes[m], r == pid ? "ok" : "bad", status, why);
        printf("%s: %s (unbalanced %lu, slots %lu->%lu, zombies %lu, resident %lu->%lu, "
               "committed %lu->%lu)\n", modes[m],
               !a1.unbalanced && a1.slots == a0.slots && !a1.zombies &&
               a1.proc_resident == a0.proc_resident && a1.proc_ptables == a0.proc_ptables &&
               a1.committed == a0.committed && a1.state[3] == a0.state[3] ? "all back" : "LEAK",
               a1.unbalanced, a0.slots, a1.slots, a1.zombies, a0.proc_resident,
               a1.proc_resident, a0.committed, a1.committed);
        fflush(stdout);
    }
    return 0;
}
