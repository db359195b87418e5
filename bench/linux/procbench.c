/* The Unix-process benchmark (scripts/bench.sh, section proc): each case
 * times N repetitions of one operation with CLOCK_MONOTONIC and prints
 * "CASE N US" (microseconds per operation).  Built static with glibc and run
 * unchanged under VLM/OS (--clock host: the guest's clock is the host's) and
 * qemu-riscv64.
 *
 *   procbench fork100 N        fork + _exit + wait of a process holding 100 MiB (the clock
 *                              starts once the 100 MiB is written)
 *   procbench forkexec N PROG [ARG...]  fork + execve(PROG, ARGs) + wait (a static hello;
 *                              under qemu-riscv64, which cannot run a RISC-V child
 *                              without binfmt_misc: qemu-riscv64 ./hello, as binfmt would)
 *   procbench futex N          a futex ping-pong between two threads (round trips)
 *   procbench signal N         raise(SIGUSR1) to a handler and back
 */
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static double t0;                          /* the clock's start: a case may move it past its set-up */

static void reap(pid_t pid, int want)
{
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != want) {
        fprintf(stderr, "procbench: child %d failed\n", (int)pid);
        exit(1);
    }
}

static void bench_fork100(long n)
{
    size_t len = 100u << 20;
    char *p = malloc(len);
    if (!p)
        exit(1);
    memset(p, 1, len);                       /* every page resident: COW shares them all */
    t0 = now_us();                           /* making 100 MiB resident is not the fork's cost */
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(p[i % len] == 1 ? 0 : 1);
        reap(pid, 0);
    }
    free(p);
}

static void bench_forkexec(long n, char **argv)
{
    for (long i = 0; i < n; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            close(1);                        /* hello's line goes nowhere (EBADF) */
            execv(argv[0], argv);
            _exit(127);
        }
        reap(pid, 0);
    }
}

static atomic_int turn;                      /* 0: main's turn, 1: the thread's */
static long rounds;

static void fwait(atomic_int *a, int v)
{
    while (atomic_load(a) == v)
        syscall(SYS_futex, a, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void fwake(atomic_int *a, int v)
{
    atomic_store(a, v);
    syscall(SYS_futex, a, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void *ponger(void *arg)
{
    (void)arg;
    for (long i = 0; i < rounds; i++) {
        fwait(&turn, 0);
        fwake(&turn, 0);
    }
    return NULL;
}

static void bench_futex(long n)
{
    pthread_t t;
    rounds = n;
    if (pthread_create(&t, NULL, ponger, NULL))
        exit(1);
    for (long i = 0; i < n; i++) {
        fwake(&turn, 1);
        fwait(&turn, 1);
    }
    pthread_join(t, NULL);
}

static volatile sig_atomic_t hits;
static void on_usr1(int sig) { (void)sig; hits++; }

static void bench_signal(long n)
{
    struct sigaction sa = { .sa_handler = on_usr1 };
    sigaction(SIGUSR1, &sa, NULL);
    for (long i = 0; i < n; i++)
        raise(SIGUSR1);
    if (hits != n)
        exit(1);
}

int main(int argc, char **argv)
{
    long n = argc > 2 ? atol(argv[2]) : 0;
    const char *c = argc > 1 ? argv[1] : "";

    t0 = now_us();
    if (n <= 0) {
        fprintf(stderr, "usage: procbench fork100|forkexec|futex|signal N [PROG]\n");
        return 2;
    }
    if (!strcmp(c, "fork100"))
        bench_fork100(n);
    else if (!strcmp(c, "forkexec") && argc > 3)
        bench_forkexec(n, argv + 3);
    else if (!strcmp(c, "futex"))
        bench_futex(n);
    else if (!strcmp(c, "signal"))
        bench_signal(n);
    else
        return 2;
    printf("%s %ld %.2f\n", c, n, (now_us() - t0) / n);
    return 0;
}
