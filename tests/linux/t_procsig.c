/* t_procsig.c — fork, signals and threads together (issue 21's integration):
 * a SIGCHLD handler reaping forked children; a threaded process that forks
 * from a thread (only the calling thread is copied); kill of a threaded
 * process; a process-directed signal taken by the one thread that does not
 * block it; pthread_kill to one thread; a SIGKILL to one thread ending its
 * whole process; handlers inherited across fork.  Compared with
 * qemu-riscv64 by tests/linux/run.sh (glibc and musl).  Every death here is
 * a SIGKILL: a default action's kill report would be VLM/OS output. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pid_t tid(void) { return (pid_t)syscall(SYS_gettid); }

static void nap(long us)
{
    struct timespec ts = { 0, us * 1000 };
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* ---- SIGCHLD reaps forked children -------------------------------------- */
static volatile sig_atomic_t reaped, status_sum;

static void on_chld(int sig, siginfo_t *si, void *uc)
{
    int st, save = errno;
    (void)sig, (void)si, (void)uc;
    while (waitpid(-1, &st, WNOHANG) > 0) {
        reaped++;
        status_sum += WEXITSTATUS(st);
    }
    errno = save;
}

static void chld_reaper(void)
{
    struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO | SA_RESTART };
    sigset_t block, old;

    sigemptyset(&sa.sa_mask);
    sigaction(SIGCHLD, &sa, NULL);
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    sigprocmask(SIG_BLOCK, &block, &old);
    for (int i = 1; i <= 5; i++)
        if (fork() == 0)
            _exit(i);
    while (reaped < 5)
        sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    signal(SIGCHLD, SIG_DFL);
    errno = 0;
    printf("sigchld: reaped %d, statuses sum %d, none left %d\n", (int)reaped, (int)status_sum,
           waitpid(-1, NULL, WNOHANG) == -1 && errno == ECHILD);
}

/* ---- fork from a thread of a threaded process ------------------------------ */
static volatile long ticks;
static volatile int stop_spinning;

static void *spinner(void *arg)
{
    (void)arg;
    while (!stop_spinning) {
        ticks++;
        nap(100);
    }
    return NULL;
}

static void *forker(void *arg)
{
    int p[2], st;
    char line[96] = "";
    (void)arg;

    if (pipe(p))
        return NULL;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        long before = ticks;
        nap(20000);                          /* the spinners would have ticked 100 times */
        int copied = ticks != before;
        pthread_t t;
        int made = pthread_create(&t, NULL, spinner, NULL) == 0;
        stop_spinning = 1;
        if (made)
            pthread_join(t, NULL);
        snprintf(line, sizeof(line), "child: pid is tid %d, spinners copied %d, new thread %d\n",
                 getpid() == tid(), copied, made);
        write(p[1], line, strlen(line));
        _exit(9);
    }
    close(p[1]);
    ssize_t n = read(p[0], line, sizeof(line) - 1);
    line[n > 0 ? n : 0] = 0;
    close(p[0]);
    printf("%s", line);
    printf("forker: wait %d, status %d\n", waitpid(pid, &st, 0) == pid, WEXITSTATUS(st));
    return NULL;
}

static void fork_in_thread(void)
{
    pthread_t s[3], f;
    long before;

    for (int i = 0; i < 3; i++)
        pthread_create(&s[i], NULL, spinner, NULL);
    pthread_create(&f, NULL, forker, NULL);
    pthread_join(f, NULL);
    before = ticks;
    nap(5000);
    printf("parent's spinners still run: %d\n", ticks > before);
    stop_spinning = 1;
    for (int i = 0; i < 3; i++)
        pthread_join(s[i], NULL);
    stop_spinning = 0;
}

/* ---- a threaded child, killed ------------------------------------------------ */
static void *sleeper(void *arg)
{
    (void)arg;
    for (;;)
        pause();
    return NULL;
}

static void kill_threaded(int by_thread)
{
    int p[2], st;
    char c;

    if (pipe(p))
        return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t[4];
        for (int i = 0; i < 4; i++)
            pthread_create(&t[i], NULL, sleeper, NULL);
        if (by_thread) {
            write(p[1], "r", 1);
            nap(1000);
            pthread_kill(t[2], SIGKILL);     /* one thread's SIGKILL ends them all */
        } else {
            write(p[1], "r", 1);
        }
        for (;;)
            pause();
    }
    close(p[1]);
    read(p[0], &c, 1);
    close(p[0]);
    if (!by_thread)
        kill(pid, SIGKILL);
    printf("%s: wait %d, signaled %d by %d\n", by_thread ? "pthread_kill(SIGKILL)" : "kill(SIGKILL)",
           waitpid(pid, &st, 0) == pid, WIFSIGNALED(st), WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* A threaded child stopped (wait4 WUNTRACED sees it), continued, killed. */
static void stop_threaded(void)
{
    int p[2], st = 0;
    char c;

    if (pipe(p))
        return;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        pthread_t t[3];
        for (int i = 0; i < 3; i++)
            pthread_create(&t[i], NULL, sleeper, NULL);
        write(p[1], "r", 1);
        for (;;)
            pause();
    }
    close(p[1]);
    read(p[0], &c, 1);
    close(p[0]);
    kill(pid, SIGSTOP);
    int w1 = waitpid(pid, &st, WUNTRACED) == pid;
    printf("stopped: wait %d, stopped %d by %d\n", w1, WIFSTOPPED(st), WIFSTOPPED(st) ? WSTOPSIG(st) : 0);
    kill(pid, SIGCONT);
    kill(pid, SIGKILL);
    int w2 = waitpid(pid, &st, 0) == pid;
    printf("continued and killed: wait %d, signaled %d by %d\n", w2, WIFSIGNALED(st),
           WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* ---- which thread takes a signal ------------------------------------------- */
static volatile pid_t took_usr1, took_usr2;
static volatile int ready;
static pid_t tids[4];

static void on_usr(int sig)
{
    if (sig == SIGUSR1)
        took_usr1 = tid();
    else
        took_usr2 = tid();
}

static void *waiter(void *arg)
{
    int i = (int)(long)arg;
    sigset_t m;

    sigemptyset(&m);
    if (i != 3)                              /* only thread 3 takes SIGUSR1 */
        sigaddset(&m, SIGUSR1);
    pthread_sigmask(SIG_SETMASK, &m, NULL);
    tids[i] = tid();
    __atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
    while (!took_usr1 || !took_usr2)
        nap(200);
    return NULL;
}

static void thread_targets(void)
{
    pthread_t t[4];
    sigset_t m, old;

    signal(SIGUSR1, on_usr);
    signal(SIGUSR2, on_usr);
    sigemptyset(&m);
    sigaddset(&m, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &m, &old);    /* the main thread blocks it too */
    for (long i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, waiter, (void *)i);
    while (ready < 4)
        nap(200);
    kill(getpid(), SIGUSR1);                 /* process-directed */
    pthread_kill(t[1], SIGUSR2);             /* that thread only */
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    printf("kill: taken by the thread that does not block it %d (not the caller %d)\n",
           took_usr1 == tids[3], took_usr1 != tid());
    printf("pthread_kill: taken by its thread %d\n", took_usr2 == tids[1]);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

/* ---- handlers across fork ----------------------------------------------------- */
static volatile int got;

static void on_hup(int sig)
{
    got = sig;
}

static void handler_fork(void)
{
    int st;

    signal(SIGHUP, on_hup);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        raise(SIGHUP);                       /* the parent's handler, on the copied trampoline */
        signal(SIGTERM, on_hup);             /* and one the child installs itself */
        raise(SIGTERM);
        _exit(got == SIGTERM ? 4 : 5);
    }
    waitpid(pid, &st, 0);
    printf("handler across fork: child status %d, parent's handler untouched %d\n",
           WEXITSTATUS(st), got == 0);
    signal(SIGHUP, SIG_DFL);
}

int main(void)
{
    chld_reaper();
    fork_in_thread();
    kill_threaded(0);
    kill_threaded(1);
    stop_threaded();
    thread_targets();
    handler_fork();
    return 0;
}
